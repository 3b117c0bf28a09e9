/**
 * Pure: one span's attributes, in whatever convention wrote them → the convention-independent GenAI
 * columns (NormalizedGenAi). The only place attributes become columns; nothing downstream reads
 * attribute keys. See each extractor for its precedence and semantics.
 */
import { ATTR_ERROR_TYPE, ATTR_EXCEPTION_TYPE, EXCEPTION_EVENT, GENAI, LANGFUSE, OPENINFERENCE, TRACELOOP, VERCEL } from '../semconv.js';
import { classifyOperation, extractModels, extractProvider, extractTemperature } from './classify-operation.js';
import { detectConvention } from './detect-convention.js';
import { extractIdentity } from './extract-identity.js';
import { extractEvaluations, extractRetrievalDocuments } from './extract-retrieval-and-evaluations.js';
import { extractCompletion, extractPrompt, finishReasonsFromMessages } from './extract-text.js';
import { extractUsage } from './extract-usage.js';
import { indexedList, number, structured, text, toNumber } from './read-attributes.js';
import type { Attributes, NormalizedGenAi, SpanInput } from './span-input.js';

const MODEL_CALLS = new Set(['chat', 'text_completion', 'embeddings']);

function finishReasons(a: Attributes): string[] | null {
  const v = a[GENAI.finishReasons];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  const parsed = structured(v);
  if (Array.isArray(parsed)) return parsed.filter((x): x is string => typeof x === 'string');
  if (typeof v === 'string' && v !== '') return [v];
  const single = text(a, OPENINFERENCE.finishReason, VERCEL.finishReason, 'gen_ai.response.finish_reason');
  if (single) return [single];
  const perChoice = indexedList(a, 'gen_ai.completion.')
    .map((c) => c['finish_reason'])
    .filter((r): r is string => typeof r === 'string');
  return perChoice.length ? perChoice : finishReasonsFromMessages(a);
}

function errorType(span: SpanInput): string | null {
  const direct = text(span.attributes, ATTR_ERROR_TYPE);
  if (direct) return direct;
  const exception = span.events.find((e) => e.name === EXCEPTION_EVENT);
  const fromEvent = exception ? text(exception.attributes, ATTR_EXCEPTION_TYPE) : null;
  if (fromEvent) return fromEvent;
  const level = text(span.attributes, LANGFUSE.level);
  if (span.statusCode === 2 || level === 'ERROR') return '_OTHER'; // failed without saying how (OTel's fallback value)
  return null;
}

function recordedCost(a: Attributes): number | null {
  const oi = number(a, OPENINFERENCE.costTotal);
  if (oi !== null) return oi;
  const d = structured(a[LANGFUSE.costDetails]);
  if (d && typeof d === 'object' && !Array.isArray(d)) {
    const o = d as Record<string, unknown>;
    const total = toNumber(o.total as Attributes[string]);
    if (total !== null) return total;
    const parts = Object.values(o).map((v) => toNumber(v as Attributes[string])).filter((v): v is number => v !== null);
    return parts.length ? parts.reduce((s, v) => s + v, 0) : null;
  }
  return null;
}

/** Returns the normalized GenAI columns of a span. */
export function normalizeSpan(span: SpanInput): NormalizedGenAi {
  const a = span.attributes;
  const convention = detectConvention(span);
  const operation = classifyOperation(span);
  const usage = extractUsage(a, convention);
  const hasUsage = usage.inputTokens !== null || usage.outputTokens !== null;
  const { sessionId, userId } = extractIdentity(span);
  const { requestModel, responseModel } = extractModels(a);
  const isTool = operation === 'execute_tool';
  return {
    convention,
    operation,
    sessionId,
    userId,
    provider: extractProvider(a),
    requestModel,
    responseModel,
    ...usage,
    usageIsAggregate: hasUsage && !MODEL_CALLS.has(operation),
    finishReasons: finishReasons(a),
    temperature: extractTemperature(a),
    toolName: text(a, GENAI.toolName, OPENINFERENCE.toolName, VERCEL.toolCallName) ?? (isTool ? text(a, TRACELOOP.entityName) ?? span.name : null),
    toolCallId: text(a, GENAI.toolCallId, OPENINFERENCE.toolId, VERCEL.toolCallId),
    errorType: errorType(span),
    promptText: extractPrompt(span),
    completionText: extractCompletion(span),
    retrievalDocuments: extractRetrievalDocuments(span, operation === 'retrieval', convention),
    evaluations: extractEvaluations(span),
    recordedCostUsd: recordedCost(a),
    agentName: text(a, GENAI.agentName, OPENINFERENCE.agentName, VERCEL.functionId),
  };
}
