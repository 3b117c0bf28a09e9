/**
 * Names what a JSON message is when it is not an OTLP traces request (no `resourceSpans`), so that
 * a file of another shape is reported as such instead of being read as an empty request: OTLP logs
 * or metrics, a Langfuse trace download, a span object of the JavaScript SDK, Phoenix/OpenInference
 * span JSON, or a bare attribute map (CONVENTIONS.md §6 lists real files of each vendor shape).
 */

const OTLP_HINT = 'spanlens reads OTLP trace exports (the Collector file exporter, or an SDK OTLP exporter writing JSON or protobuf)';

/** Returns whether a JSON value is an object (not null, not an array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Returns "an array", "a number", "null", … for a JSON value, as a message names it. */
export function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Returns whether a JSON value is an OTLP traces request: an object with resourceSpans, or `{}` (a valid empty request). */
export function isTracesRequest(message: unknown): message is Record<string, unknown> {
  return isPlainObject(message) && ('resourceSpans' in message || 'resource_spans' in message || Object.keys(message).length === 0);
}

function has(obj: Record<string, unknown>, ...keys: string[]): boolean {
  return keys.some((k) => k in obj);
}


/** Returns the first keys, quoted and shortened (they are input text, shown as data). */
function someKeys(obj: Record<string, unknown>, max = 5): string {
  const keys = Object.keys(obj);
  const shown = keys.slice(0, max).map((k) => JSON.stringify(k.length > 40 ? k.slice(0, 40) + '…' : k));
  return shown.join(', ') + (keys.length > max ? `, … (${keys.length} keys)` : '');
}

/** Returns a one-line description of a message that is not an OTLP traces request, with what to export instead. */
export function describeForeignMessage(message: unknown): string {
  if (!isPlainObject(message)) return `${jsonTypeName(message)} where an OTLP traces request (a JSON object with "resourceSpans") belongs; ${OTLP_HINT}`;
  if (has(message, 'resourceLogs', 'resource_logs')) return `an OTLP logs request (resourceLogs), not traces; ${OTLP_HINT}`;
  if (has(message, 'resourceMetrics', 'resource_metrics')) return `an OTLP metrics request (resourceMetrics), not traces; ${OTLP_HINT}`;
  if (has(message, 'resourceProfiles', 'resource_profiles')) return `an OTLP profiles request (resourceProfiles), not traces; ${OTLP_HINT}`;
  if (isPlainObject(message.trace) && has(message, 'observations')) {
    return `a Langfuse trace download ("trace", "observations"), not an OTLP traces request; ${OTLP_HINT}`;
  }
  if (isPlainObject(message.spanContext) || isPlainObject(message._spanContext)) {
    return `a span object of the OpenTelemetry JavaScript SDK ("spanContext"), not an OTLP traces request; ${OTLP_HINT}`;
  }
  if (isPlainObject(message.context) && has(message.context, 'trace_id', 'span_id') && has(message, 'span_kind', 'start_time')) {
    return `a Phoenix/OpenInference span ("context", "span_kind"), not an OTLP traces request; ${OTLP_HINT}`;
  }
  // e.g. {"gen_ai.request.model": …}: most keys are dotted attribute names
  const keys = Object.keys(message);
  if (keys.length > 0 && keys.filter((k) => k.includes('.')).length * 2 >= keys.length) {
    return `an attribute map (${someKeys(message, 3)}), not an OTLP traces request; ${OTLP_HINT}`;
  }
  return `a JSON object without "resourceSpans" (keys ${someKeys(message)}), not an OTLP traces request; ${OTLP_HINT}`;
}
