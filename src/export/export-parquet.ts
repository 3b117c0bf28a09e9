/**
 * `spanlens export --format parquet`: spans, turns, sessions and users as Parquet, partitioned by
 * day in hive layout (`<out>/spans/day=2026-11-24/data_0.parquet`), so any engine reading hive
 * partitions (DuckDB, ClickHouse, Spark) can prune by day.
 *
 * Written atomically: everything goes to `<out>.tmp-<pid>` first, which then replaces `<out>`
 * (the old folder is moved aside and removed after the rename), so readers never see a half export.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/open-database.js';
import { quoteIdentifier } from '../db/run-query-file.js';
import { quoteLiteral } from '../inspect/quote-literal.js';

/** The exported tables and the timestamp column that gives each row its day (UTC). */
export const EXPORTED_TABLES: readonly { table: string; dayOf: string }[] = [
  { table: 'spans', dayOf: 'started_at' },
  { table: 'turns', dayOf: 'started_at' },
  { table: 'sessions', dayOf: 'started_at' },
  { table: 'users', dayOf: 'first_seen_at' },
];

/** Writes the tables under `outDir`; returns rows per table. */
export async function exportParquet(dbPath: string, outDir: string): Promise<Record<string, number>> {
  const out = path.resolve(outDir);
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const db = await openDatabase(dbPath, { readOnly: true });
  const counts: Record<string, number> = {};
  try {
    const c = await db.connect();
    for (const { table, dayOf } of EXPORTED_TABLES) {
      const select = `select *, strftime(${quoteIdentifier(dayOf)}, '%Y-%m-%d') as day from ${quoteIdentifier(table)}`;
      await c.run(`copy (${select}) to ${quoteLiteral(path.join(tmp, table))} (format parquet, partition_by (day), compression zstd)`);
      counts[table] = Number((await c.runAndReadAll(`select count(*) from ${quoteIdentifier(table)}`)).getRows()[0]![0]);
    }
    c.closeSync();
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  } finally {
    db.close();
  }
  const old = `${out}.old-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(tmp, out);
  rmSync(old, { recursive: true, force: true });
  return counts;
}

/** Returns the statements that make each exported table a view over a Parquet export folder. */
export function parquetViews(dir: string): string[] {
  return EXPORTED_TABLES.map(
    ({ table }) =>
      `create or replace view ${quoteIdentifier(table)} as select * from read_parquet(${quoteLiteral(path.join(path.resolve(dir), table, '**', '*.parquet'))}, hive_partitioning = true)`,
  );
}
