/**
 * Decodes OTLP `AnyValue`/`KeyValue` lists (lenient: camelCase or snake_case keys) into plain
 * attribute objects, and serializes those objects to JSON text without losing 64-bit integers.
 */
import type { AttrValue, Attributes } from '../normalize/span-input.js';

/** Limits applied while decoding. */
export interface DecodeLimits {
  /** Longest string value kept, in UTF-16 code units; longer values are truncated and reported. */
  maxValueLength: number;
}

/** A problem with one attribute; the attribute is dropped or truncated, the span kept. */
export interface AttributeProblem {
  kind: 'wrong_type' | 'oversize_value';
  key: string;
  message: string;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Returns `obj[camel]` or `obj[snake]`, whichever is present. */
export function field(obj: Record<string, unknown>, camel: string, snake: string): unknown {
  const v = obj[camel];
  return v !== undefined ? v : obj[snake];
}

/** Returns a 64-bit integer from a decimal string or number, as a number when exact, else a bigint; null if not an integer. */
export function decodeInt64(raw: unknown): number | bigint | null {
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw : null;
  if (typeof raw === 'string' && /^-?\d+$/.test(raw)) {
    const b = BigInt(raw);
    return b <= SAFE && b >= -SAFE ? Number(b) : b;
  }
  return null;
}

function decodeDouble(raw: unknown): number | string | null {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string') {
    if (raw === 'NaN' || raw === 'Infinity' || raw === '-Infinity') return raw; // JSON has no NaN: keep the spelling
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Returns the plain value of one OTLP AnyValue, reporting type problems and truncating oversize strings. */
export function decodeAnyValue(
  raw: unknown,
  key: string,
  limits: DecodeLimits,
  problems: AttributeProblem[],
): AttrValue | undefined {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ kind: 'wrong_type', key, message: `attribute "${key}": value must be an AnyValue object` });
    return undefined;
  }
  const v = raw as Record<string, unknown>;
  const s = field(v, 'stringValue', 'string_value');
  if (s !== undefined) {
    if (typeof s !== 'string') return wrong(problems, key, 'stringValue');
    if (s.length > limits.maxValueLength) {
      problems.push({
        kind: 'oversize_value',
        key,
        message: `attribute "${key}": ${s.length} characters, truncated to ${limits.maxValueLength}`,
      });
      return s.slice(0, limits.maxValueLength);
    }
    return s;
  }
  const b = field(v, 'boolValue', 'bool_value');
  if (b !== undefined) return typeof b === 'boolean' ? b : wrong(problems, key, 'boolValue');
  const i = field(v, 'intValue', 'int_value');
  if (i !== undefined) {
    const n = decodeInt64(i);
    return n === null ? wrong(problems, key, 'intValue') : n;
  }
  const d = field(v, 'doubleValue', 'double_value');
  if (d !== undefined) {
    const n = decodeDouble(d);
    return n === null ? wrong(problems, key, 'doubleValue') : n;
  }
  const arr = field(v, 'arrayValue', 'array_value');
  if (arr !== undefined) {
    const values = (arr as { values?: unknown } | null)?.values ?? [];
    if (!Array.isArray(values)) return wrong(problems, key, 'arrayValue');
    const out: AttrValue[] = [];
    for (const item of values) {
      const dv = decodeAnyValue(item, key, limits, problems);
      if (dv !== undefined) out.push(dv);
    }
    return out;
  }
  const kv = field(v, 'kvlistValue', 'kvlist_value');
  if (kv !== undefined) {
    const values = (kv as { values?: unknown } | null)?.values ?? [];
    if (!Array.isArray(values)) return wrong(problems, key, 'kvlistValue');
    return decodeKeyValues(values, limits, problems, key + '.');
  }
  const by = field(v, 'bytesValue', 'bytes_value');
  if (by !== undefined) return typeof by === 'string' ? by : wrong(problems, key, 'bytesValue');
  return null; // an AnyValue with no field set is valid and empty
}

function wrong(problems: AttributeProblem[], key: string, what: string): undefined {
  problems.push({ kind: 'wrong_type', key, message: `attribute "${key}": ${what} has the wrong type` });
  return undefined;
}

/** Returns an attribute object from an OTLP KeyValue list; malformed entries are dropped and reported. */
export function decodeKeyValues(
  list: unknown,
  limits: DecodeLimits,
  problems: AttributeProblem[],
  prefix = '',
): Attributes {
  const out: Attributes = {};
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) {
    problems.push({ kind: 'wrong_type', key: prefix || '(attributes)', message: 'attributes must be a list of KeyValue' });
    return out;
  }
  for (const entry of list) {
    const key = (entry as { key?: unknown } | null)?.key;
    if (typeof key !== 'string') {
      problems.push({ kind: 'wrong_type', key: prefix + '?', message: 'KeyValue without a string key dropped' });
      continue;
    }
    const value = decodeAnyValue((entry as { value?: unknown }).value, prefix + key, limits, problems);
    if (value === undefined) continue;
    // an attribute named "__proto__" is data like any other, never the object's prototype
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

const BIG_MARK = '\u0000big:';

/** Returns JSON text for plain values; bigints are written as exact JSON numbers. */
export function toJsonText(value: unknown): string {
  try {
    return JSON.stringify(value); // the common case: no bigint anywhere, no replacer to call
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  let sawBig = false;
  const text = JSON.stringify(value, (_k, v) => {
    if (typeof v === 'bigint') {
      sawBig = true;
      return BIG_MARK + v.toString();
    }
    return v;
  });
  return sawBig ? text.replace(/"\\u0000big:(-?\d+)"/g, '$1') : text;
}
