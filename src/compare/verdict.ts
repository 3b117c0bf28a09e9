/**
 * Pure: what a before/after difference means for each metric. A verdict is given only when both
 * sides reach the minimum sample size and the Holm-adjusted p-value is below alpha; otherwise it
 * says so ("too little data", "no significant change") rather than guess.
 */

export type Verdict = 'better' | 'worse' | 'no significant change' | 'too little data';

/** Which direction is good, per compared metric (lower failure rate, latency, tokens, cost is better). */
export const HIGHER_IS_BETTER: Readonly<Record<string, boolean>> = {
  failure_rate: false,
  mean_quality: true,
  latency_p50_ms: false,
  latency_p95_ms: false,
  tokens_per_turn: false,
  cost_per_turn_usd: false,
  truncation_rate: false,
  tool_error_rate: false,
};

export interface VerdictInput {
  metric: string;
  difference: number | null; // after − before
  p_holm: number | null;
  is_small_sample: boolean;
}

/** Returns the verdict of one compared metric. */
export function verdictOf(row: VerdictInput, alpha = 0.05): Verdict {
  if (row.is_small_sample || row.difference === null || row.p_holm === null) return 'too little data';
  if (!(row.p_holm < alpha) || row.difference === 0) return 'no significant change';
  const higherIsBetter = HIGHER_IS_BETTER[row.metric];
  if (higherIsBetter === undefined) throw new Error(`no direction known for metric ${row.metric}`);
  return row.difference > 0 === higherIsBetter ? 'better' : 'worse';
}
