/**
 * `spanlens trace <trace_id>` and `spanlens session <session_id>`: read one trace's spans or one
 * session's turns from the database (ids bound as parameters, never spliced into SQL).
 */
import { openDatabase } from '../db/open-database.js';
import { UsageError } from '../errors.js';
import { formatAligned, type Row } from './format-table.js';
import { renderSpanTree, type TreeSpan } from './render-span-tree.js';

async function select(dbPath: string, sql: string, params: Record<string, string>): Promise<Row[]> {
  const db = await openDatabase(dbPath, { readOnly: true });
  const connection = await db.connect();
  try {
    return (await connection.runAndReadAll(sql, params)).getRowObjectsJS() as Row[];
  } catch (error) {
    if (/Table with name \w+ does not exist/.test(String(error))) throw new UsageError(`the database has no derived tables yet: run spanlens build first`);
    throw error;
  } finally {
    connection.closeSync();
    db.close();
  }
}

/** Returns the printed span tree of a trace; UsageError when it is not in the database. */
export async function showTrace(dbPath: string, traceId: string): Promise<string> {
  const id = traceId.toLowerCase();
  const spans = await select(
    dbPath,
    `select span_id, parent_span_id, name, epoch_ms(started_at) as started_at_ms, duration_ms, status_code, operation,
            response_model, request_model, input_tokens, output_tokens, error_type
     from spans where trace_id = $id`,
    { id },
  );
  if (spans.length === 0) throw new UsageError(`trace ${traceId} is not in the database`);
  const turn = (await select(dbPath, `select session_id, turn_index, failure_kind, failing_span_id from turns where trace_id = $id`, { id }))[0];
  const toNum = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const tree = renderSpanTree(
    spans.map((s) => ({
      ...(s as unknown as TreeSpan),
      started_at_ms: Number(s.started_at_ms),
      duration_ms: toNum(s.duration_ms),
      input_tokens: toNum(s.input_tokens),
      output_tokens: toNum(s.output_tokens),
    })),
    (turn?.failing_span_id as string | null) ?? null,
    (turn?.failure_kind as string | null) ?? null,
  );
  const head = turn ? `trace ${id}  session ${turn.session_id}  turn ${turn.turn_index}${turn.failure_kind ? `  failed: ${turn.failure_kind}` : ''}` : `trace ${id}`;
  return [head, ...tree].join('\n');
}

/** Returns a session's turns as rows, turn by turn with cumulative cost. */
export async function sessionTurns(dbPath: string, sessionId: string): Promise<Row[]> {
  const rows = await select(
    dbPath,
    `select turn_index, started_at, trace_id, last_response_model as model, input_tokens, output_tokens, cache_read_tokens,
            cost_usd, sum(cost_usd) over (order by turn_index) as cumulative_cost_usd, failure_kind, quality
     from turns where session_id = $id order by turn_index`,
    { id: sessionId },
  );
  if (rows.length === 0) throw new UsageError(`session ${sessionId} is not in the database`);
  return rows;
}

/** Returns the session's turns as an aligned table. */
export async function showSession(dbPath: string, sessionId: string): Promise<string> {
  const rows = await sessionTurns(dbPath, sessionId);
  return `session ${sessionId}\n` + formatAligned(Object.keys(rows[0]!), rows);
}
