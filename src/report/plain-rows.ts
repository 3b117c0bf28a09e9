/**
 * Pure: DuckDB's JS values → plain JSON values a chart or page can embed: BIGINT/HUGEINT become
 * numbers, dates become "YYYY-MM-DD" (timestamps ISO), lists stay lists. A `values` list column
 * (the per-session numbers behind a mean) becomes the mean with its 95% t interval, n and the
 * small-sample flag, so the SQL need not compute t quantiles.
 */
import { meanT } from '../stats/intervals.js';
import type { Row } from './compile-chart.js';

/** Returns one value as plain JSON. */
export function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(v)) return v.map(plainValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainValue(x)]));
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

/** Returns rows with plain values; a `values` column is summarized as a mean with its interval. */
export function plainRows(rows: Record<string, unknown>[], minSampleSize: number): Row[] {
  return rows.map((r) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(r)) if (k !== 'values') out[k] = plainValue(v);
    if ('values' in r) {
      const xs = ((r.values as unknown[] | null) ?? []).map(Number).filter(Number.isFinite);
      const m = meanT(xs, minSampleSize);
      Object.assign(out, { mean: m.value, n: m.n, ci_low: m.ci_low, ci_high: m.ci_high, is_small_sample: m.is_small_sample });
    }
    return out;
  });
}
