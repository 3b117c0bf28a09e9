/**
 * OTLP protobuf bytes → the canonical OTLP/JSON object form (src/ingest/otlp-model.ts): camelCase
 * keys, lowercase hex ids, 64-bit integers as decimal strings, enums as integers, bytes as base64,
 * so one flattening step serves JSON and protobuf alike. Throws on malformed input.
 */
import type { OtlpAnyValue, OtlpKeyValue, OtlpSpan, OtlpTracesData } from './otlp-model.js';
import { exportTraceServiceRequestType } from './otlp-proto-schema.js';

const RequestType = exportTraceServiceRequestType();

type Msg = Record<string, unknown>;

function hex(b: unknown): string {
  return b instanceof Uint8Array && b.length > 0 ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex') : '';
}

interface Bits {
  low: number;
  high: number;
}

// exact 64-bit values from the two 32-bit halves protobufjs decodes (no precision lost)
function u64(v: unknown): string {
  if (v === undefined || v === null) return '0';
  if (typeof v === 'number') return String(v);
  const { low, high } = v as Bits;
  return ((BigInt(high >>> 0) << 32n) | BigInt(low >>> 0)).toString();
}

function i64(v: unknown): string {
  if (typeof v === 'number') return String(v);
  const { low, high } = v as Bits;
  return BigInt.asIntN(64, (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0)).toString();
}


// protobufjs puts proto3 defaults on the prototype: only own properties were on the wire
const has = (o: Msg, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function anyValue(v: Msg | undefined): OtlpAnyValue {
  if (!v) return {};
  if (has(v, 'string_value')) return { stringValue: v.string_value as string };
  if (has(v, 'bool_value')) return { boolValue: v.bool_value as boolean };
  if (has(v, 'int_value')) return { intValue: i64(v.int_value) };
  if (has(v, 'double_value')) return { doubleValue: v.double_value as number };
  if (has(v, 'array_value')) return { arrayValue: { values: ((v.array_value as Msg).values as Msg[] | undefined ?? []).map(anyValue) } };
  if (has(v, 'kvlist_value')) return { kvlistValue: { values: keyValues((v.kvlist_value as Msg).values as Msg[] | undefined) } };
  if (has(v, 'bytes_value')) return { bytesValue: Buffer.from(v.bytes_value as Uint8Array).toString('base64') };
  return {};
}

function keyValues(list: Msg[] | undefined): OtlpKeyValue[] {
  return (list ?? []).map((kv) => ({ key: (kv.key as string) ?? '', value: anyValue(kv.value as Msg | undefined) }));
}

function span(s: Msg): OtlpSpan {
  const status = (s.status as Msg | undefined) ?? {};
  return {
    traceId: hex(s.trace_id),
    spanId: hex(s.span_id),
    traceState: (s.trace_state as string) ?? '',
    parentSpanId: hex(s.parent_span_id),
    flags: (s.flags as number) ?? 0,
    name: (s.name as string) ?? '',
    kind: (s.kind as number) ?? 0,
    startTimeUnixNano: u64(s.start_time_unix_nano),
    endTimeUnixNano: u64(s.end_time_unix_nano),
    attributes: keyValues(s.attributes as Msg[] | undefined),
    droppedAttributesCount: (s.dropped_attributes_count as number) ?? 0,
    events: ((s.events as Msg[] | undefined) ?? []).map((e) => ({
      timeUnixNano: u64(e.time_unix_nano),
      name: (e.name as string) ?? '',
      attributes: keyValues(e.attributes as Msg[] | undefined),
      droppedAttributesCount: (e.dropped_attributes_count as number) ?? 0,
    })),
    droppedEventsCount: (s.dropped_events_count as number) ?? 0,
    links: ((s.links as Msg[] | undefined) ?? []).map((l) => ({
      traceId: hex(l.trace_id),
      spanId: hex(l.span_id),
      traceState: (l.trace_state as string) ?? '',
      attributes: keyValues(l.attributes as Msg[] | undefined),
      droppedAttributesCount: (l.dropped_attributes_count as number) ?? 0,
      flags: (l.flags as number) ?? 0,
    })),
    droppedLinksCount: (s.dropped_links_count as number) ?? 0,
    status: { message: (status.message as string) ?? '', code: (status.code as number) ?? 0 },
  };
}

/** Returns the decoded request; throws an Error naming the problem for malformed bytes. */
export function decodeTracesProtobuf(bytes: Uint8Array): OtlpTracesData {
  const message = RequestType.decode(bytes) as unknown as Msg;
  return {
    resourceSpans: ((message.resource_spans as Msg[] | undefined) ?? []).map((rs) => {
      const resource = (rs.resource as Msg | undefined) ?? {};
      const scopeSpans = (rs.scope_spans as Msg[] | undefined)?.length ? (rs.scope_spans as Msg[]) : ((rs.instrumentation_library_spans as Msg[] | undefined) ?? []);
      return {
        resource: { attributes: keyValues(resource.attributes as Msg[] | undefined), droppedAttributesCount: (resource.dropped_attributes_count as number) ?? 0 },
        schemaUrl: (rs.schema_url as string) ?? '',
        scopeSpans: scopeSpans.map((ss) => {
          const scope = (ss.scope as Msg | undefined) ?? {};
          return {
            scope: {
              name: (scope.name as string) ?? '',
              version: (scope.version as string) ?? '',
              attributes: keyValues(scope.attributes as Msg[] | undefined),
              droppedAttributesCount: (scope.dropped_attributes_count as number) ?? 0,
            },
            schemaUrl: (ss.schema_url as string) ?? '',
            spans: ((ss.spans as Msg[] | undefined) ?? []).map(span),
          };
        }),
      };
    }),
  };
}
