/**
 * Pure: per session type (and 'all'), at each turn k, the median and p90 cumulative cost and
 * tokens of the sessions that reached turn k, and the mean marginal input tokens at turn k
 * (input tokens minus the previous turn's: how fast the context grows).
 */
import { groupBy, type MetricSettings, type TurnFact } from './turn-fact.js';
import { weightedMean, weightedQuantiles } from './weighted-estimates.js';

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
export function costByTurn(turns: TurnFact[], s: MetricSettings): CostByTurnRow[] {
  const rows: CostByTurnRow[] = [];
  const types = [['all', turns] as const, ...[...groupBy(turns, (t) => t.session_type)].sort(([a], [b]) => a.localeCompare(b))];
  for (const [type, list] of types) {
    for (const [k, ts] of [...groupBy(list, (t) => String(t.turn_index))].sort(([a], [b]) => Number(a) - Number(b))) {
      const w = ts.map((t) => t.sampling_weight);
      const priced = ts.filter((t) => t.cumulative_cost_usd !== null);
      const pw = priced.map((t) => t.sampling_weight);
      const marginal = ts.filter((t) => t.marginal_input_tokens !== null);
      const [medianCost, p90Cost] = weightedQuantiles(priced.map((t) => t.cumulative_cost_usd!), pw, [0.5, 0.9]);
      const [medianTokens, p90Tokens] = weightedQuantiles(ts.map((t) => t.cumulative_tokens), w, [0.5, 0.9]);
      const m = weightedMean(marginal.map((t) => t.marginal_input_tokens!), marginal.map((t) => t.sampling_weight), s.minSampleSize);
      rows.push({
        session_type: type,
        turn_index: Number(k),
        n: ts.length,
        weighted_n: w.reduce((a, b) => a + b, 0),
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
