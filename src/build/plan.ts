/**
 * The build plan: which SQL files become which tables, in dependency order (the explicit DAG).
 * `ls queries` reads in data-flow order; within a layer this list is the order. A test checks
 * that every .sql file under queries/ appears here exactly once.
 */

export interface PlanStep {
  /** Path under queries/, e.g. "3-link/turns.sql"; the table (or view) is named after the file. */
  file: string;
  /** 'computed': the file is DDL and a TypeScript step fills the table (src/metrics/compute-metric-tables.ts). */
  kind: 'table' | 'view' | 'computed';
}

/** Landing tables (DDL), created by ingest and build alike. */
export const RAW_FILES = ['1-raw/ingested_files.sql', '1-raw/raw_spans.sql', '1-raw/ingest_errors.sql', '1-raw/removed_traces.sql'];

/** Traces that lost raw spans since the last build, to retention or to a changed file read again. */
export const REMOVED_TRACES_FILE = '1-raw/removed_traces.sql';

/** The memory limit a build needed after running out (written by src/build/build-tables.ts). */
export const BUILD_MEMORY_FILE = '1-raw/build_memory.sql';

/** What the last build included, for the next build to decide whether it may splice (src/build/incremental-build.ts). */
export const BUILD_STATE_FILE = '1-raw/build_state.sql';

/** Written by TypeScript during the build (prices need the price library). */
export const PRICE_FILE = '1-raw/model_prices.sql';

/**
 * Marks which copy of each span is current (an UPDATE, not a table): run after every ingest and at
 * the start of every build, for the files not yet deduplicated.
 */
export const MARK_CURRENT_FILE = '2-normalize/raw_spans__mark_current.sql';

/** The view of current span copies; ingest creates it too, so `spans` is there before any build. */
export const SPANS_VIEW_FILE = '2-normalize/spans.sql';

/** Derived tables and views, rebuilt on every build, in this order. */
export const BUILD_PLAN: PlanStep[] = [
  { file: SPANS_VIEW_FILE, kind: 'view' },
  { file: '3-link/trace_integrity.sql', kind: 'table' },
  { file: '3-link/span_failures.sql', kind: 'table' },
  { file: '3-link/model_call_costs.sql', kind: 'table' },
  { file: '3-link/turns.sql', kind: 'table' },
  { file: '3-link/sessions.sql', kind: 'table' },
  { file: '3-link/users.sql', kind: 'table' },
  { file: '4-metrics/turn_facts.sql', kind: 'table' },
  { file: '4-metrics/session_growth.sql', kind: 'table' },
  { file: '4-metrics/session_cost_curves.sql', kind: 'view' }, // columns of turn_facts: not stored twice
  { file: '4-metrics/model_snapshot_shares.sql', kind: 'table' },
  { file: '4-metrics/model_changes.sql', kind: 'table' },
  { file: '4-metrics/overall_rates.sql', kind: 'computed' },
  { file: '4-metrics/turn_quality.sql', kind: 'computed' },
  { file: '4-metrics/cost_by_turn.sql', kind: 'computed' },
  { file: '4-metrics/growth_by_session_type.sql', kind: 'computed' },
  { file: '4-metrics/failure_prone_session_types.sql', kind: 'computed' },
  { file: '4-metrics/failure_prone_users.sql', kind: 'computed' },
  { file: '4-metrics/failure_kinds_by_type.sql', kind: 'computed' },
  { file: '4-metrics/model_change_impacts.sql', kind: 'computed' },
  { file: '4-metrics/metric_weighting.sql', kind: 'computed' },
  { file: 'views/llm_calls.sql', kind: 'view' },
  { file: 'views/tool_calls.sql', kind: 'view' },
  { file: 'views/retrievals.sql', kind: 'view' },
];

/** The scope of an incremental build, in this order (temp tables; src/build/incremental-build.ts). */
export const INCREMENTAL_FILES = [
  'incremental/changed_traces.sql',
  'incremental/scope_sessions.sql',
  'incremental/scope_traces.sql',
  'incremental/scope_old_traces.sql',
  'incremental/scope_users.sql',
];

/** Invariant checks: each returns the rows that violate it, so an empty result passes. */
export const CHECK_FILES = [
  'checks/spans__unique_span_id.sql',
  'checks/turns__unique_trace_id.sql',
  'checks/turns__every_trace_is_a_turn.sql',
  'checks/turns__have_a_session.sql',
  'checks/turns__turn_index_is_dense.sql',
  'checks/turns__model_call_tokens_match_spans.sql',
  'checks/sessions__tokens_match_turns.sql',
  'checks/users__totals_match_sessions.sql',
  'checks/turn_facts__one_row_per_turn.sql',
  'checks/metrics__intervals_contain_values.sql',
];
