/**
 * Opening the DuckDB database file, with the one failure users hit most turned into an actionable
 * message: another process holding the file's lock.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { EnvironmentError, UsageError } from '../errors.js';

export interface Database {
  instance: DuckDBInstance;
  path: string;
  /** DuckDB's memory limit as it was opened with (e.g. '512MB'): DuckDB prints it back rounded. */
  memoryLimit: string;
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

/**
 * Returns an open database; throws EnvironmentError (exit 4) when it is locked or cannot be created,
 * and UsageError (exit 2) when a database that must exist (`mustExist`, the default when reading
 * only) does not: a mistyped --db must not become a new empty database.
 */
export async function openDatabase(
  dbPath: string,
  options: { readOnly?: boolean; mustExist?: boolean; memoryLimit?: string; threads?: number } = {},
): Promise<Database> {
  if (dbPath !== ':memory:' && (options.mustExist ?? options.readOnly === true) && !existsSync(dbPath)) {
    throw new UsageError(`database ${dbPath} does not exist; ingest spans into it first (spanlens ingest or spanlens run), or pass --db with the right file`);
  }
  if (dbPath !== ':memory:' && !options.readOnly) mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  let instance: DuckDBInstance;
  // a bounded buffer pool: DuckDB spills to disk past it instead of growing with the input
  const memoryLimit = process.env.SPANLENS_MEMORY_LIMIT ?? options.memoryLimit ?? '512MB';
  const storageVersion = process.env[STORAGE_VERSION_VARIABLE];
  try {
    const settings: Record<string, string> = { memory_limit: memoryLimit };
    if (storageVersion) settings.storage_compatibility_version = storageVersion;
    if (options.readOnly) settings.access_mode = 'READ_ONLY';
    if (options.threads) settings.threads = String(options.threads);
    instance = await DuckDBInstance.create(dbPath, settings);
  } catch (error) {
    // DuckDB says only "Failed to set config" for a storage version it does not know
    const setting = storageVersion && /set config/i.test(String((error as Error)?.message)) ? ` (${STORAGE_VERSION_VARIABLE}=${storageVersion}: DuckDB takes a version such as v1.0.0 or v1.5.0)` : '';
    throw new EnvironmentError(describeOpenError(dbPath, error) + setting);
  }
  return {
    instance,
    path: dbPath,
    memoryLimit,
    connect: () => instance.connect(),
    close: () => instance.closeSync(),
  };
}

/**
 * The storage format of database files spanlens creates is DuckDB's default (v1.0's, which every
 * DuckDB since 1.0 opens) unless SPANLENS_STORAGE_VERSION names another (e.g. v1.5.0; a file keeps
 * the format it was created with). v1.5.0's string compression (DICT_FSST) made whole builds of
 * the 1M-span benchmark ~10% faster, but ingesting a day into a 10M-span database ~10% slower
 * (README, Performance): the nightly job's time is the one kept.
 */
export const STORAGE_VERSION_VARIABLE = 'SPANLENS_STORAGE_VERSION';

/** Returns a one-line explanation of why a database could not be opened. */
export function describeOpenError(dbPath: string, error: unknown): string {
  const message = String((error as Error)?.message ?? error);
  const lock = /Conflicting lock is held in (.*?)(?: \(PID (\d+)\))?(?:\.|$)/.exec(message);
  if (/lock/i.test(message)) {
    const holder = lock ? `${lock[1]}${lock[2] ? ` (pid ${lock[2]})` : ''}` : 'another process';
    return `database ${dbPath} is locked by ${holder}; wait for it to finish or pass --db to use another file`;
  }
  return `cannot open database ${dbPath}: ${message.split('\n')[0]}`;
}
