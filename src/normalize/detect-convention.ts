/**
 * Pure: which instrumentation family wrote a span. One answer per span, even when a span carries
 * several families' attributes (Google ADK under OpenInference writes gen_ai.* and llm.*; Vercel
 * v4–v6 call spans repeat gen_ai.*; OpenLLMetry writes gen_ai.*; Langfuse's propagation copies
 * langfuse.trace.metadata.* onto other instrumentations' spans).
 *
 * Precedence, first match wins:
 * 1. Own markers, most specific first — each family's span-kind/usage keys or scope name:
 *    1. langfuse       `langfuse.observation.*`, scope `langfuse-sdk` / `langfuse-rb`
 *    2. openinference  `openinference.span.kind`, `llm.token_count.*`, `llm.input_messages.*`,
 *                      `llm.output_messages.*`, `llm.model_name`, scope `openinference.instrumentation.*` /
 *                      `@arizeai/openinference-*`
 *    3. vercel_ai      `ai.operationId`, `ai.usage.*`, `ai.telemetry.*`, `ai.model.*`, `ai.settings.*`,
 *                      `ai.prompt*`, `ai.response.*`, `ai.toolCall.*`, scope `ai`
 *    4. openllmetry    `traceloop.span.kind`, `traceloop.entity.*`, `traceloop.workflow.name`,
 *                      `llm.request.type`, flattened `gen_ai.prompt.N.*` / `gen_ai.completion.N.*`,
 *                      `llm.usage.*`, vector-DB `db.vector.query.top_k` or `db.query.result` /
 *                      `db.search.result` events, scope `traceloop*` / `@traceloop/*`
 *    5. otel_genai     any `gen_ai.*` attribute or `gen_ai.*` span event
 * 2. Identity-only markers (a span with nothing else): `langfuse.trace.*` / `langfuse.session.id` /
 *    `langfuse.user.id` → langfuse; `traceloop.association.properties.*` → openllmetry.
 * 3. Otherwise unknown.
 * So an ADK span (gen_ai.usage.* + llm.token_count.*) is openinference, a Vercel doGenerate span
 * (ai.* + gen_ai.*) is vercel_ai, and an OpenLLMetry span (gen_ai.* + llm.request.type) is openllmetry.
 */
import { GENAI, LANGFUSE, OPENINFERENCE, TRACELOOP, VERCEL } from '../semconv.js';
import { attr, hasPrefix, indexedList } from './read-attributes.js';
import type { Attributes, Convention, SpanInput } from './span-input.js';

function isLangfuse(a: Attributes, scope: string): boolean {
  return hasPrefix(a, LANGFUSE.observationPrefix) || (LANGFUSE.scopeNames as readonly string[]).includes(scope);
}

function isOpenInference(a: Attributes, scope: string): boolean {
  return (
    attr(a, OPENINFERENCE.spanKind) !== undefined ||
    attr(a, OPENINFERENCE.modelName) !== undefined ||
    hasPrefix(a, OPENINFERENCE.tokenCountPrefix) ||
    hasPrefix(a, OPENINFERENCE.inputMessagesPrefix) ||
    hasPrefix(a, OPENINFERENCE.outputMessagesPrefix) ||
    OPENINFERENCE.scopePrefixes.some((p) => scope.startsWith(p))
  );
}

function isVercel(a: Attributes, scope: string): boolean {
  return attr(a, VERCEL.operationId) !== undefined || scope === VERCEL.scopeName || VERCEL.markerPrefixes.some((p) => hasPrefix(a, p));
}

function isOpenLlmetry(span: SpanInput): boolean {
  const a = span.attributes;
  return (
    attr(a, TRACELOOP.spanKind) !== undefined ||
    attr(a, TRACELOOP.requestType) !== undefined ||
    attr(a, TRACELOOP.workflowName) !== undefined ||
    hasPrefix(a, TRACELOOP.entityPrefix) ||
    hasPrefix(a, TRACELOOP.usagePrefixOld) ||
    indexedList(a, TRACELOOP.promptPrefix).length > 0 || // ≤v0.54 flattened messages, e.g. gen_ai.prompt.0.content
    indexedList(a, TRACELOOP.completionPrefix).length > 0 ||
    attr(a, TRACELOOP.vectorTopK) !== undefined ||
    span.events.some((e) => e.name === TRACELOOP.dbQueryResultEvent || e.name === TRACELOOP.dbSearchResultEvent) ||
    TRACELOOP.scopePrefixes.some((p) => (span.scopeName ?? '').startsWith(p))
  );
}

function isOtelGenAi(span: SpanInput): boolean {
  return hasPrefix(span.attributes, GENAI.prefix) || span.events.some((e) => e.name.startsWith(GENAI.prefix));
}

/** Returns the span's convention family (see the module comment for the precedence). */
export function detectConvention(span: SpanInput): Convention {
  const a = span.attributes;
  const scope = span.scopeName ?? '';
  if (isLangfuse(a, scope)) return 'langfuse';
  if (isOpenInference(a, scope)) return 'openinference';
  if (isVercel(a, scope)) return 'vercel_ai';
  if (isOpenLlmetry(span)) return 'openllmetry';
  if (isOtelGenAi(span)) return 'otel_genai';
  if (hasPrefix(a, LANGFUSE.tracePrefix) || attr(a, LANGFUSE.sessionId) !== undefined || attr(a, LANGFUSE.userId) !== undefined) return 'langfuse';
  if (hasPrefix(a, TRACELOOP.associationPrefix)) return 'openllmetry';
  return 'unknown';
}
