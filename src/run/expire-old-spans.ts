/**
 * Retention: deletes raw spans that started before the cutoff, in one transaction.
 *
 * A file whose spans are all older than the cutoff loses its manifest row (`ingested_files`) and
 * its `ingest_errors` rows with them. A file with some old and some new spans keeps its manifest
 * row (so it is not read again, which would bring the old spans back) and only its old spans go.
 * A fully expired file still lying in the input folder is read again on the next run and expired
 * again by this step, so the tables stay right; rotate export files away sooner than the retention.
 * The traces that lost spans are recorded in `removed_traces`, so the build that follows recomputes
 * only their sessions (and the new files'), not every table whole.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { REMOVED_TRACES_FILE } from '../build/plan.js';
import { runDdlFile } from '../db/run-query-file.js';

export interface RetentionResult {
  cutoff: string;
  spans_expired: number;
  files_expired: number;
}

/** Deletes spans older than `retainDays` before `now`; returns what went. */
export async function expireOldSpans(c: DuckDBConnection, retainDays: number, now: Date): Promise<RetentionResult> {
  const cutoffMs = now.getTime() - retainDays * 86_400_000;
  const params = { cutoff: BigInt(cutoffMs) * 1_000_000n };
  await c.run('begin transaction');
  try {
    const counted = await c.runAndReadAll(`select count(*) from raw_spans where start_time_unix_nano < $cutoff`, params);
    const spansExpired = Number(counted.getRows()[0]![0]);
    let filesExpired = 0;
    if (spansExpired > 0) {
      await runDdlFile(c, REMOVED_TRACES_FILE);
      await c.run(
        `insert into removed_traces
         select trace_id, file_id, count(*), 'retention' from raw_spans where start_time_unix_nano < $cutoff group by all`,
        params,
      );
      await c.run(`delete from raw_spans where start_time_unix_nano < $cutoff`, params);
      await c.run(`create or replace temp table expired_files as
                   select file_id from ingested_files f
                   where status <> 'superseded' and span_count > 0
                     and not exists (select 1 from raw_spans r where r.file_id = f.file_id)`);
      filesExpired = Number((await c.runAndReadAll('select count(*) from expired_files')).getRows()[0]![0]);
      await c.run('delete from ingest_errors where file_id in (select file_id from expired_files)');
      await c.run('delete from ingested_files where file_id in (select file_id from expired_files)');
      await c.run('drop table expired_files');
    }
    await c.run('commit');
    return { cutoff: new Date(cutoffMs).toISOString(), spans_expired: spansExpired, files_expired: filesExpired };
  } catch (error) {
    await c.run('rollback').catch(() => {});
    throw error;
  }
}
