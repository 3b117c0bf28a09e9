/**
 * One turn as the TypeScript metric steps read it from `turn_facts` (queries/4-metrics/turn_facts.sql),
 * only the columns they use (reading is the costly part: each string value becomes a JS string).
 */
export interface TurnFact {
  session_id: string;
  user_id: string | null;
  session_type: string;
  turn_index: number;
  session_turns: number;
  session_cohort: string;
  turn_bucket: number;
  day: string; // YYYY-MM-DD
  provider: string;
  request_model: string | null;
  response_model: string | null;
  sampling_weight: number;
  weight_source: string;
  is_failed: boolean;
  failure_kind: string | null;
  is_truncated: boolean;
  has_tool_error: boolean;
  quality: number | null;
  duration_ms: number;
  total_tokens: number;
  cost_usd: number | null;
  cumulative_tokens: number;
  cumulative_cost_usd: number | null;
  marginal_input_tokens: number | null;
  is_repetition: boolean;
}

/** The knobs the metric steps share. */
export interface MetricSettings {
  /** A rate or mean over fewer rows than this is `is_small_sample`. */
  minSampleSize: number;
  /** Turns at or past this index share one bucket, labelled "<cap>+". */
  turnIndexCap: number;
  /** Failure-prone rankings only rank groups with at least this many sessions. */
  minSupportSessions: number;
  /** Days in each of the before and after windows of a model change. */
  impactWindowDays: number;
  /** Bootstrap resamples for latency quantile differences. */
  bootstrapResamples: number;
}

/** Returns rows grouped by a key, in first-seen order. */
export function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(r);
  }
  return out;
}
