/**
 * Pure estimators with 95% intervals: every rate or mean spanlens shows carries n, ci_low, ci_high
 * and is_small_sample (STYLE rule 3).
 */
import { normalQuantile, tQuantile, twoSidedNormalP, twoSidedTP } from './distributions.js';

const Z95 = normalQuantile(0.975);

export interface Estimate {
  value: number | null;
  n: number;
  ci_low: number | null;
  ci_high: number | null;
  is_small_sample: boolean;
}

/** Returns a proportion with its Wilson score interval; small when n < minN or fewer than 5 successes/failures. */
export function wilson(successes: number, n: number, minN = 30): Estimate {
  if (n <= 0) return { value: null, n: 0, ci_low: null, ci_high: null, is_small_sample: true };
  const p = successes / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return {
    value: p,
    n,
    // containing p: at 0 of n (and n of n) the bound is p exactly, which rounding can miss by 1e-16
    ci_low: Math.min(p, Math.max(0, centre - half)),
    ci_high: Math.max(p, Math.min(1, centre + half)),
    is_small_sample: n < minN || successes < 5 || n - successes < 5,
  };
}

/** Returns a mean with its t interval. */
export function meanT(values: number[], minN = 30): Estimate {
  const n = values.length;
  if (n === 0) return { value: null, n: 0, ci_low: null, ci_high: null, is_small_sample: true };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { value: mean, n, ci_low: null, ci_high: null, is_small_sample: true };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { value: mean, n, ci_low: mean - half, ci_high: mean + half, is_small_sample: n < minN };
}

export interface Difference {
  delta: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
}

/** Returns a difference with no interval or test: `delta` alone (null when there is none to give). */
export function pointDifference(delta: number | null = null): Difference {
  return { delta, ci_low: null, ci_high: null, p_value: null };
}

/** Returns p2 − p1 with Newcombe's hybrid score interval (method 10) and a pooled two-proportion z-test p-value. */
export function proportionDifference(x1: number, n1: number, x2: number, n2: number): Difference {
  if (n1 === 0 || n2 === 0) return pointDifference();
  const a = wilson(x1, n1);
  const b = wilson(x2, n2);
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p2 - p1;
  const low = d - Math.sqrt((p2 - b.ci_low!) ** 2 + (a.ci_high! - p1) ** 2);
  const high = d + Math.sqrt((b.ci_high! - p2) ** 2 + (p1 - a.ci_low!) ** 2);
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const p = se === 0 ? (d === 0 ? 1 : 0) : twoSidedNormalP(d / se);
  return { delta: d, ci_low: low, ci_high: high, p_value: p };
}

/** Returns mean2 − mean1 with Welch's t interval and p-value. */
export function welch(a: number[], b: number[]): Difference {
  if (a.length < 2 || b.length < 2) return pointDifference();
  const stats = (xs: number[]) => {
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    return { m, v: xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1), n: xs.length };
  };
  const s1 = stats(a);
  const s2 = stats(b);
  const d = s2.m - s1.m;
  const se2 = s1.v / s1.n + s2.v / s2.n;
  if (se2 === 0) return { delta: d, ci_low: d, ci_high: d, p_value: d === 0 ? 1 : 0 };
  const df = se2 ** 2 / ((s1.v / s1.n) ** 2 / (s1.n - 1) + (s2.v / s2.n) ** 2 / (s2.n - 1));
  const half = tQuantile(0.975, df) * Math.sqrt(se2);
  return { delta: d, ci_low: d - half, ci_high: d + half, p_value: twoSidedTP(d / Math.sqrt(se2), df) };
}

/** Returns Holm-adjusted p-values in the input order (nulls, and NaN, stay null: one must not void the family). */
export function holm(pValues: (number | null)[]): (number | null)[] {
  const indexed = pValues.map((p, i) => ({ p, i })).filter((x): x is { p: number; i: number } => x.p !== null && Number.isFinite(x.p));
  indexed.sort((x, y) => x.p - y.p);
  const m = indexed.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 0;
  indexed.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
