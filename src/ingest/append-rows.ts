/**
 * Writes rows into DuckDB with the Appender (bulk, no SQL text), choosing the append method from
 * each column's declared type.
 */
import type { DuckDBAppender } from '@duckdb/node-api';
import type { CellValue, ColumnType } from './to-span-row.js';

/** Appends each row, whose values follow `types`. */
export function appendRows(appender: DuckDBAppender, types: readonly ColumnType[], rows: CellValue[][]): void {
  for (const row of rows) {
    for (let i = 0; i < types.length; i++) {
      const v = row[i];
      if (v === null || v === undefined) {
        appender.appendNull();
        continue;
      }
      switch (types[i]) {
        case 'text':
          appender.appendVarchar(v as string);
          break;
        case 'int':
          appender.appendInteger(v as number);
          break;
        case 'bigint':
          appender.appendBigInt(typeof v === 'bigint' ? v : BigInt(v as number));
          break;
        case 'double':
          appender.appendDouble(v as number);
          break;
        case 'bool':
          appender.appendBoolean(v as boolean);
          break;
      }
    }
    appender.endRow();
  }
}
