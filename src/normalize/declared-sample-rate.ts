/**
 * Pure: the sample rate ("1 in N kept") a span declares, read at ingest for the default keys so that
 * the build need not scan every span's attribute JSON (turn_facts.sql uses this column unless the
 * build is given other keys). Same reading as the SQL fallback: the first key whose value (on the
 * span, else its resource) is a number, or a numeric string, of at least 1.
 */
import type { AttrValue, Attributes } from './span-input.js';

function asRate(v: AttrValue | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 1 ? v : null;
  if (typeof v === 'bigint') return v >= 1n ? Number(v) : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) && n >= 1 ? n : null;
  }
  return null;
}

/** Returns the first of `keys` holding a rate ≥ 1 on the span, else on its resource; null when none does. */
export function declaredSampleRate(attributes: Attributes, resourceAttributes: Attributes, keys: readonly string[]): number | null {
  for (const key of keys) {
    const v = asRate(attributes[key]) ?? asRate(resourceAttributes[key]);
    if (v !== null) return v;
  }
  return null;
}
