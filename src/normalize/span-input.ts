/**
 * The shapes the normalize layer reads and writes. Input is one span with its attributes already
 * decoded from OTLP `KeyValue` lists into plain values; output is the convention-independent GenAI
 * columns stored on every span row.
 */

/**
 * A decoded attribute value. OTLP `intValue`s beyond 2^53 arrive as `bigint`, kvlists as plain
 * objects, arrays as arrays, bytes as base64 strings. e.g. `{ "gen_ai.usage.input_tokens": 812 }`
 */
export type AttrValue = string | number | boolean | bigint | null | AttrValue[] | { [key: string]: AttrValue };

export type Attributes = Record<string, AttrValue>;

export interface SpanEventInput {
  name: string;
  timeUnixNano: bigint;
  attributes: Attributes;
}

/** One span as the normalizer sees it. `kind` and `statusCode` use OTLP numbering. */
export interface SpanInput {
  name: string;
  kind: number; // 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer
  statusCode: number; // 0 unset, 1 ok, 2 error
  statusMessage: string;
  startTimeUnixNano: bigint;
  attributes: Attributes;
  resourceAttributes: Attributes;
  scopeName: string;
  scopeVersion: string;
  events: SpanEventInput[];
}

/** Operation kinds spanlens distinguishes. */
export type Operation =
  | 'chat'
  | 'text_completion'
  | 'embeddings'
  | 'retrieval'
  | 'execute_tool'
  | 'invoke_agent'
  | 'other';

/** Instrumentation families spanlens recognises. */
export type Convention =
  | 'otel_genai' // OpenTelemetry GenAI semantic conventions, any version 1.26+
  | 'openinference'
  | 'openllmetry'
  | 'langfuse'
  | 'vercel_ai'
  | 'unknown';

export interface RetrievalDocument {
  id: string | null;
  score: number | null;
  content: string | null;
  metadata: AttrValue | null;
}

export interface EvaluationScore {
  name: string;
  score: number | null;
  label: string | null;
  explanation: string | null;
  source: string; // where it was found, e.g. "event:gen_ai.evaluation.result"
}

/** The normalized GenAI columns of one span. Every field is null when the span does not carry it. */
export interface NormalizedGenAi {
  convention: Convention;
  operation: Operation;
  sessionId: string | null;
  userId: string | null;
  provider: string | null; // lowercased, e.g. "openai", "anthropic", "gcp.vertex_ai"
  requestModel: string | null;
  responseModel: string | null;
  /** Total input tokens, always including cache reads and writes (made so where a family excludes them). */
  inputTokens: number | null;
  outputTokens: number | null; // includes reasoning tokens
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  totalTokens: number | null;
  /** True when usage on this span is a roll-up of child calls (e.g. Vercel `ai.generateText`), not a model call of its own. */
  usageIsAggregate: boolean;
  finishReasons: string[] | null;
  temperature: number | null;
  toolName: string | null;
  toolCallId: string | null;
  errorType: string | null;
  promptText: string | null;
  completionText: string | null;
  retrievalDocuments: RetrievalDocument[] | null;
  evaluations: EvaluationScore[] | null;
  /** Cost the instrumentation recorded itself (OpenInference `llm.cost.total`, Langfuse `cost_details`), USD. */
  recordedCostUsd: number | null;
  agentName: string | null;
}
