/**
 * Pure readers over decoded attributes that tolerate wrong value types: a numeric string is a
 * number ("812" → 812), garbage is null ("n/a", NaN, Infinity, objects), JSON strings are parsed
 * when a structure is expected. They never throw, and never read inherited properties (a key
 * "constructor" or "__proto__" in the data is just data).
 */
import type { AttrValue, Attributes } from './span-input.js';

/** A parsed JSON object with string keys. */
export type JsonObject = Record<string, unknown>;

/** Returns the own property `key` of a JSON object, or undefined (never an inherited one). */
export function field(o: unknown, key: string): unknown {
  return o !== null && typeof o === 'object' && !Array.isArray(o) && Object.hasOwn(o, key) ? (o as JsonObject)[key] : undefined;
}

/** Returns the attribute `key` (own properties only). */
export function attr(attrs: Attributes, key: string): AttrValue | undefined {
  return Object.hasOwn(attrs, key) ? attrs[key] : undefined;
}

/** Returns a value as non-empty text (numbers are stringified), or null. */
export function toText(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'bigint') return String(v);
  return null;
}

/** Returns the first present text value among `keys`. */
export function text(attrs: Attributes, ...keys: string[]): string | null {
  for (const k of keys) {
    const t = toText(attr(attrs, k));
    if (t !== null) return t;
  }
  return null;
}

/** Returns a value as a finite number, or null; numeric strings count, e.g. "0.5" → 0.5. */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Returns the first present finite number among `keys`. */
export function number(attrs: Attributes, ...keys: string[]): number | null {
  for (const k of keys) {
    const n = toNumber(attr(attrs, k));
    if (n !== null) return n;
  }
  return null;
}

/** Returns a value as a token count (a non-negative integer), or null; e.g. "812" → 812, -3 → null. */
export function toCount(v: unknown): number | null {
  const n = toNumber(v);
  return n !== null && n >= 0 && Number.isSafeInteger(n) ? n : null;
}

/** Returns the first present token count among `keys`. */
export function count(attrs: Attributes, ...keys: string[]): number | null {
  for (const k of keys) {
    const n = toCount(attr(attrs, k));
    if (n !== null) return n;
  }
  return null;
}

/** Returns a structured value: as is, or parsed when it is a JSON object/array string; null when unparseable. */
export function structured(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    if (!(t.startsWith('{') || t.startsWith('['))) return null;
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return null;
    }
  }
  return v;
}

/** Returns a value parsed as a JSON object, or null (arrays and scalars are not objects here). */
export function jsonObject(v: unknown): JsonObject | null {
  const s = structured(v);
  return s !== null && typeof s === 'object' && !Array.isArray(s) ? (s as JsonObject) : null;
}

/** Returns a value as a list of strings: an array as is, a JSON array string parsed, a lone string wrapped. */
export function stringList(v: unknown): string[] | null {
  const parsed = Array.isArray(v) ? v : structured(v);
  if (Array.isArray(parsed)) {
    const out = parsed.map(toText).filter((s): s is string => s !== null);
    return out.length ? out : null;
  }
  const single = toText(v);
  return single === null ? null : [single];
}

/**
 * Returns the entries of a flattened indexed list in NUMERIC index order, each as a map from the
 * rest of the key to its value. e.g. prefix "llm.input_messages." and key
 * "llm.input_messages.10.message.role" → entry 10 with "message.role". Indexes are not zero-padded,
 * so lexicographic order would put 10 before 2.
 */
export function indexedList(attrs: Attributes, prefix: string): Map<string, AttrValue>[] {
  // most spans carry no such list: nothing is allocated until a key matches
  let byIndex: Map<number, Map<string, AttrValue>> | null = null;
  for (const key of Object.keys(attrs)) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const dot = rest.indexOf('.');
    const indexText = dot === -1 ? rest : rest.slice(0, dot);
    if (!/^\d{1,9}$/.test(indexText)) continue;
    const index = Number(indexText);
    byIndex ??= new Map<number, Map<string, AttrValue>>();
    const entry = byIndex.get(index) ?? new Map<string, AttrValue>();
    entry.set(dot === -1 ? '' : rest.slice(dot + 1), attrs[key]!);
    byIndex.set(index, entry);
  }
  if (byIndex === null) return [];
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
}

/** Returns the entries of an indexed list nested inside one entry, e.g. "message.contents." within a message. */
export function nestedList(entry: Map<string, AttrValue>, prefix: string): Map<string, AttrValue>[] {
  return indexedList(Object.fromEntries([...entry].filter(([k]) => k.startsWith(prefix))), prefix);
}

/** Returns whether any key starts with the prefix. */
export function hasPrefix(attrs: Attributes, prefix: string): boolean {
  for (const k of Object.keys(attrs)) if (k.startsWith(prefix)) return true;
  return false;
}
