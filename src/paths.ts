/**
 * Every default location spanlens uses, in one place. Relative paths resolve against the
 * current working directory, so `npm start` in a clone uses the clone's `data/` folder.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Returns the default database path: `$SPANLENS_DB`, else `data/spanlens.duckdb`. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.SPANLENS_DB && env.SPANLENS_DB.length > 0 ? env.SPANLENS_DB : path.join('data', 'spanlens.duckdb');
}

/** Returns the folder holding the SQL files, found relative to this module (works from src/ and dist/src/). */
export function queriesDirectory(): string {
  const here = path.dirname(new URL(import.meta.url).pathname);
  // src/paths.ts → ../queries ; dist/src/paths.js → ../../queries
  return here.split(path.sep).includes('dist') ? path.resolve(here, '..', '..', 'queries') : path.resolve(here, '..', 'queries');
}

/** Returns the folder holding the report definitions (`reports/`), found like queriesDirectory. */
export function reportsDirectory(): string {
  return path.resolve(queriesDirectory(), '..', 'reports');
}

/** Returns the default report output folder: `data/reports`. */
export function defaultReportDirectory(): string {
  return path.join('data', 'reports');
}

/** The bundled sample export that `npm start` ingests. */
export const sampleDataDirectory = path.join('data', 'sample');

/** Returns spanlens's own version, from its package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.resolve(queriesDirectory(), '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
