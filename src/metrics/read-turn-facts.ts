/**
 * I/O: reads `turn_facts` into the TurnFact rows the metric steps use, in session and turn order.
 * (Reading string columns as dictionary codes was tried: the dense ranks cost DuckDB more than
 * decoding the strings saves.)
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { numberSessions, turnFactAt, type ResultColumns, type TurnFact } from './turn-fact.js';

const TURN_FACT_COLUMNS = `
  session_id, user_id, coalesce(session_type, '') as session_type, cast(turn_index as integer) as turn_index,
  cast(session_turns as integer) as session_turns, session_cohort, cast(turn_bucket as integer) as turn_bucket,
  strftime(day, '%Y-%m-%d') as day, provider, request_model, response_model, sampling_weight, weight_source,
  is_failed, failure_kind, is_truncated, has_tool_error, quality, cast(duration_ms as double) as duration_ms,
  cast(total_tokens as double) as total_tokens, cost_usd, cast(cumulative_tokens as double) as cumulative_tokens,
  cumulative_cost_usd, cast(marginal_input_tokens as double) as marginal_input_tokens, is_repetition`;

/** Returns every turn fact (in session and turn order); with `days`, only turns of days in [since, until). */
export async function readTurnFacts(connection: DuckDBConnection, days?: { since: string; until: string }): Promise<TurnFact[]> {
  const where = days ? ` where day >= cast($since as date) and day < cast($until as date)` : '';
  const reader = await connection.runAndReadAll(`select ${TURN_FACT_COLUMNS} from turn_facts${where} order by session_id, turn_index`, days ? { ...days } : undefined);
  // column-wise conversion is several times faster than row objects; rows are assembled here
  const columns = reader.getColumnsObjectJS() as ResultColumns;
  return numberSessions(Array.from({ length: reader.currentRowCount }, (_, i) => turnFactAt(columns, i)));
}
