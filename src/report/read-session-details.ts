/**
 * I/O: the sessions, turns and spans behind the per-session pages, for a bounded list of
 * session ids (bound as one list parameter, never spliced into SQL).
 */
import { listValue, LIST, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import type { TreeSpan } from '../inspect/render-span-tree.js';
import { plainRows } from './plain-rows.js';
import type { SessionDetail } from './render-session-page.js';

/** Returns the details of the given sessions, in the order given (unknown ids are skipped). */
export async function readSessionDetails(connection: DuckDBConnection, sessionIds: string[]): Promise<SessionDetail[]> {
  if (sessionIds.length === 0) return [];
  const ids = { ids: listValue(sessionIds) };
  const types = { ids: LIST(VARCHAR) };
  const read = async (sql: string) => plainRows((await connection.runAndReadAll(sql, ids, types)).getRowObjectsJS() as Record<string, unknown>[], 0);
  const sessions = await read(
    `select session_id, user_id, coalesce(session_type, '(none)') as session_type, strftime(started_at, '%Y-%m-%d %H:%M:%S') as started_at,
            turns, failed_turns, cost_usd, mean_quality, quality_turns, response_models, has_model_change
     from sessions where session_id in (select unnest($ids))`,
  );
  const turns = await read(
    `select session_id, trace_id, turn_index, strftime(started_at, '%Y-%m-%d %H:%M:%S') as started_at, duration_ms,
            last_response_model as model, input_tokens, output_tokens, cost_usd,
            sum(cost_usd) over (partition by session_id order by turn_index) as cumulative_cost_usd,
            failure_kind, failing_span_id, quality
     from turns where session_id in (select unnest($ids)) order by session_id, turn_index`,
  );
  const traces = [...new Set(turns.map((t) => String(t.trace_id)))];
  const spans = plainRows(
    (
      await connection.runAndReadAll(
        `select trace_id, span_id, parent_span_id, name, epoch_ms(started_at) as started_at_ms, duration_ms, status_code,
                operation, response_model, request_model, input_tokens, output_tokens, error_type
         from spans where trace_id in (select unnest($traces))`,
        { traces: listValue(traces) },
        { traces: LIST(VARCHAR) },
      )
    ).getRowObjectsJS() as Record<string, unknown>[],
    0,
  );
  const spansByTrace = new Map<string, TreeSpan[]>();
  for (const s of spans) {
    const key = String(s.trace_id);
    let list = spansByTrace.get(key);
    if (!list) spansByTrace.set(key, (list = []));
    list.push(s as unknown as TreeSpan);
  }
  const bySession = new Map(sessions.map((s) => [String(s.session_id), s]));
  return sessionIds
    .filter((id) => bySession.has(id))
    .map((id) => ({ session: bySession.get(id)!, turns: turns.filter((t) => t.session_id === id), spans: spansByTrace }));
}
