/**
 * Pure: the documents a retrieval returned (id, score, content, metadata), in rank order.
 *
 * First present of:
 * 1. `gen_ai.retrieval.documents` (OTel 1.40+): a JSON string or structured list of
 *    `{id, score, content?, metadata?}` (`text` is accepted for content);
 * 2. OpenInference `retrieval.documents.N.document.{id,score,content,metadata}` in numeric N order
 *    (metadata is a JSON string and is parsed), then a RERANKER span's
 *    `reranker.output_documents.N.document.*`;
 * 3. OpenLLMetry span events `db.query.result` (`db.query.result.{id,score,document,metadata}`),
 *    then `db.search.result` (`db.search.result.{id,score,entity}`), in event order.
 * A retrieval span (operation retrieval) of OpenInference or OpenLLMetry that recorded none of these
 * found nothing: those families record results on the span itself, so it gets [] (an empty result),
 * not null (unknown). A reranker (OpenInference RERANKER, OpenLLMetry `llm.request.type` rerank) is
 * not held to that: it may record its output elsewhere or not at all, so it gets null. Other spans
 * without documents get null.
 */
import { GENAI, OPENINFERENCE, TRACELOOP } from '../semconv.js';
import { attr, field, indexedList, structured, toNumber, toText } from './read-attributes.js';
import type { AttrValue, Convention, Operation, RetrievalDocument, SpanInput } from './span-input.js';

/** Returns metadata as a structured value: JSON strings parsed (JSON values are attribute values), others as they are. */
function metadataOf(v: unknown): AttrValue | null {
  if (v === undefined || v === null) return null;
  return (structured(v) ?? v) as AttrValue;
}

function document(id: unknown, score: unknown, content: unknown, metadata: unknown): RetrievalDocument {
  return { id: toText(id), score: toNumber(score), content: toText(content), metadata: metadataOf(metadata) };
}

function fromGenAi(span: SpanInput): RetrievalDocument[] | null {
  const docs = structured(attr(span.attributes, GENAI.retrievalDocuments));
  if (!Array.isArray(docs)) return null;
  return docs.map((d) => document(field(d, 'id'), field(d, 'score'), field(d, 'content') ?? field(d, 'text'), field(d, 'metadata')));
}

function fromOpenInference(span: SpanInput): RetrievalDocument[] | null {
  let docs = indexedList(span.attributes, OPENINFERENCE.retrievalPrefix);
  if (docs.length === 0) docs = indexedList(span.attributes, OPENINFERENCE.rerankerOutputPrefix);
  if (docs.length === 0) return null;
  return docs.map((d) =>
    document(d.get(OPENINFERENCE.documentId), d.get(OPENINFERENCE.documentScore), d.get(OPENINFERENCE.documentContent), d.get(OPENINFERENCE.documentMetadata)),
  );
}

function fromEvents(span: SpanInput): RetrievalDocument[] | null {
  const query = span.events.filter((e) => e.name === TRACELOOP.dbQueryResultEvent);
  if (query.length > 0) {
    return query.map((e) =>
      document(
        attr(e.attributes, TRACELOOP.dbQueryResultId),
        attr(e.attributes, TRACELOOP.dbQueryResultScore),
        attr(e.attributes, TRACELOOP.dbQueryResultDocument),
        attr(e.attributes, TRACELOOP.dbQueryResultMetadata),
      ),
    );
  }
  const search = span.events.filter((e) => e.name === TRACELOOP.dbSearchResultEvent);
  if (search.length === 0) return null;
  return search.map((e) =>
    document(attr(e.attributes, TRACELOOP.dbSearchResultId), attr(e.attributes, TRACELOOP.dbSearchResultScore), null, attr(e.attributes, TRACELOOP.dbSearchResultEntity)),
  );
}

/** Returns the documents a span's retrieval returned, [] for a recorded empty result, or null when it records none. */
export function extractRetrievalDocuments(span: SpanInput, operation: Operation, convention: Convention): RetrievalDocument[] | null {
  const found = fromGenAi(span) ?? fromOpenInference(span) ?? fromEvents(span);
  if (found) return found;
  if (operation !== 'retrieval' || isReranker(span)) return null;
  return convention === 'openinference' || convention === 'openllmetry' ? [] : null;
}

function isReranker(span: SpanInput): boolean {
  return (
    toText(attr(span.attributes, OPENINFERENCE.spanKind))?.toUpperCase() === 'RERANKER' ||
    toText(attr(span.attributes, TRACELOOP.requestType))?.toLowerCase() === 'rerank'
  );
}
