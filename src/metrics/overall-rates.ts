/**
 * Pure: the headline rates and totals over every turn (or session), each both weighted by the
 * sampling weight and unweighted, so a report can show what reweighting changed: under tail
 * sampling (all errors kept, a tenth of the rest) the unweighted failure rate is far too high and
 * the unweighted totals far too low.
 */
import type { MetricSettings } from './turn-fact.js';
import { allRows, asColumns, gather, presentRows, selectRows, sessionSummaries, weightsOf, type TurnInput } from './turn-columns.js';
import { normalQuantile } from '../stats/distributions.js';
import { weightedMean, weightedProportion } from './weighted-estimates.js';

const Z95 = normalQuantile(0.975);

/**
 * Returns a Horvitz–Thompson total Σ w·x with a normal interval from the Poisson-sampling variance
 * Σ (w² − w)·x² (each row kept independently with probability 1/w); unweighted, the plain sum.
 */
function total(values: ArrayLike<number>, weights: ArrayLike<number>): { value: number; ci_low: number; ci_high: number } {
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
export function overallRates(turns: TurnInput, s: MetricSettings): OverallRateRow[] {
  const c = asColumns(turns);
  const all = allRows(c.length);
  const sessions = sessionSummaries(c, all);
  const rated = presentRows(all, c.quality);
  const later = selectRows(all, (i) => c.turn_index[i]! > 1);
  const priced = presentRows(all, c.cost_usd);
  const rows: OverallRateRow[] = [];
  const clusters = c.session_no;
  for (const weighted of [true, false]) {
    const weights = weightsOf(c, all, weighted);
    const w = (rows: Int32Array) => weightsOf(c, rows, weighted);
    const estimates = {
      turn_failure_rate: weightedProportion(c.is_failed, weights, s.minSampleSize, clusters),
      session_failure_rate: weightedProportion(sessions.failed, weighted ? sessions.weight : new Float64Array(sessions.weight.length).fill(1), s.minSampleSize),
      truncation_rate: weightedProportion(c.is_truncated, weights, s.minSampleSize, clusters),
      tool_error_rate: weightedProportion(c.has_tool_error, weights, s.minSampleSize, clusters),
      repetition_rate: weightedProportion(gather(c.is_repetition, later), w(later), s.minSampleSize, gather(c.session_no, later)),
      mean_quality: weightedMean(gather(c.quality, rated), w(rated), s.minSampleSize, gather(c.session_no, rated)),
    };
    for (const [metric, e] of Object.entries(estimates)) {
      if (e.n === 0) continue; // e.g. no rated turns, or no session with a second turn
      rows.push({ metric, is_weighted: weighted, value: e.value, n: e.n, weighted_n: e.weighted_n, ci_low: e.ci_low, ci_high: e.ci_high, is_small_sample: e.is_small_sample });
    }
    // totals: estimated population counts and sums (a turn with unknown cost is left out of cost)
    const totals = {
      total_turns: [new Float64Array(c.length).fill(1), weights, c.length],
      total_tokens: [c.total_tokens, weights, c.length],
      total_cost_usd: [gather(c.cost_usd, priced), w(priced), priced.length],
    } as const;
    for (const [metric, [values, weights, n]] of Object.entries(totals)) {
      if (n === 0) continue;
      const e = total(values, weights);
      let weightedN = 0;
      for (let i = 0; i < weights.length; i++) weightedN += weights[i]!;
      rows.push({ metric, is_weighted: weighted, value: e.value, n, weighted_n: weightedN, ci_low: e.ci_low, ci_high: e.ci_high, is_small_sample: n < s.minSampleSize });
    }
  }
  return rows;
}
