/**
 * Pure: how quality changes over a conversation — failure rate, mean explicit quality and
 * repetition rate by turn bucket, overall and per session-length cohort (1-3, 4-7, 8+ turns),
 * so "turn 10 is worse" can be told apart from "sessions that reach turn 10 are different".
 */
import { groupBy, type MetricSettings, type TurnFact } from './turn-fact.js';
import { weightedMean, weightedProportion } from './weighted-estimates.js';

/** One point of one curve: long format, x = turn_bucket, series = session_cohort × metric. */
export interface TurnQualityRow {
  session_cohort: string; // 'all', '1-3', '4-7' or '8+'
  turn_bucket: number;
  turn_bucket_label: string; // e.g. "3", or "10+" for the capped bucket
  metric: 'failure_rate' | 'mean_quality' | 'repetition_rate';
  value: number | null;
  n: number;
  weighted_n: number;
  ci_low: number | null;
  ci_high: number | null;
  is_small_sample: boolean;
}

/** Returns the turn-quality curves. */
export function turnQuality(turns: TurnFact[], s: MetricSettings): TurnQualityRow[] {
  const rows: TurnQualityRow[] = [];
  const cohorts = [['all', turns] as const, ...[...groupBy(turns, (t) => t.session_cohort)].sort(([a], [b]) => a.localeCompare(b))];
  for (const [cohort, list] of cohorts) {
    const buckets = [...groupBy(list, (t) => String(t.turn_bucket))].sort(([a], [b]) => Number(a) - Number(b));
    for (const [bucket, ts] of buckets) {
      const b = Number(bucket);
      const label = b >= s.turnIndexCap ? `${s.turnIndexCap}+` : String(b);
      const w = ts.map((t) => t.sampling_weight);
      const rated = ts.filter((t) => t.quality !== null);
      const later = ts.filter((t) => t.turn_index > 1);
      const estimates = {
        // clustered by session: the capped bucket holds several turns of one session
        failure_rate: weightedProportion(ts.map((t) => t.is_failed), w, s.minSampleSize, ts.map((t) => t.session_no)),
        mean_quality: weightedMean(rated.map((t) => t.quality!), rated.map((t) => t.sampling_weight), s.minSampleSize, rated.map((t) => t.session_no)),
        // the first turn has no previous completion to repeat
        repetition_rate: weightedProportion(later.map((t) => t.is_repetition), later.map((t) => t.sampling_weight), s.minSampleSize, later.map((t) => t.session_no)),
      };
      for (const [metric, e] of Object.entries(estimates) as [TurnQualityRow['metric'], (typeof estimates)['failure_rate']][]) {
        if (e.n === 0) continue;
        rows.push({ session_cohort: cohort, turn_bucket: b, turn_bucket_label: label, metric, value: e.value, n: e.n, weighted_n: e.weighted_n, ci_low: e.ci_low, ci_high: e.ci_high, is_small_sample: e.is_small_sample });
      }
    }
  }
  return rows;
}
