/**
 * Pure: one decoded OTLP traces message (lenient JSON object form) → flat span records plus the
 * problems found. Accepts what the Collector's pdata accepts: camelCase or snake_case keys, enums as
 * integers or names, 64-bit integers as strings or numbers, hex or base64 ids, and the old JS SDK
 * `{low, high}` timestamps. A span missing an id or start time, or carrying an invalid one, is
 * rejected; a malformed attribute is dropped; the rest of the message is kept.
 */
import type { Attributes } from '../normalize/span-input.js';
import { decodeInt64, decodeKeyValues, field, type AttributeProblem, type DecodeLimits } from './decode-any-value.js';
import { describeForeignMessage, isPlainObject, isTracesRequest, jsonTypeName } from './describe-foreign-message.js';
import type { IngestIssue } from './ingest-issue.js';

export interface FlatEvent {
  timeUnixNano: bigint | null;
  name: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface FlatLink {
  traceId: string | null;
  spanId: string | null;
  traceState: string;
  attributes: Attributes;
  droppedAttributesCount: number;
  flags: number;
}

/** One span with its resource and scope, decoded and validated. */
export interface FlatSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  traceState: string;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint | null;
  statusCode: number;
  statusMessage: string;
  attributes: Attributes;
  droppedAttributesCount: number;
  events: FlatEvent[];
  droppedEventsCount: number;
  links: FlatLink[];
  droppedLinksCount: number;
  resourceAttributes: Attributes;
  resourceSchemaUrl: string;
  scopeName: string;
  scopeVersion: string;
  scopeAttributes: Attributes;
  scopeSchemaUrl: string;
  /** Where the span sits in its message, e.g. "resourceSpans[0].scopeSpans[1].spans[4]". */
  path: string;
  /** Where its message sits in the file. */
  position: IngestIssue['position'];
}

const SPAN_KIND_NAMES: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODE_NAMES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Returns a lowercase hex id, `null` when absent/empty, or an error string when invalid. */
export function decodeId(raw: unknown, bytes: 8 | 16): string | null | { error: string } {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string') return { error: `id must be a string, got ${typeof raw}` };
  let hex: string;
  if (raw.length === bytes * 2 && HEX.test(raw)) hex = raw.toLowerCase();
  else if (raw.length === Math.ceil(bytes / 3) * 4 && BASE64.test(raw)) {
    const buf = Buffer.from(raw, 'base64');
    if (buf.length !== bytes) return { error: `base64 id "${raw}" is not ${bytes} bytes` };
    hex = buf.toString('hex');
  } else return { error: `id "${raw.slice(0, 40)}" is not ${bytes * 2} hex digits (or base64)` };
  if (/^0+$/.test(hex)) return { error: `id is all zeros` };
  return hex;
}

/** Returns nanoseconds from a decimal string, number, or `{low, high}` pair; null if absent or invalid. */
export function decodeUnixNano(raw: unknown): bigint | null | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'object' && raw !== null && 'low' in raw && 'high' in raw) {
    const { low, high } = raw as { low: unknown; high: unknown };
    if (typeof low !== 'number' || typeof high !== 'number') return null;
    return (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0); // old JS SDK UnsignedLong
  }
  const n = decodeInt64(raw);
  if (n === null) return null;
  const b = BigInt(n);
  return b < 0n ? null : b;
}

function decodeEnum(raw: unknown, names: Record<string, number>, max: number): number | null {
  if (raw === undefined || raw === null) return 0;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= max) return raw;
  if (typeof raw === 'string') {
    if (raw in names) return names[raw] ?? null;
    if (/^\d+$/.test(raw) && Number(raw) <= max) return Number(raw);
  }
  return null;
}

function str(raw: unknown): string | null {
  if (raw === undefined || raw === null) return '';
  return typeof raw === 'string' ? raw : null;
}

function count(raw: unknown): number {
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : 0;
}

function list(raw: unknown): unknown[] | null {
  if (raw === undefined || raw === null) return [];
  return Array.isArray(raw) ? raw : null;
}

/** Returns a span's list field (events, links); one that is not a list is reported and read as empty. */
function listOrReport(raw: unknown, key: string, problems: AttributeProblem[]): unknown[] {
  const out = list(raw);
  if (out !== null) return out;
  problems.push({ kind: 'wrong_type', key, message: `${key} must be a list, not ${jsonTypeName(raw)}; dropped` });
  return [];
}

interface Context {
  limits: DecodeLimits;
  issues: IngestIssue[];
  position: IngestIssue['position'];
}

function reportProblems(ctx: Context, problems: AttributeProblem[], path: string): void {
  for (const p of problems) {
    ctx.issues.push({ kind: p.kind, severity: 'error', position: ctx.position, path, message: p.message });
  }
  problems.length = 0;
}

function reject(ctx: Context, kind: IngestIssue['kind'], path: string, message: string): null {
  ctx.issues.push({ kind, severity: 'error', position: ctx.position, path, message });
  return null;
}

/**
 * Returns the spans of one OTLP traces message; problems are appended to `issues`. A message that
 * is not a traces request (another JSON shape, or not an object at all) is one `not_otlp_traces`
 * error at `itemPath` (e.g. "[3]"); an entry of resourceSpans or scopeSpans that is not an object
 * is a `wrong_type` error, and the entries beside it are read.
 */
export function flattenTracesData(
  message: unknown,
  limits: DecodeLimits,
  position: IngestIssue['position'],
  issues: IngestIssue[],
  itemPath = '',
): FlatSpan[] {
  const ctx: Context = { limits, issues, position };
  const out: FlatSpan[] = [];
  if (!isTracesRequest(message)) {
    reject(ctx, 'not_otlp_traces', itemPath, describeForeignMessage(message));
    return out;
  }
  const rsList = list(field(message as Record<string, unknown>, 'resourceSpans', 'resource_spans'));
  if (rsList === null) {
    reject(ctx, 'wrong_type', 'resourceSpans', 'resourceSpans must be a list');
    return out;
  }
  const problems: AttributeProblem[] = [];
  rsList.forEach((rsRaw, ri) => {
    const rsPath = `resourceSpans[${ri}]`;
    if (!isPlainObject(rsRaw)) {
      reject(ctx, 'wrong_type', rsPath, `a ResourceSpans must be an object, not ${jsonTypeName(rsRaw)}`);
      return;
    }
    const rs = rsRaw;
    const resource = (rs.resource ?? {}) as Record<string, unknown>;
    const resourceAttributes = decodeKeyValues(resource.attributes, limits, problems);
    reportProblems(ctx, problems, rsPath + '.resource');
    const resourceSchemaUrl = str(field(rs, 'schemaUrl', 'schema_url')) ?? '';
    let ssList = list(field(rs, 'scopeSpans', 'scope_spans'));
    if (ssList !== null && ssList.length === 0) {
      // very old files: instrumentationLibrarySpans (proto field 1000), migrated like pdata does
      ssList = list(field(rs, 'instrumentationLibrarySpans', 'instrumentation_library_spans'));
    }
    if (ssList === null) {
      reject(ctx, 'wrong_type', rsPath + '.scopeSpans', 'scopeSpans must be a list');
      return;
    }
    ssList.forEach((ssRaw, si) => {
      const ssPath = `${rsPath}.scopeSpans[${si}]`;
      if (!isPlainObject(ssRaw)) {
        reject(ctx, 'wrong_type', ssPath, `a ScopeSpans must be an object, not ${jsonTypeName(ssRaw)}`);
        return;
      }
      const ss = ssRaw;
      const scope = (field(ss, 'scope', 'instrumentationLibrary') ?? {}) as Record<string, unknown>;
      const scopeAttributes = decodeKeyValues(scope.attributes, limits, problems);
      reportProblems(ctx, problems, ssPath + '.scope');
      const spans = list(ss.spans);
      if (spans === null) {
        reject(ctx, 'wrong_type', ssPath + '.spans', 'spans must be a list');
        return;
      }
      const shared = {
        resourceAttributes,
        resourceSchemaUrl,
        scopeName: str(scope.name) ?? '',
        scopeVersion: str(scope.version) ?? '',
        scopeAttributes,
        scopeSchemaUrl: str(field(ss, 'schemaUrl', 'schema_url')) ?? '',
      };
      spans.forEach((spanRaw, pi) => {
        const span = flattenSpan(spanRaw, `${ssPath}.spans[${pi}]`, ctx, problems) as FlatSpan | null;
        if (span) out.push(Object.assign(span, shared, { position })); // shared objects by reference, no copies
      });
    });
  });
  return out;
}

type SpanOwn = Omit<FlatSpan, 'position' | 'resourceAttributes' | 'resourceSchemaUrl' | 'scopeName' | 'scopeVersion' | 'scopeAttributes' | 'scopeSchemaUrl'>;

function flattenSpan(raw: unknown, path: string, ctx: Context, problems: AttributeProblem[]): SpanOwn | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return reject(ctx, 'wrong_type', path, 'span must be an object');
  const s = raw as Record<string, unknown>;
  const traceRaw = field(s, 'traceId', 'trace_id');
  const spanRaw = field(s, 'spanId', 'span_id');
  if (traceRaw === undefined || traceRaw === '') return reject(ctx, 'missing_field', path, 'span has no traceId');
  if (spanRaw === undefined || spanRaw === '') return reject(ctx, 'missing_field', path, 'span has no spanId');
  const traceId = decodeId(traceRaw, 16);
  if (traceId === null || typeof traceId === 'object') return reject(ctx, 'invalid_id', path, `traceId: ${traceId?.error}`);
  const spanId = decodeId(spanRaw, 8);
  if (spanId === null || typeof spanId === 'object') return reject(ctx, 'invalid_id', path, `spanId: ${spanId?.error}`);
  const parent = decodeId(field(s, 'parentSpanId', 'parent_span_id'), 8);
  if (parent !== null && typeof parent === 'object') return reject(ctx, 'invalid_id', path, `parentSpanId: ${parent.error}`);

  const start = decodeUnixNano(field(s, 'startTimeUnixNano', 'start_time_unix_nano'));
  if (start === undefined) return reject(ctx, 'missing_field', path, 'span has no startTimeUnixNano');
  if (start === null) return reject(ctx, 'wrong_type', path, 'startTimeUnixNano is not a non-negative integer');
  const end = decodeUnixNano(field(s, 'endTimeUnixNano', 'end_time_unix_nano'));
  if (end === null) return reject(ctx, 'wrong_type', path, 'endTimeUnixNano is not a non-negative integer');

  const kind = decodeEnum(s.kind, SPAN_KIND_NAMES, 5);
  if (kind === null) return reject(ctx, 'wrong_type', path, `kind ${JSON.stringify(s.kind)} is not a SpanKind`);
  const status = (s.status ?? {}) as Record<string, unknown>;
  if (typeof status !== 'object') return reject(ctx, 'wrong_type', path, 'status must be an object');
  const statusCode = decodeEnum(status.code, STATUS_CODE_NAMES, 2);
  if (statusCode === null) return reject(ctx, 'wrong_type', path, `status.code ${JSON.stringify(status.code)} is not a StatusCode`);
  const name = str(s.name);
  if (name === null) return reject(ctx, 'wrong_type', path, 'name must be a string');

  const attributes = decodeKeyValues(s.attributes, ctx.limits, problems);
  const events: FlatEvent[] = [];
  for (const [ei, ev] of listOrReport(s.events, 'events', problems).entries()) {
    if (!isPlainObject(ev)) {
      problems.push({ kind: 'wrong_type', key: `events[${ei}]`, message: `events[${ei}] must be an object, not ${jsonTypeName(ev)}; dropped` });
      continue;
    }
    events.push({
      timeUnixNano: decodeUnixNano(field(ev, 'timeUnixNano', 'time_unix_nano')) ?? null,
      name: str(ev.name) ?? '',
      attributes: decodeKeyValues(ev.attributes, ctx.limits, problems, `events[${ei}].`),
      droppedAttributesCount: count(field(ev, 'droppedAttributesCount', 'dropped_attributes_count')),
    });
  }
  const links: FlatLink[] = [];
  for (const [li, lk] of listOrReport(s.links, 'links', problems).entries()) {
    if (!isPlainObject(lk)) {
      problems.push({ kind: 'wrong_type', key: `links[${li}]`, message: `links[${li}] must be an object, not ${jsonTypeName(lk)}; dropped` });
      continue;
    }
    const lt = decodeId(field(lk, 'traceId', 'trace_id'), 16);
    const ls = decodeId(field(lk, 'spanId', 'span_id'), 8);
    // a link keeps its place with a null id; the problem is reported
    if (lt !== null && typeof lt === 'object') problems.push({ kind: 'wrong_type', key: `links[${li}].traceId`, message: `links[${li}].traceId: ${lt.error}; stored as null` });
    if (ls !== null && typeof ls === 'object') problems.push({ kind: 'wrong_type', key: `links[${li}].spanId`, message: `links[${li}].spanId: ${ls.error}; stored as null` });
    links.push({
      traceId: typeof lt === 'string' ? lt : null,
      spanId: typeof ls === 'string' ? ls : null,
      traceState: str(field(lk, 'traceState', 'trace_state')) ?? '',
      attributes: decodeKeyValues(lk.attributes, ctx.limits, problems, `links[${li}].`),
      droppedAttributesCount: count(field(lk, 'droppedAttributesCount', 'dropped_attributes_count')),
      flags: count(lk.flags),
    });
  }
  reportProblems(ctx, problems, path);
  return {
    traceId,
    spanId,
    parentSpanId: parent,
    traceState: str(field(s, 'traceState', 'trace_state')) ?? '',
    flags: count(s.flags),
    name,
    kind,
    startTimeUnixNano: start,
    endTimeUnixNano: end ?? null,
    statusCode,
    statusMessage: str(status.message) ?? '',
    attributes,
    droppedAttributesCount: count(field(s, 'droppedAttributesCount', 'dropped_attributes_count')),
    events,
    droppedEventsCount: count(field(s, 'droppedEventsCount', 'dropped_events_count')),
    links,
    droppedLinksCount: count(field(s, 'droppedLinksCount', 'dropped_links_count')),
    path,
  };
}
