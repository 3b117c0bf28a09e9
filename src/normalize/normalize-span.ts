/**
 * Pure: one span's attributes, in whatever convention wrote them → the convention-independent GenAI
 * columns (NormalizedGenAi). The only place attributes become columns; nothing downstream reads
 * attribute keys. Each field's sources and precedence are documented in its extractor:
 *
 *   convention           detect-convention.ts      (one family per span)
 *   operation, roll-up   classify-operation.ts
 *   tokens               extract-usage.ts          (input includes cache; output includes reasoning)
 *   session, user, agent extract-identity.ts
 *   provider, models     extract-model.ts
 *   prompt, completion   extract-messages.ts       (render-messages.ts for the text form)
 *   finish reasons       extract-finish-reasons.ts
 *   tool name / call id  extract-tool-call.ts
 *   error type           extract-error.ts
 *   documents            extract-retrieval.ts
 *   evaluations          extract-evaluations.ts
 *   recorded cost        extract-cost.ts
 *
 * `usageIsAggregate` is true when a span carries usage but is not itself one model call: a known
 * roll-up (Vercel ai.generateText / ai.streamText / ai.generateObject / ai.streamObject / ai.embed
 * roots, GenAI invoke_agent / invoke_workflow roots, Vercel v7 agent steps), or any span whose
 * operation is not chat, text_completion or embeddings (e.g. a .NET `orchestrate_tools` span
 * repeating its calls' gen_ai.usage.*). Summing usage over spans where it is false counts each model
 * call once.
 *
 * Never throws: the readers tolerate wrong value types, and each field is computed in isolation so a
 * bug in one extractor costs that field (null), not the span.
 */
import { classifyOperation, type Classification } from './classify-operation.js';
import { detectConvention } from './detect-convention.js';
import { extractRecordedCost } from './extract-cost.js';
import { extractErrorType } from './extract-error.js';
import { extractEvaluations } from './extract-evaluations.js';
import { extractFinishReasons } from './extract-finish-reasons.js';
import { extractAgentName, extractIdentity } from './extract-identity.js';
import { extractCompletionText, extractPromptText } from './extract-messages.js';
import { extractModels, extractProvider, extractTemperature } from './extract-model.js';
import { extractRetrievalDocuments } from './extract-retrieval.js';
import { extractToolCall } from './extract-tool-call.js';
import { extractUsage, hasUsage, NO_USAGE } from './extract-usage.js';
import type { Convention, NormalizedGenAi, Operation, SpanInput } from './span-input.js';

const MODEL_CALLS: ReadonlySet<Operation> = new Set(['chat', 'text_completion', 'embeddings']);

/** Returns fn's result, or the fallback when it throws (it should not; this keeps one field's bug local). */
function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** Returns the normalized GenAI columns of a span. */
export function normalizeSpan(span: SpanInput): NormalizedGenAi {
  const a = span.attributes ?? {};
  const s: SpanInput = { ...span, attributes: a, resourceAttributes: span.resourceAttributes ?? {}, events: span.events ?? [] };
  const convention = safely<Convention>(() => detectConvention(s), 'unknown');
  const { operation, isRollup } = safely<Classification>(() => classifyOperation(s), { operation: 'other', isRollup: false });
  const usage = safely(() => extractUsage(a, convention), NO_USAGE);
  const identity = safely(() => extractIdentity(s), { sessionId: null, userId: null });
  const models = safely(() => extractModels(a), { requestModel: null, responseModel: null });
  const tool = safely(() => extractToolCall(s, operation), { toolName: null, toolCallId: null });
  return {
    convention,
    operation,
    ...identity,
    provider: safely(() => extractProvider(a, convention), null),
    ...models,
    ...usage,
    usageIsAggregate: hasUsage(usage) && (isRollup || !MODEL_CALLS.has(operation)),
    finishReasons: safely(() => extractFinishReasons(s), null),
    temperature: safely(() => extractTemperature(a), null),
    ...tool,
    errorType: safely(() => extractErrorType(s), null),
    promptText: safely(() => extractPromptText(s), null),
    completionText: safely(() => extractCompletionText(s), null),
    retrievalDocuments: safely(() => extractRetrievalDocuments(s, operation, convention), null),
    evaluations: safely(() => extractEvaluations(s), null),
    recordedCostUsd: safely(() => extractRecordedCost(a), null),
    agentName: safely(() => extractAgentName(s), null),
  };
}
