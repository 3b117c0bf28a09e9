/**
 * Pure: evaluation / feedback results attached to a span, in this order:
 * 1. span events `gen_ai.evaluation.result` (OTel 1.38+; the convention sends them as log events,
 *    but SDKs and bridges also put them on the evaluated span), with `gen_ai.evaluation.name`,
 *    `.score.value`, `.score.label`, `.explanation`; source "event:gen_ai.evaluation.result";
 * 2. OpenInference `evaluations.N.evaluation.*`, then the equivalent `annotations.N.annotation.*`
 *    (Arize-ai/openinference spec/annotations.md), in numeric N order; source
 *    "attributes:evaluations" / "attributes:annotations".
 * A result needs a name and at least one of score, label or explanation (as the OpenInference spec
 * requires); an event without a name is kept as "evaluation". The spec lets a producer carry one
 * result in both OpenInference forms: a repeat with the same name, score, label and explanation is
 * kept once. Trace- and session-scoped feedback (`trace.evaluations.*`, `session.evaluations.*`)
 * is not the span's own and is not read.
 */
import { GENAI, OPENINFERENCE } from '../semconv.js';
import { attr, indexedList, toNumber, toText } from './read-attributes.js';
import type { EvaluationScore, SpanInput } from './span-input.js';

function score(name: string | null, value: unknown, label: unknown, explanation: unknown, source: string): EvaluationScore | null {
  const s = { score: toNumber(value), label: toText(label), explanation: toText(explanation) };
  if (name === null || (s.score === null && s.label === null && s.explanation === null)) return null;
  return { name, ...s, source };
}

function fromEvents(span: SpanInput): EvaluationScore[] {
  return span.events
    .filter((e) => e.name === GENAI.evaluationEvent)
    .map((e) =>
      score(
        toText(attr(e.attributes, GENAI.evaluationName)) ?? 'evaluation',
        attr(e.attributes, GENAI.evaluationScore),
        attr(e.attributes, GENAI.evaluationLabel),
        attr(e.attributes, GENAI.evaluationExplanation),
        `event:${GENAI.evaluationEvent}`,
      ),
    )
    .filter((s): s is EvaluationScore => s !== null);
}

function fromAttributes(span: SpanInput, prefix: string, entry: string): EvaluationScore[] {
  const source = `attributes:${prefix.replace(/\.$/, '')}`;
  const { feedbackName, feedbackScore, feedbackLabel, feedbackExplanation } = OPENINFERENCE;
  return indexedList(span.attributes, prefix)
    .map((e) =>
      score(toText(e.get(entry + feedbackName)), e.get(entry + feedbackScore), e.get(entry + feedbackLabel), e.get(entry + feedbackExplanation), source),
    )
    .filter((s): s is EvaluationScore => s !== null);
}

const sameResult = (a: EvaluationScore, b: EvaluationScore): boolean =>
  a.name === b.name && a.score === b.score && a.label === b.label && a.explanation === b.explanation;

/** Returns the span's evaluation results, or null when it carries none. */
export function extractEvaluations(span: SpanInput): EvaluationScore[] | null {
  const events = fromEvents(span);
  const flattened: EvaluationScore[] = [];
  for (const s of [...fromAttributes(span, OPENINFERENCE.evaluationsPrefix, OPENINFERENCE.evaluationEntry), ...fromAttributes(span, OPENINFERENCE.annotationsPrefix, OPENINFERENCE.annotationEntry)]) {
    if (!flattened.some((kept) => sameResult(kept, s))) flattened.push(s);
  }
  const all = [...events, ...flattened];
  return all.length ? all : null;
}
