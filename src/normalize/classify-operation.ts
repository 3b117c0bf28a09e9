/**
 * Pure: what a span does (operation), who served it (provider) and which models were asked for and
 * answered, across conventions.
 */
import { GENAI, LANGFUSE, OPENINFERENCE, TRACELOOP, VERCEL } from '../semconv.js';
import { structured, text } from './read-attributes.js';
import type { Attributes, Operation, SpanInput } from './span-input.js';

const GENAI_OPERATIONS: Record<string, Operation> = {
  chat: 'chat',
  generate_content: 'chat',
  text_completion: 'text_completion',
  completion: 'text_completion',
  embeddings: 'embeddings',
  retrieval: 'retrieval',
  search_memory: 'retrieval',
  execute_tool: 'execute_tool',
  invoke_agent: 'invoke_agent',
  create_agent: 'invoke_agent',
  invoke_workflow: 'invoke_agent',
};

const OPENINFERENCE_KINDS: Record<string, Operation> = {
  LLM: 'chat',
  EMBEDDING: 'embeddings',
  RETRIEVER: 'retrieval',
  RERANKER: 'retrieval',
  TOOL: 'execute_tool',
  AGENT: 'invoke_agent',
};

const LANGFUSE_TYPES: Record<string, Operation> = {
  generation: 'chat',
  embedding: 'embeddings',
  retriever: 'retrieval',
  tool: 'execute_tool',
  agent: 'invoke_agent',
};

const TRACELOOP_REQUEST_TYPES: Record<string, Operation> = {
  chat: 'chat',
  completion: 'text_completion',
  embedding: 'embeddings',
  rerank: 'retrieval',
};

/** Returns the span's operation kind. */
export function classifyOperation(span: SpanInput): Operation {
  const a = span.attributes;
  const genai = text(a, GENAI.operationName);
  if (genai && GENAI_OPERATIONS[genai]) return GENAI_OPERATIONS[genai]!;
  const oi = text(a, OPENINFERENCE.spanKind);
  if (oi) {
    const op = OPENINFERENCE_KINDS[oi.toUpperCase()];
    if (op === 'chat' && 'llm.prompts.0.prompt.text' in a) return 'text_completion';
    if (op) return op;
  }
  const lf = text(a, LANGFUSE.observationType);
  if (lf && LANGFUSE_TYPES[lf.toLowerCase()]) return LANGFUSE_TYPES[lf.toLowerCase()]!;
  const vercelOp = text(a, VERCEL.operationId);
  if (vercelOp) {
    if (/\.doEmbed$/.test(vercelOp)) return 'embeddings';
    if (/\.(doGenerate|doStream)$/.test(vercelOp)) return 'chat';
    if (vercelOp === 'ai.toolCall') return 'execute_tool';
    return 'other'; // ai.generateText / ai.streamText / ai.embed roots: usage there is a roll-up
  }
  const tlType = text(a, TRACELOOP.requestType);
  if (tlType && TRACELOOP_REQUEST_TYPES[tlType]) return TRACELOOP_REQUEST_TYPES[tlType]!;
  const tlKind = text(a, TRACELOOP.spanKind);
  if (tlKind === 'tool') return 'execute_tool';
  if (tlKind === 'agent') return 'invoke_agent';
  if (span.events.some((e) => e.name === TRACELOOP.dbQueryResultEvent) || GENAI.retrievalDocuments in a || TRACELOOP.vectorTopK in a) return 'retrieval';
  if (GENAI.toolName in a || GENAI.toolCallId in a) return 'execute_tool';
  if (!tlKind && (GENAI.requestModel in a || GENAI.responseModel in a) && !span.name.startsWith('invoke_agent')) return 'chat';
  return 'other';
}

// lowercase OTel spelling for names older instrumentations wrote differently
const PROVIDER_ALIASES: Record<string, string> = {
  xai: 'x_ai',
  mistralai: 'mistral_ai',
  vertexai: 'gcp.vertex_ai',
  vertex_ai: 'gcp.vertex_ai',
  gemini: 'gcp.gemini',
  'az.ai.openai': 'azure.ai.openai',
  'az.ai.inference': 'azure.ai.inference',
  azure: 'azure.ai.openai',
  bedrock: 'aws.bedrock',
  'amazon-bedrock': 'aws.bedrock',
  google: 'gcp.gen_ai',
};

/** Returns the provider in lowercase OTel form, e.g. "OpenAI" → "openai", Vercel "openai.chat" → "openai". */
export function extractProvider(a: Attributes): string | null {
  let p = text(a, GENAI.providerName, GENAI.system, OPENINFERENCE.system, OPENINFERENCE.provider);
  if (!p) {
    const vercel = text(a, VERCEL.modelProvider); // e.g. "openai.responses", "anthropic.messages"
    p = vercel ? vercel.split('.')[0]! : null;
  }
  if (!p) return null;
  const lower = p.toLowerCase();
  return PROVIDER_ALIASES[lower] ?? lower;
}

function invocationParameter(a: Attributes, key: string): unknown {
  const params = structured(a[OPENINFERENCE.invocationParameters]);
  return params && typeof params === 'object' && !Array.isArray(params) ? (params as Record<string, unknown>)[key] : undefined;
}

/** Returns the requested and the answering model. */
export function extractModels(a: Attributes): { requestModel: string | null; responseModel: string | null } {
  const invModel = invocationParameter(a, 'model');
  const responseModel = text(a, GENAI.responseModel, OPENINFERENCE.responseModelName, OPENINFERENCE.modelName, VERCEL.responseModel, LANGFUSE.modelName);
  const requestModel =
    text(a, GENAI.requestModel, OPENINFERENCE.requestModelName) ??
    (typeof invModel === 'string' ? invModel : null) ??
    text(a, VERCEL.modelId, LANGFUSE.modelName, OPENINFERENCE.modelName);
  return { requestModel, responseModel };
}

/** Returns the sampling temperature the call asked for. */
export function extractTemperature(a: Attributes): number | null {
  const direct = a[GENAI.temperature] ?? a[VERCEL.temperature];
  const v = direct ?? (invocationParameter(a, 'temperature') as Attributes[string] | undefined);
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}
