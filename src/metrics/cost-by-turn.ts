/**
 * Pure: per session type (and 'all'), at each turn k, the median and p90 cumulative cost and
 * tokens of the sessions that reached turn k, and the mean marginal input tokens at turn k
 * (input tokens minus the previous turn's: how fast the context grows).
 */
import type { MetricSettings } from './turn-fact.js';
import { allRows, asColumns, gather, groupRows, groupRowsBy, presentRows, sumOf, weightsOf, type TurnInput } from './turn-columns.js';
import { describingQuantiles, weightedMean } from './weighted-estimates.js';

export interface CostByTurnRow {
  session_type: string;
  turn_index: number;
  n: number; // sessions that reached turn k
  weighted_n: number;
  median_cumulative_cost_usd: number | null;
  p90_cumulative_cost_usd: number | null;
  median_cumulative_tokens: number | null;
  p90_cumulative_tokens: number | null;
  mean_marginal_input_tokens: number | null;
  ci_low: number | null; // of mean_marginal_input_tokens
  ci_high: number | null;
  is_small_sample: boolean;
}

/** Returns the cost-by-turn bands. */
export function costByTurn(turns: TurnInput, s: MetricSettings): CostByTurnRow[] {
  const c = asColumns(turns);
  const all = allRows(c.length);
  const rows: CostByTurnRow[] = [];
  const byType = [...groupRowsBy(all, c.session_type)].map(([k, v]) => [k ?? '', v] as const);
  const types = [['all', all] as const, ...byType.sort(([a], [b]) => a.localeCompare(b))];
  for (const [type, list] of types) {
    for (const [k, ts] of [...groupRows(list, c.turn_index)].sort(([a], [b]) => a - b)) {
      const priced = presentRows(ts, c.cumulative_cost_usd);
      const marginal = presentRows(ts, c.marginal_input_tokens);
      const [medianCost, p90Cost] = describingQuantiles(gather(c.cumulative_cost_usd, priced), weightsOf(c, priced), [0.5, 0.9]);
      const [medianTokens, p90Tokens] = describingQuantiles(gather(c.cumulative_tokens, ts), weightsOf(c, ts), [0.5, 0.9]);
      const m = weightedMean(gather(c.marginal_input_tokens, marginal), weightsOf(c, marginal), s.minSampleSize);
      rows.push({
        session_type: type,
        turn_index: k,
        n: ts.length,
        weighted_n: sumOf(c.sampling_weight, ts),
        median_cumulative_cost_usd: medianCost ?? null,
        p90_cumulative_cost_usd: p90Cost ?? null,
        median_cumulative_tokens: medianTokens ?? null,
        p90_cumulative_tokens: p90Tokens ?? null,
        mean_marginal_input_tokens: m.value,
        ci_low: m.ci_low,
        ci_high: m.ci_high,
        is_small_sample: ts.length < s.minSampleSize,
      });
    }
  }
  return rows;
}
