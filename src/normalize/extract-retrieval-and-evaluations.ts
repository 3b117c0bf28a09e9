/**
 * Pure: retrieved documents (id, score, content, metadata) and evaluation/feedback scores of a span.
 * Documents: `gen_ai.retrieval.documents` JSON (OTel 1.40+), OpenInference
 * `retrieval.documents.N.document.*`, OpenLLMetry `db.query.result` span events.
 * Evaluations: `gen_ai.evaluation.result` span events (OTel 1.38+), OpenInference
 * `evaluations.N.evaluation.*` / `annotations.N.annotation.*`.
 */
import { GENAI, OPENINFERENCE, TRACELOOP } from '../semconv.js';
import { indexedList, structured, toNumber } from './read-attributes.js';
import type { AttrValue, EvaluationScore, RetrievalDocument, SpanInput } from './span-input.js';

function idText(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : null;
}

function metadataOf(v: unknown): AttrValue | null {
  if (v === undefined || v === null) return null;
  const parsed = structured(v as AttrValue);
  return (parsed ?? v) as AttrValue;
}

/** Returns the documents a retrieval recorded ([] when it recorded an empty result), or null when none are recorded. */
export function extractRetrievalDocuments(span: SpanInput, isRetrieval: boolean, convention: string): RetrievalDocument[] | null {
  const a = span.attributes;
  if (GENAI.retrievalDocuments in a) {
    const docs = structured(a[GENAI.retrievalDocuments]);
    if (Array.isArray(docs)) {
      return docs.map((d) => {
        const o = (d ?? {}) as Record<string, unknown>;
        return { id: idText(o.id), score: toNumber(o.score as AttrValue), content: typeof o.content === 'string' ? o.content : null, metadata: metadataOf(o.metadata) };
      });
    }
  }
  const oi = indexedList(a, OPENINFERENCE.retrievalPrefix);
  if (oi.length > 0) {
    return oi.map((d) => ({
      id: idText(d['document.id']),
      score: toNumber(d['document.score']),
      content: typeof d['document.content'] === 'string' ? (d['document.content'] as string) : null,
      metadata: metadataOf(d['document.metadata']),
    }));
  }
  const events = span.events.filter((e) => e.name === TRACELOOP.dbQueryResultEvent);
  if (events.length > 0) {
    return events.map((e) => ({
      id: idText(e.attributes['db.query.result.id']),
      score: toNumber(e.attributes['db.query.result.score']),
      content: typeof e.attributes['db.query.result.document'] === 'string' ? (e.attributes['db.query.result.document'] as string) : null,
      metadata: metadataOf(e.attributes['db.query.result.metadata']),
    }));
  }
  // OpenInference retrievers and OpenLLMetry vector queries record their documents on the span
  // itself (attributes / db.query.result events): none recorded means none found
  return isRetrieval && (convention === 'openinference' || convention === 'openllmetry') ? [] : null;
}

/** Returns the span's evaluation scores, or null when it carries none. */
export function extractEvaluations(span: SpanInput): EvaluationScore[] | null {
  const out: EvaluationScore[] = [];
  for (const e of span.events) {
    if (e.name !== GENAI.evaluationEvent) continue;
    const name = e.attributes[GENAI.evaluationName];
    out.push({
      name: typeof name === 'string' ? name : 'evaluation',
      score: toNumber(e.attributes[GENAI.evaluationScore]),
      label: typeof e.attributes[GENAI.evaluationLabel] === 'string' ? (e.attributes[GENAI.evaluationLabel] as string) : null,
      explanation: typeof e.attributes[GENAI.evaluationExplanation] === 'string' ? (e.attributes[GENAI.evaluationExplanation] as string) : null,
      source: `event:${GENAI.evaluationEvent}`,
    });
  }
  for (const [prefix, field] of [[OPENINFERENCE.evaluationsPrefix, 'evaluation'], [OPENINFERENCE.annotationsPrefix, 'annotation']] as const) {
    for (const ev of indexedList(span.attributes, prefix)) {
      const name = ev[`${field}.name`];
      out.push({
        name: typeof name === 'string' ? name : field,
        score: toNumber(ev[`${field}.score`]),
        label: typeof ev[`${field}.label`] === 'string' ? (ev[`${field}.label`] as string) : null,
        explanation: typeof ev[`${field}.explanation`] === 'string' ? (ev[`${field}.explanation`] as string) : null,
        source: `attributes:${prefix}N`,
      });
    }
  }
  return out.length ? out : null;
}
