/**
 * Pure: how quality changes over a conversation — failure rate, mean explicit quality and
 * repetition rate by turn bucket, overall and per session-length cohort (1-3, 4-7, 8+ turns),
 * so "turn 10 is worse" can be told apart from "sessions that reach turn 10 are different".
 */
import type { MetricSettings } from './turn-fact.js';
import { allRows, asColumns, gather, groupRows, groupRowsBy, presentRows, selectRows, weightsOf, type TurnInput } from './turn-columns.js';
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
export function turnQuality(turns: TurnInput, s: MetricSettings): TurnQualityRow[] {
  const c = asColumns(turns);
  const all = allRows(c.length);
  const rows: TurnQualityRow[] = [];
  const byCohort = [...groupRowsBy(all, c.session_cohort)].map(([k, v]) => [k ?? '', v] as const);
  const cohorts = [['all', all] as const, ...byCohort.sort(([a], [b]) => a.localeCompare(b))];
  for (const [cohort, list] of cohorts) {
    const buckets = [...groupRows(list, c.turn_bucket)].sort(([a], [b]) => a - b);
    for (const [b, ts] of buckets) {
      const label = b >= s.turnIndexCap ? `${s.turnIndexCap}+` : String(b);
      const rated = presentRows(ts, c.quality);
      const later = selectRows(ts, (i) => c.turn_index[i]! > 1);
      const estimates = {
        // clustered by session: the capped bucket holds several turns of one session
        failure_rate: weightedProportion(gather(c.is_failed, ts), weightsOf(c, ts), s.minSampleSize, gather(c.session_no, ts)),
        mean_quality: weightedMean(gather(c.quality, rated), weightsOf(c, rated), s.minSampleSize, gather(c.session_no, rated)),
        // the first turn has no previous completion to repeat
        repetition_rate: weightedProportion(gather(c.is_repetition, later), weightsOf(c, later), s.minSampleSize, gather(c.session_no, later)),
      };
      for (const [metric, e] of Object.entries(estimates) as [TurnQualityRow['metric'], (typeof estimates)['failure_rate']][]) {
        if (e.n === 0) continue;
        rows.push({ session_cohort: cohort, turn_bucket: b, turn_bucket_label: label, metric, value: e.value, n: e.n, weighted_n: e.weighted_n, ci_low: e.ci_low, ci_high: e.ci_high, is_small_sample: e.is_small_sample });
      }
    }
  }
  return rows;
}
