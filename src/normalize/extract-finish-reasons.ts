/**
 * Pure: why the model stopped, as a list with one entry per choice, lowercased (Gemini's "STOP" and
 * "MAX_TOKENS" become "stop" and "max_tokens" like everyone else's).
 *
 * First present of: `gen_ai.response.finish_reasons` (string[], or a JSON array string as some
 * SDKs write it, or a lone string); the single-value `llm.finish_reason` (OpenInference),
 * `ai.response.finishReason` (Vercel), `gen_ai.response.finish_reason` / `llm.response.finish_reason`
 * (OpenLLMetry); OpenLLMetry ≤v0.54 `gen_ai.completion.N.finish_reason`; the `finish_reason` of each
 * message in `gen_ai.output.messages`, `gen_ai.completion` or the `gen_ai.content.completion` event.
 */
import { GENAI, OPENINFERENCE, TRACELOOP, VERCEL } from '../semconv.js';
import { attr, field, indexedList, stringList, structured, text, toText } from './read-attributes.js';
import type { SpanInput } from './span-input.js';

function lower(list: string[] | null): string[] | null {
  return list && list.length ? list.map((r) => r.toLowerCase()) : null;
}

function fromMessages(v: unknown): string[] | null {
  const parsed = structured(v);
  const list = Array.isArray(parsed) ? parsed : parsed === null ? [] : [parsed];
  const reasons = list.map((m) => toText(field(m, 'finish_reason'))).filter((r): r is string => r !== null);
  return reasons.length ? reasons : null;
}

/** Returns the span's finish reasons, or null when it recorded none. */
export function extractFinishReasons(span: SpanInput): string[] | null {
  const a = span.attributes;
  const listed = stringList(attr(a, GENAI.finishReasons));
  if (listed) return lower(listed);
  const single = text(a, OPENINFERENCE.finishReason, VERCEL.finishReason, TRACELOOP.finishReason, TRACELOOP.finishReasonOld);
  if (single !== null) return lower([single]);
  const perChoice = indexedList(a, TRACELOOP.completionPrefix)
    .map((c) => toText(c.get(TRACELOOP.messageFinishReason)))
    .filter((r): r is string => r !== null);
  if (perChoice.length) return lower(perChoice);
  const event = span.events.find((e) => e.name === GENAI.contentCompletionEvent);
  return lower(
    fromMessages(attr(a, GENAI.outputMessages)) ??
      fromMessages(attr(a, GENAI.completion)) ??
      (event ? fromMessages(attr(event.attributes, GENAI.completion)) : null),
  );
}
