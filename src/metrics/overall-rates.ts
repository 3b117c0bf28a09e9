/**
 * Pure: the headline rates over every turn (or session), each both weighted by the sampling
 * weight and unweighted, so a report can show what reweighting changed: under tail sampling
 * (all errors kept, a tenth of the rest) the unweighted failure rate is far too high.
 */
import { groupBy, type MetricSettings, type TurnFact } from './turn-fact.js';
import { weightedMean, weightedProportion } from './weighted-estimates.js';

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
  const sessions = [...groupBy(turns, (t) => t.session_id).values()].map((ts) => ({
    failed: ts.some((t) => t.is_failed),
    weight: ts.reduce((a, t) => a + t.sampling_weight, 0) / ts.length,
  }));
  const rated = turns.filter((t) => t.quality !== null);
  const later = turns.filter((t) => t.turn_index > 1);
  const rows: OverallRateRow[] = [];
  for (const weighted of [true, false]) {
    const w = (xs: { sampling_weight: number }[]) => xs.map((x) => (weighted ? x.sampling_weight : 1));
    const c = (xs: TurnFact[]) => xs.map((x) => x.session_id);
    const estimates = {
      turn_failure_rate: weightedProportion(turns.map((t) => t.is_failed), w(turns), s.minSampleSize, c(turns)),
      session_failure_rate: weightedProportion(sessions.map((x) => x.failed), sessions.map((x) => (weighted ? x.weight : 1)), s.minSampleSize),
      truncation_rate: weightedProportion(turns.map((t) => t.is_truncated), w(turns), s.minSampleSize, c(turns)),
      tool_error_rate: weightedProportion(turns.map((t) => t.has_tool_error), w(turns), s.minSampleSize, c(turns)),
      repetition_rate: weightedProportion(later.map((t) => t.is_repetition), w(later), s.minSampleSize, c(later)),
      mean_quality: weightedMean(rated.map((t) => t.quality!), w(rated), s.minSampleSize, c(rated)),
    };
    for (const [metric, e] of Object.entries(estimates)) {
      rows.push({ metric, is_weighted: weighted, value: e.value, n: e.n, weighted_n: e.weighted_n, ci_low: e.ci_low, ci_high: e.ci_high, is_small_sample: e.is_small_sample });
    }
  }
  return rows;
}
