/**
 * Pure: what a span does (operation) and whether it is a known roll-up of other spans' model calls.
 *
 * Precedence, first classifier with an answer wins:
 * 1. Vercel `ai.operationId`: `*.doGenerate` / `*.doStream` → chat, `*.doEmbed` → embeddings,
 *    `*.doRerank` → retrieval, `ai.toolCall` → execute_tool; the roots `ai.generateText`,
 *    `ai.streamText`, `ai.generateObject`, `ai.streamObject` → invoke_agent and `ai.embed`,
 *    `ai.embedMany` → embeddings, `ai.rerank` → retrieval, all roll-ups (their usage repeats their
 *    children's); anything else → other.
 * 2. `langfuse.observation.type`: generation → chat, embedding, retriever → retrieval, tool, agent
 *    (span, event, chain, guardrail, evaluator say nothing: fall through). Langfuse's OpenAI wrapper
 *    records embeddings as generations ("OpenAI.embeddings", model text-embedding-3-small): a
 *    generation whose span name or `langfuse.observation.model.name` contains "embed" → embeddings.
 * 3. `openinference.span.kind`: LLM → chat (text_completion with `llm.prompts.*`), EMBEDDING,
 *    RETRIEVER / RERANKER → retrieval, TOOL, AGENT (CHAIN, GUARDRAIL, EVALUATOR, PROMPT, UNKNOWN fall
 *    through).
 * 4. `gen_ai.operation.name`: chat, generate_content → chat, text_completion, embeddings, retrieval,
 *    search_memory / rerank → retrieval, execute_tool, invoke_agent / create_agent / invoke_workflow →
 *    invoke_agent (a roll-up: Vercel v7 `invoke_agent` roots carry their steps' usage), agent_step
 *    (Vercel v7) → other roll-up; unknown values fall through.
 * 5. OpenLLMetry `llm.request.type` (chat, completion, embedding, rerank → retrieval), then
 *    `traceloop.span.kind` tool / agent.
 * 6. Shape: `db.query.result` / `db.search.result` events, `gen_ai.retrieval.documents` or
 *    `db.vector.query.top_k` → retrieval; `gen_ai.tool.name` / `gen_ai.tool.call.id` → execute_tool;
 *    `gen_ai.request.model` / `gen_ai.response.model` on a span that is not an OpenLLMetry
 *    workflow/task → chat (GenAI 1.26 had no operation attribute).
 * 7. Otherwise other.
 */
import { GENAI, LANGFUSE, OPENINFERENCE, TRACELOOP, VERCEL } from '../semconv.js';
import { attr, hasPrefix, text } from './read-attributes.js';
import type { Operation, SpanInput } from './span-input.js';

/** A span's operation and whether it is a roll-up. */
export interface Classification {
  operation: Operation;
  /** True when the span, by its kind, repeats the usage of the model calls below it. */
  isRollup: boolean;
}

const call = (operation: Operation): Classification => ({ operation, isRollup: false });
const rollup = (operation: Operation): Classification => ({ operation, isRollup: true });

const VERCEL_ROOTS = new Map<string, Operation>([
  ['ai.generateText', 'invoke_agent'],
  ['ai.streamText', 'invoke_agent'],
  ['ai.generateObject', 'invoke_agent'],
  ['ai.streamObject', 'invoke_agent'],
  ['ai.embed', 'embeddings'],
  ['ai.embedMany', 'embeddings'],
  ['ai.rerank', 'retrieval'],
]);

const LANGFUSE_TYPES = new Map<string, Operation>([
  ['generation', 'chat'],
  ['embedding', 'embeddings'],
  ['retriever', 'retrieval'],
  ['tool', 'execute_tool'],
  ['agent', 'invoke_agent'],
]);

const OPENINFERENCE_KINDS = new Map<string, Operation>([
  ['LLM', 'chat'],
  ['EMBEDDING', 'embeddings'],
  ['RETRIEVER', 'retrieval'],
  ['RERANKER', 'retrieval'],
  ['TOOL', 'execute_tool'],
  ['AGENT', 'invoke_agent'],
]);

const GENAI_OPERATIONS = new Map<string, Classification>([
  ['chat', call('chat')],
  ['generate_content', call('chat')],
  ['text_completion', call('text_completion')],
  ['embeddings', call('embeddings')],
  ['retrieval', call('retrieval')],
  ['search_memory', call('retrieval')],
  ['rerank', call('retrieval')], // Vercel v7
  ['execute_tool', call('execute_tool')],
  ['invoke_agent', rollup('invoke_agent')],
  ['create_agent', rollup('invoke_agent')],
  ['invoke_workflow', rollup('invoke_agent')],
  ['agent_step', rollup('other')], // Vercel v7 step span
]);

const TRACELOOP_REQUEST_TYPES = new Map<string, Operation>([
  ['chat', 'chat'],
  ['completion', 'text_completion'],
  ['embedding', 'embeddings'],
  ['rerank', 'retrieval'],
]);

function fromVercel(span: SpanInput): Classification | null {
  const id = text(span.attributes, VERCEL.operationId);
  if (id === null) return null;
  const root = VERCEL_ROOTS.get(id);
  if (root) return rollup(root);
  if (/\.(doGenerate|doStream)$/.test(id)) return call('chat');
  if (/\.doEmbed$/.test(id)) return call('embeddings');
  if (/\.doRerank$/.test(id)) return call('retrieval');
  if (id === 'ai.toolCall') return call('execute_tool');
  return call('other');
}

function fromLangfuse(span: SpanInput): Classification | null {
  const type = text(span.attributes, LANGFUSE.observationType)?.toLowerCase();
  const op = type === undefined ? undefined : LANGFUSE_TYPES.get(type);
  if (op === 'chat' && /embed/i.test(`${span.name} ${text(span.attributes, LANGFUSE.modelName) ?? ''}`)) return call('embeddings');
  return op ? call(op) : null;
}

function fromOpenInference(span: SpanInput): Classification | null {
  const kind = text(span.attributes, OPENINFERENCE.spanKind)?.toUpperCase();
  const op = kind === undefined ? undefined : OPENINFERENCE_KINDS.get(kind);
  if (!op) return null;
  if (op === 'chat' && hasPrefix(span.attributes, OPENINFERENCE.promptsPrefix)) return call('text_completion');
  return call(op);
}

function fromGenAi(span: SpanInput): Classification | null {
  const name = text(span.attributes, GENAI.operationName)?.toLowerCase();
  return (name !== undefined && GENAI_OPERATIONS.get(name)) || null;
}

function fromTraceloop(span: SpanInput): Classification | null {
  const type = text(span.attributes, TRACELOOP.requestType)?.toLowerCase();
  const op = type === undefined ? undefined : TRACELOOP_REQUEST_TYPES.get(type);
  if (op) return call(op);
  const kind = text(span.attributes, TRACELOOP.spanKind)?.toLowerCase();
  if (kind === 'tool') return call('execute_tool');
  if (kind === 'agent') return call('invoke_agent');
  return null;
}

function fromShape(span: SpanInput): Classification | null {
  const a = span.attributes;
  const retrievalEvent = span.events.some((e) => e.name === TRACELOOP.dbQueryResultEvent || e.name === TRACELOOP.dbSearchResultEvent);
  if (retrievalEvent || attr(a, GENAI.retrievalDocuments) !== undefined || attr(a, TRACELOOP.vectorTopK) !== undefined) return call('retrieval');
  if (attr(a, GENAI.toolName) !== undefined || attr(a, GENAI.toolCallId) !== undefined) return call('execute_tool');
  const kind = text(a, TRACELOOP.spanKind)?.toLowerCase();
  const hasModel = text(a, GENAI.requestModel, GENAI.responseModel) !== null;
  if (hasModel && kind !== 'workflow' && kind !== 'task') return call('chat');
  return null;
}

const CLASSIFIERS = [fromVercel, fromLangfuse, fromOpenInference, fromGenAi, fromTraceloop, fromShape];

/** Returns the span's operation and whether it is a roll-up (see the module comment for the precedence). */
export function classifyOperation(span: SpanInput): Classification {
  for (const classify of CLASSIFIERS) {
    const c = classify(span);
    if (c) return c;
  }
  return call('other');
}
