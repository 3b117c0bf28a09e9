/**
 * The data structure `spanlens compare` produces: everything the terminal table, `--json` and an
 * HTML page need, computed once (src/compare/assemble-compare.ts). Renderers only format it, so
 * the three can never disagree.
 */
import type { Verdict } from './verdict.js';

/** Where a row's turns come from: all turns, the before-mix standardized sum, or one session type. */
export type CompareScope = 'overall' | 'mix_adjusted' | 'session_type';

/** How the two sides were chosen. */
export type CompareMode = 'windows' | 'change' | 'snapshot';

/** One side of the comparison. */
export interface CompareSide {
  /** As the user gave it, or as derived (e.g. "2026-10-01..2026-10-07"). */
  label: string;
  /** ISO 8601 UTC; the range is half-open [from, to). */
  from: string;
  to: string;
  /** Snapshot comparisons: only turns answered by this snapshot; otherwise null. */
  response_model: string | null;
  /** Snapshot comparisons over overlap days: the days used (YYYY-MM-DD); otherwise null (every day). */
  days: string[] | null;
  turns: number;
  sessions: number;
}

/** The detected change a `--change ID` comparison is about. */
export interface ChangeRef {
  id: string;
  provider: string;
  request_model: string;
  previous_snapshot: string | null;
  new_snapshot: string;
  change_day: string; // YYYY-MM-DD
}

/** One compared metric in one scope: after − before with its interval, test and verdict. */
export interface CompareRow {
  scope: CompareScope;
  /** Session type for scope 'session_type', else 'all'. */
  segment: string;
  metric: string;
  higher_is_better: boolean;
  before_value: number | null;
  after_value: number | null;
  /** Turns with a value for this metric on each side (e.g. only scored turns for quality). */
  before_n: number;
  after_n: number;
  /** Sessions those turns belong to: the evidence grows with sessions more than with turns. */
  before_sessions: number;
  after_sessions: number;
  difference: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
  /** Holm-adjusted across every row of the result that has enough data (one family). */
  p_holm: number | null;
  is_small_sample: boolean;
  verdict: Verdict;
}

/** One day of one side: a key metric with its sample size and interval, for charts. */
export interface DailyPoint {
  side: 'before' | 'after';
  day: string; // YYYY-MM-DD
  metric: 'failure_rate' | 'mean_quality' | 'cost_per_turn_usd';
  value: number | null;
  n: number;
  ci_low: number | null;
  ci_high: number | null;
  is_small_sample: boolean;
}

/** A session of the after side that did badly: most failed turns, then lowest quality. */
export interface WorstSession {
  session_type: string;
  /** 1 = worst of its type. */
  rank: number;
  session_id: string;
  user_id: string | null;
  /** Turns of the session inside the after side. */
  turns: number;
  failed_turns: number;
  failure_kinds: string[];
  mean_quality: number | null;
  scored_turns: number;
  first_failed_trace_id: string | null;
  started_at: string; // ISO, first turn in the after side
  response_models: string[];
}

export interface CompareResult {
  kind: 'spanlens.compare';
  version: 1;
  mode: CompareMode;
  before: CompareSide;
  after: CompareSide;
  filters: { provider: string | null; request_model: string | null; session_type: string | null };
  change: ChangeRef | null;
  /** The metrics compared, in output order. */
  metrics: string[];
  settings: { min_n: number; min_sessions: number; alpha: number; bootstrap_resamples: number; window_days: number | null };
  /** How many tests Holm adjusted together (rows with a p-value and enough data). */
  holm_family_size: number;
  evidence: 'observational';
  /** One sentence saying what the windows are and why this is not proof of cause. */
  note: string;
  /** Scope order: overall, mix_adjusted, then session types alphabetically; metrics in `metrics` order. */
  rows: CompareRow[];
  daily: DailyPoint[];
  worst_sessions: WorstSession[];
}

/** A turn as compare reads it: a turn fact plus its trace id and start instant. */
export type { CompareTurn } from './compare-turn.js';
