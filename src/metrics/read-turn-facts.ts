/**
 * I/O: reads `turn_facts` as the turn columns the metric steps use (src/metrics/turn-columns.ts), in session and turn order.
 * Most text columns repeat across turns, so they are read as codes into dictionaries
 * (src/db/read-coded-columns.ts). (Coding them with dense_rank windows was tried: slower.)
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readTypedColumnCodes, type ColumnKind } from '../db/read-coded-columns.js';
import { columnsFromResult, type TurnColumns } from './turn-columns.js';

const TURN_FACT_COLUMNS = `
  session_id, user_id, coalesce(session_type, '') as session_type, cast(turn_index as integer) as turn_index,
  cast(session_turns as integer) as session_turns, session_cohort, cast(turn_bucket as integer) as turn_bucket,
  strftime(day, '%Y-%m-%d') as day, provider, request_model, response_model, sampling_weight, weight_source,
  is_failed, failure_kind, is_truncated, has_tool_error, quality, cast(duration_ms as double) as duration_ms,
  cast(total_tokens as double) as total_tokens, cost_usd, cast(cumulative_tokens as double) as cumulative_tokens,
  cumulative_cost_usd, cast(marginal_input_tokens as double) as marginal_input_tokens, is_repetition`;

/**
 * The text columns of TurnFact with few distinct values, read as dictionary codes. The user id
 * is coded too (here, not in the compare's turns); the session id is not read at all: the metric
 * steps need only where each session starts (`starts_session`). Turning the two ids into 226k JS
 * strings took 0.6 s of a 1.3–2.0 s read on the benchmark corpus; the window that computes the
 * flag and the join to the user dictionary add 0.1–0.25 s in DuckDB.
 */
export const TURN_FACT_REPEATED_TEXT = [
  'session_type', 'session_cohort', 'day', 'provider', 'request_model', 'response_model', 'weight_source', 'failure_kind',
] as const;

type DayRange = { since: string; until: string };

const query = (days?: DayRange) => ({
  select: `select ${TURN_FACT_COLUMNS} from turn_facts${days ? ` where day >= cast($since as date) and day < cast($until as date)` : ''}`,
  orderBy: 'session_id, turn_index',
  ...(days ? { params: { ...days } } : {}),
  coded: [...TURN_FACT_REPEATED_TEXT, 'user_id'],
  omit: ['session_id'],
  // every session's turns are numbered 1, 2, … (checks/turns__turn_index_is_dense.sql), so its
  // first row is turn 1; a window of days can begin inside a session, so there the row after
  // another session's is (without the window over all rows, reading 2.3M turns took 10.8 s, not 13.0 s)
  extra: days
    ? 'q.session_id is distinct from lag(q.session_id) over (order by q.session_id, q.turn_index) as starts_session'
    : 'q.turn_index = 1 as starts_session',
});

/** How each turn-fact column is read as a typed array (coded text columns as integer codes). */
const COLUMN_KINDS: Record<string, ColumnKind> = {
  starts_session: 'flag', user_id: 'integer', turn_index: 'integer', session_turns: 'integer', turn_bucket: 'integer', sampling_weight: 'number',
  is_failed: 'flag', is_truncated: 'flag', has_tool_error: 'flag', is_repetition: 'flag', quality: 'number', duration_ms: 'number',
  total_tokens: 'number', cost_usd: 'number', cumulative_tokens: 'number', cumulative_cost_usd: 'number', marginal_input_tokens: 'number',
  ...Object.fromEntries(TURN_FACT_REPEATED_TEXT.map((c) => [c, 'integer' as const])),
};

/** Returns every turn fact (in session and turn order) as columns; with `days`, only turns of days in [since, until). */
export async function readTurnColumns(connection: DuckDBConnection, days?: DayRange): Promise<TurnColumns> {
  // shared memory: the model_change_impacts worker reads the columns without a copy
  const { columns, dictionaries } = await readTypedColumnCodes(connection, query(days), COLUMN_KINDS, { shared: true });
  return columnsFromResult(columns, dictionaries, true);
}
