/**
 * Pure: the session type a span declares, read at ingest for the default keys so that the build
 * need not parse every root span's attribute JSON (turns.sql uses this column unless the build is
 * given other keys). Same reading as DuckDB's json_extract_string: a string as is, other values as
 * their JSON text, JSON null as none.
 */
import type { AttrValue, Attributes } from './span-input.js';

function asText(v: AttrValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
}

/** Returns the first of `keys` set on the span, else on its resource; null when none is. */
export function declaredSessionType(attributes: Attributes, resourceAttributes: Attributes, keys: readonly string[]): string | null {
  for (const key of keys) {
    const v = asText(attributes[key]) ?? asText(resourceAttributes[key]);
    if (v !== null) return v;
  }
  return null;
}
