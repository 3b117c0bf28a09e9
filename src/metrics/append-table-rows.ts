/**
 * Writes plain row objects into an existing table with the Appender, column by column in the
 * table's own order and types (read from the catalog), so a TypeScript metric step cannot drift
 * from its DDL file: a missing or extra property is an error.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** Appends rows to `table` (in `catalog`, e.g. "temp", when given); returns how many. */
export async function appendTableRows(connection: DuckDBConnection, table: string, rows: Record<string, unknown>[], catalog?: string): Promise<number> {
  const columns = (
    await connection.runAndReadAll(
      `select column_name, data_type from duckdb_columns() where table_name = $t and ($c = '' or database_name = $c) order by column_index`,
      { t: table, c: catalog ?? '' },
    )
  )
    .getRows()
    .map(([name, type]) => ({ name: String(name), type: String(type) }));
  const known = new Set(columns.map((c) => c.name));
  for (const key of Object.keys(rows[0] ?? {})) if (!known.has(key)) throw new Error(`internal: ${table} has no column ${key}`);
  const appender = await connection.createAppender(table, catalog ? 'main' : null, catalog ?? null);
  for (const row of rows) {
    for (const c of columns) {
      if (!(c.name in row)) throw new Error(`internal: row for ${table} lacks ${c.name}`);
      const v = row[c.name];
      if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) appender.appendNull();
      else if (c.type === 'VARCHAR' || c.type === 'DATE') appender.appendVarchar(String(v));
      else if (c.type === 'DOUBLE') appender.appendDouble(Number(v));
      else if (c.type === 'BIGINT') appender.appendBigInt(BigInt(v as number));
      else if (c.type === 'INTEGER') appender.appendInteger(Number(v));
      else if (c.type === 'BOOLEAN') appender.appendBoolean(Boolean(v));
      else throw new Error(`internal: ${table}.${c.name} has unsupported type ${c.type}`);
    }
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  return rows.length;
}
