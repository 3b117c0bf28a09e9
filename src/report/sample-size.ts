/**
 * Pure: the sample size a chart or table states ("n = 2,501 turns") and how many of its points
 * rest on small samples, from the rows it shows.
 */
import type { SampleSizeRule } from './report-definition.js';

export interface SampleSize {
  n: number;
  unit: string;
  /** Rows flagged is_small_sample (or null when the dataset has no such flag). */
  small: number | null;
  rows: number;
}

/** Returns the stated n of `rows` under `rule`. */
export function sampleSize(rule: SampleSizeRule, rows: Record<string, unknown>[]): SampleSize {
  const values = rule.op === 'rows' ? [] : rows.map((r) => Number(r[rule.field!] ?? 0)).filter(Number.isFinite);
  const n = rule.op === 'rows' ? rows.length : rule.op === 'sum' ? values.reduce((a, b) => a + b, 0) : values.length ? Math.max(...values) : 0;
  const flagged = rows.some((r) => 'is_small_sample' in r) ? rows.filter((r) => r.is_small_sample === true).length : null;
  return { n, unit: rule.unit, small: flagged, rows: rows.length };
}

/** Returns the caption line for a sample size, e.g. "n = 2,501 turns · 3 of 40 points small samples (faded)". */
export function describeSampleSize(s: SampleSize): string {
  const parts = [`n = ${Math.round(s.n).toLocaleString('en-US')} ${s.unit}`];
  if (s.rows === 0) parts.push('no data in this window');
  else if (s.small) parts.push(`${s.small} of ${s.rows} ${s.rows === 1 ? 'row' : 'rows'} rest on a small sample (faded, marked "small n")`);
  return parts.join(' · ');
}
