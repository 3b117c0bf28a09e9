/**
 * Pure: the headline rates and totals over every turn (or session), each both weighted by the
 * sampling weight and unweighted, so a report can show what reweighting changed: under tail
 * sampling (all errors kept, a tenth of the rest) the unweighted failure rate is far too high and
 * the unweighted totals far too low.
 */
import { summarizeSessions, type MetricSettings, type TurnFact } from './turn-fact.js';
import { normalQuantile } from '../stats/distributions.js';
import { weightedMean, weightedProportion } from './weighted-estimates.js';

const Z95 = normalQuantile(0.975);

/**
 * Returns a Horvitz–Thompson total Σ w·x with a normal interval from the Poisson-sampling variance
 * Σ (w² − w)·x² (each row kept independently with probability 1/w); unweighted, the plain sum.
 */
function total(values: number[], weights: number[]): { value: number; ci_low: number; ci_high: number } {
  let sum = 0;
  let variance = 0;
  for (let i = 0; i < values.length; i++) {
    sum += weights[i]! * values[i]!;
    variance += Math.max(0, weights[i]! ** 2 - weights[i]!) * values[i]! ** 2;
  }
  const half = Z95 * Math.sqrt(variance);
  return { value: sum, ci_low: Math.max(0, sum - half), ci_high: sum + half };
}

export interface OverallRateRow {
  metric: string;
  is_weighted: boolean;
  value: number | null;
  n: number;
  weighted_n: number;
  ci_low: number | null;
  ci_high: number | null;
  is_small_sample: boolean;
}

/** Returns one row per (metric, weighted or not). */
export function overallRates(turns: TurnFact[], s: MetricSettings): OverallRateRow[] {
  const sessions = summarizeSessions(turns);
  const rated = turns.filter((t) => t.quality !== null);
  const later = turns.filter((t) => t.turn_index > 1);
  const rows: OverallRateRow[] = [];
  const c = (xs: TurnFact[]) => xs.map((x) => x.session_no);
  const clusters = c(turns);
  for (const weighted of [true, false]) {
    const w = (xs: { sampling_weight: number }[]) => xs.map((x) => (weighted ? x.sampling_weight : 1));
    const weights = w(turns);
    const estimates = {
      turn_failure_rate: weightedProportion(turns.map((t) => t.is_failed), weights, s.minSampleSize, clusters),
      session_failure_rate: weightedProportion(sessions.map((x) => x.failed), sessions.map((x) => (weighted ? x.weight : 1)), s.minSampleSize),
      truncation_rate: weightedProportion(turns.map((t) => t.is_truncated), weights, s.minSampleSize, clusters),
      tool_error_rate: weightedProportion(turns.map((t) => t.has_tool_error), weights, s.minSampleSize, clusters),
      repetition_rate: weightedProportion(later.map((t) => t.is_repetition), w(later), s.minSampleSize, c(later)),
      mean_quality: weightedMean(rated.map((t) => t.quality!), w(rated), s.minSampleSize, c(rated)),
    };
    for (const [metric, e] of Object.entries(estimates)) {
      if (e.n === 0) continue; // e.g. no rated turns, or no session with a second turn
      rows.push({ metric, is_weighted: weighted, value: e.value, n: e.n, weighted_n: e.weighted_n, ci_low: e.ci_low, ci_high: e.ci_high, is_small_sample: e.is_small_sample });
    }
    // totals: estimated population counts and sums (a turn with unknown cost is left out of cost)
    const priced = turns.filter((t) => t.cost_usd !== null);
    const totals = {
      total_turns: [turns.map(() => 1), weights, turns.length],
      total_tokens: [turns.map((t) => t.total_tokens), weights, turns.length],
      total_cost_usd: [priced.map((t) => t.cost_usd!), w(priced), priced.length],
    } as const;
    for (const [metric, [values, weights, n]] of Object.entries(totals)) {
      if (n === 0) continue;
      const e = total([...values], [...weights]);
      rows.push({ metric, is_weighted: weighted, value: e.value, n, weighted_n: weights.reduce((a, b) => a + b, 0), ci_low: e.ci_low, ci_high: e.ci_high, is_small_sample: n < s.minSampleSize });
    }
  }
  return rows;
}
