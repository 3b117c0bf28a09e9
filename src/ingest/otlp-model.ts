/**
 * The OTLP trace data model in its canonical JSON object form: what `JSON.parse` gives for a
 * spec-conformant OTLP/JSON `ExportTraceServiceRequest` (camelCase keys, lowercase hex ids,
 * 64-bit integers as decimal strings, enums as integers, bytes as base64).
 *
 * Both decoders meet here: the JSON decoder passes parsed (possibly lenient) objects on, and the
 * protobuf decoder builds objects of exactly this shape, so one flattening step serves both.
 * Lenient variants (snake_case keys, enum names, `{low, high}` times, base64 ids) are accepted
 * later by `flatten-resource-spans.ts`, which is why fields are typed loosely as `unknown`.
 */

/** Returns nothing: a type-only module. e.g. `{ "stringValue": "gpt-4o" }` */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: string;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

export interface OtlpStatus {
  message?: string;
  code?: number;
}

export interface OtlpEvent {
  timeUnixNano?: string;
  name?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpLink {
  traceId?: string;
  spanId?: string;
  traceState?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}

export interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  traceState?: string;
  parentSpanId?: string;
  flags?: number;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  events?: OtlpEvent[];
  droppedEventsCount?: number;
  links?: OtlpLink[];
  droppedLinksCount?: number;
  status?: OtlpStatus;
}

export interface OtlpScope {
  name?: string;
  version?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpScopeSpans {
  scope?: OtlpScope;
  schemaUrl?: string;
  spans?: OtlpSpan[];
}

export interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[]; droppedAttributesCount?: number };
  schemaUrl?: string;
  scopeSpans?: OtlpScopeSpans[];
}

/** One `ExportTraceServiceRequest` / `TracesData` message. */
export interface OtlpTracesData {
  resourceSpans?: OtlpResourceSpans[];
}
