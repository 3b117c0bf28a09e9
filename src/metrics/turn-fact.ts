import type { ResultColumns } from '../db/read-coded-columns.js';

/**
 * One turn as the TypeScript metric steps read it from `turn_facts` (queries/4-metrics/turn_facts.sql),
 * only the columns they use (reading is the costly part; src/metrics/read-turn-facts.ts).
 */
export interface TurnFact {
  session_id: string;
  /** The session as a small integer (0, 1, … in read order; see numberSessions): the cluster id of variance estimates. */
  session_no: number;
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

/** Sets each row's session_no: equal session ids get equal numbers, 0, 1, … in first-seen order. */
export function numberSessions<T extends { session_id: string; session_no?: number }>(rows: T[]): T[] {
  const ids = new Map<string, number>();
  for (const r of rows) {
    let n = ids.get(r.session_id);
    if (n === undefined) ids.set(r.session_id, (n = ids.size));
    r.session_no = n;
  }
  return rows;
}

export type { ResultColumns };

/**
 * Returns row i of the result columns as a TurnFact (session_no still to be set by numberSessions).
 * Written as one object literal so every turn shares one hidden class: adding two dozen
 * properties one by one leaves V8 objects in slow dictionary mode, and every metric step that
 * walks 200k turns then pays for it many times over.
 */
export function turnFactAt(c: ResultColumns, i: number): TurnFact {
  return {
    session_id: c.session_id![i] as string,
    session_no: -1,
    user_id: c.user_id![i] as string | null,
    session_type: c.session_type![i] as string,
    turn_index: c.turn_index![i] as number,
    session_turns: c.session_turns![i] as number,
    session_cohort: c.session_cohort![i] as string,
    turn_bucket: c.turn_bucket![i] as number,
    day: c.day![i] as string,
    provider: c.provider![i] as string,
    request_model: c.request_model![i] as string | null,
    response_model: c.response_model![i] as string | null,
    sampling_weight: c.sampling_weight![i] as number,
    weight_source: c.weight_source![i] as string,
    is_failed: c.is_failed![i] as boolean,
    failure_kind: c.failure_kind![i] as string | null,
    is_truncated: c.is_truncated![i] as boolean,
    has_tool_error: c.has_tool_error![i] as boolean,
    quality: c.quality![i] as number | null,
    duration_ms: c.duration_ms![i] as number,
    total_tokens: c.total_tokens![i] as number,
    cost_usd: c.cost_usd![i] as number | null,
    cumulative_tokens: c.cumulative_tokens![i] as number,
    cumulative_cost_usd: c.cumulative_cost_usd![i] as number | null,
    marginal_input_tokens: c.marginal_input_tokens![i] as number | null,
    is_repetition: c.is_repetition![i] as boolean,
  };
}
