/**
 * The `runs` table: one row per `spanlens run`, written when the run starts (finished_at NULL) and
 * completed when it ends. A row still unfinished when the next run takes the lock belonged to a
 * run that was killed; it is marked `interrupted`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

const RUNS_DDL = `create table if not exists runs (
    run_id            varchar primary key,  -- random UUID
    started_at        timestamp not null,   -- UTC
    finished_at       timestamp,            -- NULL while running, or if the run was killed
    status            varchar not null,     -- running, ok, partial, failed, interrupted
    host              varchar,
    pid               integer,
    inputs            json,
    files_seen        integer,
    files_ingested    integer,
    files_skipped     integer,
    files_rejected    integer,
    spans_read        bigint,
    spans_in_database bigint,
    spans_expired     bigint,
    duration_ms       bigint,
    exit_code         integer,
    error             varchar
)`;

export interface RunRecord {
  files_seen: number;
  files_ingested: number;
  files_skipped: number;
  files_rejected: number;
  spans_read: number;
  spans_in_database: number;
  spans_expired: number;
  duration_ms: number;
  exit_code: number;
  error: string | null;
}

/** Creates `runs` if needed, marks unfinished rows interrupted and inserts this run's row. */
export async function startRunRow(c: DuckDBConnection, row: { runId: string; startedAt: Date; host: string; pid: number; inputs: string[] }): Promise<number> {
  await c.run(RUNS_DDL);
  const interrupted = await c.runAndReadAll(`update runs set status = 'interrupted' where finished_at is null returning run_id`);
  await c.run(
    `insert into runs (run_id, started_at, status, host, pid, inputs) values ($id, $started::timestamp, 'running', $host, $pid, $inputs::json)`,
    { id: row.runId, started: isoUtc(row.startedAt), host: row.host, pid: row.pid, inputs: JSON.stringify(row.inputs) },
  );
  return interrupted.getRows().length;
}

/** Completes this run's row. */
export async function finishRunRow(c: DuckDBConnection, runId: string, finishedAt: Date, r: RunRecord): Promise<void> {
  await c.run(RUNS_DDL);
  const status = r.error !== null ? 'failed' : r.exit_code === 3 ? 'partial' : r.exit_code === 0 ? 'ok' : 'failed';
  await c.run(
    `update runs set finished_at = $finished::timestamp, status = $status, files_seen = $seen, files_ingested = $ingested,
       files_skipped = $skipped, files_rejected = $rejected, spans_read = $read, spans_in_database = $spans,
       spans_expired = $expired, duration_ms = $ms, exit_code = $code, error = $error
     where run_id = $id`,
    {
      id: runId,
      finished: isoUtc(finishedAt),
      status,
      seen: r.files_seen,
      ingested: r.files_ingested,
      skipped: r.files_skipped,
      rejected: r.files_rejected,
      read: r.spans_read,
      spans: r.spans_in_database,
      expired: r.spans_expired,
      ms: r.duration_ms,
      code: r.exit_code,
      error: r.error,
    },
  );
}

function isoUtc(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}
