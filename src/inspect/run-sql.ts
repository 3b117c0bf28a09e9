/**
 * `spanlens sql`: runs one query against the database, read-only unless asked otherwise, and
 * returns its rows, or writes them to a Parquet/Arrow/CSV file with DuckDB's COPY.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tableToIPC } from 'apache-arrow';
import { openDatabase } from '../db/open-database.js';
import { SpanlensError, ExitCode, UsageError } from '../errors.js';
import { quoteIdentifier } from '../db/run-query-file.js';
import { arrowTable, planArrowColumn } from './arrow-columns.js';
import { exactTimestampConverter } from './exact-timestamps.js';
import { quoteLiteral } from './quote-literal.js';
import type { Row } from './format-table.js';

export interface SqlResult {
  columns: string[];
  rows: Row[];
}

/** The user's SQL was rejected by DuckDB: printed as DuckDB's message, exit 2. */
export class SqlError extends SpanlensError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** Returns the result rows of `sql`. */
export async function runSql(dbPath: string, sql: string, options: { write?: boolean; parquetDir?: string } = {}): Promise<SqlResult> {
  const db = options.parquetDir ? await openDatabase(':memory:') : await openDatabase(dbPath, { readOnly: !options.write });
  const connection = await db.connect();
  try {
    if (options.parquetDir) {
      const { parquetViews } = await import('../export/export-parquet.js');
      for (const view of parquetViews(options.parquetDir)) await connection.run(view);
    }
    const reader = await connection.runAndReadAll(sql).catch((error: Error) => {
      throw new SqlError(error.message.split('\n').slice(0, 3).join(' '));
    });
    return { columns: reader.columnNames(), rows: reader.convertRowObjects(exactTimestampConverter) as Row[] };
  } finally {
    connection.closeSync();
    db.close();
  }
}

/** Writes the result of `sql` to `out` (.parquet, .csv via DuckDB COPY; .arrow via apache-arrow); returns the row count. */
export async function exportSql(dbPath: string, sql: string, out: string): Promise<number> {
  const ext = path.extname(out).toLowerCase();
  if (ext === '.arrow' || ext === '.feather') return exportArrow(dbPath, sql, out);
  const format = ext === '.parquet' ? 'parquet' : ext === '.csv' ? 'csv, header true' : null;
  if (!format) throw new UsageError(`--out must end in .parquet, .arrow or .csv, got ${out}`);
  const db = await openDatabase(dbPath, { readOnly: true });
  const connection = await db.connect();
  try {
    const inner = sql.trim().replace(/;\s*$/, '');
    await connection.run(`copy (${inner}) to ${quoteLiteral(path.resolve(out))} (format ${format})`).catch((error: Error) => {
      throw new SqlError(error.message.split('\n').slice(0, 3).join(' '));
    });
    const n = await connection.runAndReadAll(`select count(*) from (${inner})`);
    return Number(n.getRows()[0]![0]);
  } finally {
    connection.closeSync();
    db.close();
  }
}

/**
 * Writes the result as an Arrow IPC file built column by column (arrow-columns.ts): 64-bit integers
 * and nanosecond timestamps exact, lists as Arrow lists. Returns the row count.
 */
async function exportArrow(dbPath: string, sql: string, out: string): Promise<number> {
  const db = await openDatabase(dbPath, { readOnly: true });
  const connection = await db.connect();
  try {
    const inner = sql.trim().replace(/;\s*$/, '');
    const fail = (error: Error) => {
      throw new SqlError(error.message.split('\n').slice(0, 3).join(' '));
    };
    const shape = await connection.runAndReadAll(`select * from (${inner}) as q limit 0`).catch(fail);
    const names = shape.columnNames();
    const plans = shape.columnTypes().map((type, i) => planArrowColumn(names[i]!, type));
    const reader = await connection.runAndReadAll(`select ${plans.map((p, i) => `${p.select} as ${quoteIdentifier(names[i]!)}`).join(', ')} from (${inner}) as q`).catch(fail);
    writeFileSync(out, tableToIPC(arrowTable(names, plans, reader.getColumnsJS()), 'file'));
    return reader.currentRowCount;
  } finally {
    connection.closeSync();
    db.close();
  }
}
