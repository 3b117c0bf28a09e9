/**
 * Pure: a flat span plus its normalized GenAI fields → one `raw_spans` row, as an array of values
 * in the table's column order (queries/1-raw/raw_spans.sql). A test checks the two orders agree.
 */
import type { NormalizedGenAi, SpanInput } from '../normalize/span-input.js';
import { toJsonText } from './decode-any-value.js';
import { declaredSessionType } from '../normalize/declared-session-type.js';
import { declaredSampleRate } from '../normalize/declared-sample-rate.js';
import { DEFAULT_SAMPLE_RATE_KEYS, DEFAULT_SESSION_TYPE_KEYS } from '../semconv.js';
import type { FlatSpan } from './flatten-resource-spans.js';

/** A column value as the appender takes it. */
export type CellValue = string | number | bigint | boolean | null;

/** The type family of each column, in table order ('json': text that JSON.stringify wrote). */
export const SPAN_COLUMNS = [
  ['file_id', 'int'],
  ['source_line', 'int'],
  ['source_offset', 'bigint'],
  ['trace_id', 'text'],
  ['span_id', 'text'],
  ['parent_span_id', 'text'],
  ['name', 'text'],
  ['kind', 'text'],
  ['start_time_unix_nano', 'bigint'],
  ['end_time_unix_nano', 'bigint'],
  ['duration_ms', 'double'],
  ['status_code', 'text'],
  ['status_message', 'text'],
  ['trace_state', 'text'],
  ['flags', 'bigint'],
  ['service_name', 'text'],
  ['scope_name', 'text'],
  ['scope_version', 'text'],
  ['attributes', 'json'],
  ['resource_attributes', 'json'],
  ['scope_attributes', 'json'],
  ['events', 'json'],
  ['links', 'json'],
  ['dropped_attributes_count', 'int'],
  ['dropped_events_count', 'int'],
  ['dropped_links_count', 'int'],
  ['resource_schema_url', 'text'],
  ['scope_schema_url', 'text'],
  ['convention', 'text'],
  ['operation', 'text'],
  ['session_id', 'text'],
  ['user_id', 'text'],
  ['provider', 'text'],
  ['request_model', 'text'],
  ['response_model', 'text'],
  ['input_tokens', 'bigint'],
  ['output_tokens', 'bigint'],
  ['cache_read_tokens', 'bigint'],
  ['cache_write_tokens', 'bigint'],
  ['reasoning_tokens', 'bigint'],
  ['total_tokens', 'bigint'],
  ['usage_is_aggregate', 'bool'],
  ['finish_reasons', 'json'],
  ['temperature', 'double'],
  ['tool_name', 'text'],
  ['tool_call_id', 'text'],
  ['error_type', 'text'],
  ['prompt_text', 'text'],
  ['completion_text', 'text'],
  ['retrieval_documents', 'json'],
  ['evaluations', 'json'],
  ['recorded_cost_usd', 'double'],
  ['agent_name', 'text'],
  ['declared_session_type', 'text'],
  ['declared_sample_rate', 'double'],
] as const;

export type ColumnType = (typeof SPAN_COLUMNS)[number][1];

const KIND_NAMES = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const STATUS_NAMES = ['UNSET', 'OK', 'ERROR'];

/** Returns the normalizer's view of a flat span. */
export function toSpanInput(span: FlatSpan): SpanInput {
  return {
    name: span.name,
    kind: span.kind,
    statusCode: span.statusCode,
    statusMessage: span.statusMessage,
    startTimeUnixNano: span.startTimeUnixNano,
    attributes: span.attributes,
    resourceAttributes: span.resourceAttributes,
    scopeName: span.scopeName,
    scopeVersion: span.scopeVersion,
    events: span.events.map((e) => ({ name: e.name, timeUnixNano: e.timeUnixNano ?? span.startTimeUnixNano, attributes: e.attributes })),
  };
}

function nonEmpty(s: string): string | null {
  return s === '' ? null : s;
}

function int(n: number | null): bigint | null {
  return n === null || !Number.isFinite(n) ? null : BigInt(Math.round(n));
}

function jsonOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : toJsonText(v);
}

// spans of one resource (and scope) share its attribute object: serialize it once
const sharedJson = new WeakMap<object, string>();

function sharedJsonText(value: object): string {
  let text = sharedJson.get(value);
  if (text === undefined) {
    text = toJsonText(value);
    sharedJson.set(value, text);
  }
  return text;
}

/** Returns the row for `raw_spans`. */
export function toSpanRow(span: FlatSpan, g: NormalizedGenAi, fileId: number, position: { line?: number; byte?: number }): CellValue[] {
  const end = span.endTimeUnixNano;
  const service = span.resourceAttributes['service.name'];
  return [
    fileId,
    position.line ?? null,
    position.byte === undefined ? null : BigInt(position.byte),
    span.traceId,
    span.spanId,
    span.parentSpanId,
    span.name,
    KIND_NAMES[span.kind] ?? 'UNSPECIFIED',
    span.startTimeUnixNano,
    end,
    end === null ? null : Number(end - span.startTimeUnixNano) / 1e6,
    STATUS_NAMES[span.statusCode] ?? 'UNSET',
    nonEmpty(span.statusMessage),
    nonEmpty(span.traceState),
    BigInt(span.flags),
    typeof service === 'string' ? service : null,
    nonEmpty(span.scopeName),
    nonEmpty(span.scopeVersion),
    toJsonText(span.attributes),
    sharedJsonText(span.resourceAttributes),
    sharedJsonText(span.scopeAttributes),
    span.events.length === 0 ? '[]' : toJsonText(
      span.events.map((e) => ({
        time_unix_nano: e.timeUnixNano,
        name: e.name,
        attributes: e.attributes,
        dropped_attributes_count: e.droppedAttributesCount,
      })),
    ),
    span.links.length === 0 ? '[]' : toJsonText(
      span.links.map((l) => ({
        trace_id: l.traceId,
        span_id: l.spanId,
        trace_state: l.traceState,
        attributes: l.attributes,
        dropped_attributes_count: l.droppedAttributesCount,
        flags: l.flags,
      })),
    ),
    span.droppedAttributesCount,
    span.droppedEventsCount,
    span.droppedLinksCount,
    nonEmpty(span.resourceSchemaUrl),
    nonEmpty(span.scopeSchemaUrl),
    g.convention,
    g.operation,
    g.sessionId,
    g.userId,
    g.provider,
    g.requestModel,
    g.responseModel,
    int(g.inputTokens),
    int(g.outputTokens),
    int(g.cacheReadTokens),
    int(g.cacheWriteTokens),
    int(g.reasoningTokens),
    int(g.totalTokens),
    g.usageIsAggregate,
    jsonOrNull(g.finishReasons),
    g.temperature,
    g.toolName,
    g.toolCallId,
    g.errorType,
    g.promptText,
    g.completionText,
    jsonOrNull(g.retrievalDocuments),
    jsonOrNull(g.evaluations),
    g.recordedCostUsd,
    g.agentName,
    declaredSessionType(span.attributes, span.resourceAttributes, DEFAULT_SESSION_TYPE_KEYS),
    declaredSampleRate(span.attributes, span.resourceAttributes, DEFAULT_SAMPLE_RATE_KEYS),
  ];
}
