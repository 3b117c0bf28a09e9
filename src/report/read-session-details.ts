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
     from sessions where list_contains($ids, session_id)`,
  );
  const turns = await read(
    `select session_id, trace_id, turn_index, strftime(started_at, '%Y-%m-%d %H:%M:%S') as started_at, duration_ms,
            last_response_model as model, input_tokens, output_tokens, cost_usd,
            sum(cost_usd) over (partition by session_id order by turn_index) as cumulative_cost_usd,
            failure_kind, failing_span_id, quality
     from turns where list_contains($ids, session_id) order by session_id, turn_index`,
  );
  const spans = await read(
    `select s.trace_id, s.span_id, s.parent_span_id, s.name, epoch_ms(s.started_at) as started_at_ms, s.duration_ms, s.status_code,
            s.operation, s.response_model, s.request_model, s.input_tokens, s.output_tokens, s.error_type
     from spans as s semi join (select trace_id from turns where list_contains($ids, session_id)) as t on t.trace_id = s.trace_id`,
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
