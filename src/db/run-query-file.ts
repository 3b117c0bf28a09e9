/**
 * Runs the SQL kept in `queries/`. Landing-table files (layer 1) are DDL and run as written; every
 * other file is a plain `select` that becomes the table named after the file (STYLE rule 2).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { queriesDirectory } from '../paths.js';
import { RAW_FILES } from '../build/plan.js';

/** Returns the text of `queries/<relativePath>`. */
export function readQuery(relativePath: string): string {
  return readFileSync(path.join(queriesDirectory(), relativePath), 'utf8');
}

/** Returns a table name quoted as a DuckDB identifier. */
export function quoteIdentifier(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Runs a DDL file as written. */
export async function runDdlFile(connection: DuckDBConnection, relativePath: string): Promise<void> {
  await connection.run(readQuery(relativePath));
}

/** Creates (or replaces) the view named after a `select` file. */
export async function createViewFromFile(connection: DuckDBConnection, relativePath: string): Promise<string> {
  const view = path.basename(relativePath, '.sql');
  const select = readQuery(relativePath).trim().replace(/;\s*$/, '');
  await connection.run(`create or replace view ${quoteIdentifier(view)} as\n${select}`);
  return view;
}

/** Creates the landing tables (src/build/plan.ts RAW_FILES) if they do not exist yet. */
export async function ensureRawTables(connection: DuckDBConnection): Promise<void> {
  for (const file of RAW_FILES) await runDdlFile(connection, file);
}
