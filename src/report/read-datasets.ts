/**
 * I/O: loads the datasets a report reads. A name is either a query in `queries/reports/<name>.sql`
 * (run with $since/$until — and $top_k where used — bound as parameters) or a metric table of the
 * build read whole. For a window (--since/--until), the metric tables computed from turn facts
 * alone are first recomputed from that window's turns into temporary tables of the same names,
 * which shadow the stored ones for this connection only; the database is not written.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { BUILD_PLAN } from '../build/plan.js';
import { readQuery, quoteIdentifier } from '../db/run-query-file.js';
import { appendTableRows } from '../metrics/append-table-rows.js';
import { TURN_FACT_TABLES, turnFactTableRows } from '../metrics/compute-metric-tables.js';
import { readTurnColumns } from '../metrics/read-turn-facts.js';
import type { MetricSettings } from '../metrics/turn-fact.js';
import { queriesDirectory } from '../paths.js';
import type { Row } from './compile-chart.js';
import { plainRows } from './plain-rows.js';

export interface DayWindow {
  /** Inclusive, YYYY-MM-DD. */
  since: string;
  /** Exclusive, YYYY-MM-DD. */
  until: string;
}

export const ALL_DAYS: DayWindow = { since: '0001-01-01', until: '9999-12-31' };

/** The metric tables a report may name directly. */
export function metricTables(): string[] {
  return BUILD_PLAN.filter((p) => p.file.startsWith('4-metrics/')).map((p) => path.basename(p.file, '.sql'));
}

/** Replaces each turn-fact metric table by its recomputation over the window's turns (temp tables). */
export async function shadowMetricTablesForWindow(connection: DuckDBConnection, window: DayWindow, s: MetricSettings): Promise<number> {
  const turns = await readTurnColumns(connection, window);
  const catalog = String((await connection.runAndReadAll('select current_database()')).getRows()[0]![0]);
  for (const table of TURN_FACT_TABLES) {
    await connection.run(`create or replace temp table ${quoteIdentifier(table)} as select * from ${quoteIdentifier(catalog)}.main.${quoteIdentifier(table)} limit 0`);
    await appendTableRows(connection, table, turnFactTableRows(table, turns, s)!, 'temp');
  }
  return turns.length;
}

/** Returns the rows of one dataset. */
export async function readDataset(connection: DuckDBConnection, name: string, window: DayWindow, params: { top_k: number; minSampleSize: number }): Promise<Row[]> {
  const file = path.join('reports', `${name}.sql`);
  let sql: string;
  const values: Record<string, string | number> = {};
  if (existsSync(path.join(queriesDirectory(), file))) {
    sql = readQuery(file);
    if (sql.includes('$since')) values.since = window.since;
    if (sql.includes('$until')) values.until = window.until;
    if (sql.includes('$top_k')) values.top_k = params.top_k;
  } else if (metricTables().includes(name)) {
    sql = `select * from ${quoteIdentifier(name)}`;
  } else {
    throw new Error(`dataset ${name} is neither queries/reports/${name}.sql nor a metric table`);
  }
  const reader = await connection.runAndReadAll(sql, values);
  return plainRows(reader.getRowObjectsJS() as Record<string, unknown>[], params.minSampleSize);
}
