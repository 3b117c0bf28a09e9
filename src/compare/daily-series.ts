/**
 * Pure: the key metrics of each side per day (failure rate, mean quality, cost per turn), each
 * with n and a 95% interval, so a chart can show when a change happened and how noisy a day is.
 */
import { groupBy } from '../metrics/turn-fact.js';
import { weightedMean, weightedProportion } from '../metrics/weighted-estimates.js';
import type { DailyPoint } from './compare-result.js';
import type { CompareTurn } from './compare-turn.js';

function points(sideName: DailyPoint['side'], turns: CompareTurn[], minN: number): DailyPoint[] {
  const out: DailyPoint[] = [];
  for (const [day, list] of [...groupBy(turns, (t) => t.day)].sort(([a], [b]) => a.localeCompare(b))) {
    const failed = weightedProportion(list.map((t) => t.is_failed), list.map((t) => t.sampling_weight), minN, list.map((t) => t.session_no));
    out.push({ side: sideName, day, metric: 'failure_rate', value: failed.value, n: failed.n, ci_low: failed.ci_low, ci_high: failed.ci_high, is_small_sample: failed.is_small_sample });
    for (const [metric, pick] of [['mean_quality', (t: CompareTurn) => t.quality], ['cost_per_turn_usd', (t: CompareTurn) => t.cost_usd]] as const) {
      const rows = list.filter((t) => pick(t) !== null);
      const m = weightedMean(rows.map((t) => pick(t)!), rows.map((t) => t.sampling_weight), minN, rows.map((t) => t.session_no));
      out.push({ side: sideName, day, metric, value: m.value, n: m.n, ci_low: m.ci_low, ci_high: m.ci_high, is_small_sample: m.is_small_sample });
    }
  }
  return out;
}

/** Returns the before side's days, then the after side's, each in day order, three metrics a day. */
export function dailySeries(before: CompareTurn[], after: CompareTurn[], minN: number): DailyPoint[] {
  return [...points('before', before, minN), ...points('after', after, minN)];
}
