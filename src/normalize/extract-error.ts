/**
 * Pure: a low-cardinality name for how a span failed, or null when it did not say it failed.
 *
 * First present of:
 * 1. the `error.type` attribute (OTel: error code, exception class or other low-cardinality id);
 * 2. `exception.type` of the span's first `exception` event;
 * 3. for a failed span — status ERROR, or Langfuse `langfuse.observation.level` ERROR — the leading
 *    class-like token of its status message (or `langfuse.observation.status_message`):
 *    "ValueError: bad input" → "ValueError", "openai.RateLimitError: …" → "openai.RateLimitError",
 *    "Error fetching GraphQL query …" → "Error", "RuntimeError('boom')" → "RuntimeError";
 *    otherwise "error" ("429 Too Many Requests", "tool timed out", no message at all).
 * A token is class-like when it is an identifier (dots allowed) that ends in Error, Exception,
 * Fault, Timeout or Exceeded, or that is followed by ":" and is CamelCase or dotted.
 */
import { ATTR_ERROR_TYPE, ATTR_EXCEPTION_TYPE, EXCEPTION_EVENT, LANGFUSE } from '../semconv.js';
import { attr, text, toText } from './read-attributes.js';
import type { SpanInput } from './span-input.js';

const STATUS_ERROR = 2;
const LEADING_TOKEN = /^\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(?=$|[\s:(\[])(:?)/;

/** Returns the leading class-like token of a status message, or "error". */
export function errorTypeFromMessage(message: string | null): string {
  const m = message === null ? null : LEADING_TOKEN.exec(message);
  if (!m) return 'error';
  const token = m[1]!;
  const named = /(Error|Exception|Fault|Timeout|Exceeded)$/i.test(token);
  const declared = m[2] === ':' && (/[a-z][A-Z]/.test(token) || token.includes('.'));
  return named || declared ? token : 'error';
}

/** Returns the span's error type (see the module comment), or null for a span that did not fail. */
export function extractErrorType(span: SpanInput): string | null {
  const direct = text(span.attributes, ATTR_ERROR_TYPE);
  if (direct !== null) return direct;
  for (const e of span.events) {
    if (e.name !== EXCEPTION_EVENT) continue;
    const type = toText(attr(e.attributes, ATTR_EXCEPTION_TYPE));
    if (type !== null) return type;
  }
  const langfuseError = text(span.attributes, LANGFUSE.level)?.toUpperCase() === 'ERROR';
  if (span.statusCode !== STATUS_ERROR && !langfuseError) return null;
  const message = toText(span.statusMessage) ?? text(span.attributes, LANGFUSE.statusMessage);
  return errorTypeFromMessage(message);
}
