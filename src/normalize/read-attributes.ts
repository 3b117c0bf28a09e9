/**
 * Pure readers over decoded attributes that tolerate wrong value types: a numeric string is a
 * number, garbage is null, JSON strings are parsed when a structure is expected. Never throw.
 */
import type { AttrValue, Attributes } from './span-input.js';

/** Returns the first present string value among `keys` (numbers and booleans are stringified). */
export function text(attrs: Attributes, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = attrs[k];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  }
  return null;
}

/** Returns the first present finite number among `keys`; numeric strings count. */
export function number(attrs: Attributes, ...keys: string[]): number | null {
  for (const k of keys) {
    const n = toNumber(attrs[k]);
    if (n !== null) return n;
  }
  return null;
}

/** Returns a value as a finite number, or null. */
export function toNumber(v: AttrValue | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Returns a structured value: as is, or parsed when it is a JSON string; null when unparseable. */
export function structured(v: AttrValue | undefined): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    if (!(t.startsWith('{') || t.startsWith('['))) return null;
    try {
      return JSON.parse(t);
    } catch {
      return null;
    }
  }
  return v;
}

/**
 * Returns the entries of a flattened indexed list in numeric index order, e.g. for prefix
 * "llm.input_messages." the keys "llm.input_messages.10.message.role" → { 10: { "message.role": … } }.
 * (OpenInference indexes are not zero-padded, so "10" sorts before "2" as text.)
 */
export function indexedList(attrs: Attributes, prefix: string): Record<string, AttrValue>[] {
  const byIndex = new Map<number, Record<string, AttrValue>>();
  for (const [key, value] of Object.entries(attrs)) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const dot = rest.indexOf('.');
    const idx = Number(dot === -1 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(idx)) continue;
    const entry = byIndex.get(idx) ?? {};
    entry[dot === -1 ? '' : rest.slice(dot + 1)] = value;
    byIndex.set(idx, entry);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
}

/** Returns whether any key starts with the prefix. */
export function hasPrefix(attrs: Attributes, prefix: string): boolean {
  for (const k in attrs) if (k.startsWith(prefix)) return true;
  return false;
}
