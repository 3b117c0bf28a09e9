/**
 * Loads decoded files into `raw_spans` in batches: the chunk files of every file decoded whole are
 * gathered in one staging folder, and once it holds enough spans (or the run ends) they go in with
 * ONE `COPY … FROM '<batch>/*\/*.csv'` inside one transaction, together with each file's manifest row
 * and problems. DuckDB then reads the files in parallel and writes whole row groups straight into
 * the database file; loading each file in its own transaction sent its rows through the
 * write-ahead log and compressed them a second time at the checkpoint (on the 1M-span bench corpus,
 * the rows alone: 32 s in per-file transactions, 13 s as one batch).
 *
 * A crash before the commit leaves none of the batch (its files are not in the manifest, so the
 * next run reads them again). When the batch COPY fails, the batch is loaded again file by file,
 * each in its own transaction, so one file the database rejects does not cost the others. Running
 * out of memory or disk is not the files' fault: it stops the ingest with an EnvironmentError
 * (exit 4) and rejects nothing.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../db/open-database.js';
import { isEnvironmentFailure } from '../db/database-errors.js';
import { EnvironmentError } from '../errors.js';
import { quoteLiteral } from '../inspect/quote-literal.js';
import { testPause } from '../run/test-pause.js';
import { COPY_OPTIONS } from './encode-csv-rows.js';
import type { IngestIssue } from './ingest-issue.js';
import { SPAN_COLUMNS } from './to-span-row.js';

const COPY_COLUMNS = SPAN_COLUMNS.map(([name]) => name).join(', ');

/** A file decoded whole: its chunk files are in `dir`, its manifest row is written with the batch. */
export interface StagedFile {
  path: string;
  fileId: number;
  /** The folder holding this file's chunk files (and nothing else; none when it kept no span). */
  dir: string;
  spans: number;
  sizeBytes: number;
  sha256: string;
  modifiedMs: number | null;
  format: string;
  compression: string;
  issues: IngestIssue[];
  decodeMs: number;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? '';
}

/** How a batch went: loaded whole, or refused and loaded file by file (`refusal` says why). */
export interface BatchResult {
  files: number;
  spans: number;
  ms: number;
  refusal: string | null;
}

export interface LoadedFile {
  file: StagedFile;
  status: 'ingested' | 'rejected';
  /** For a rejected file: why the database refused it. */
  issue?: IngestIssue;
  loadMs: number;
}

/** Writes the manifest rows and problems of one file, in the caller's transaction. */
export type RecordFile = (connection: DuckDBConnection, file: StagedFile) => Promise<void>;
/** Records a file the database refused (outside any transaction). */
export type RecordRejection = (connection: DuckDBConnection, file: StagedFile, issue: IngestIssue) => Promise<void>;

export class BatchLoader {
  private staged: StagedFile[] = [];
  private stagedSpans = 0;
  private batchNo = 0;
  private loading: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly stagingDir: string,
    private readonly batchSpans: number,
    private readonly recordFile: RecordFile,
    private readonly recordRejection: RecordRejection,
    private readonly onLoaded: (loaded: LoadedFile[], batch: BatchResult) => void,
  ) {}

  /**
   * Adds a decoded file. When the staged files fill a batch, waits for the batch being loaded (if
   * any), then starts loading this one and waits for it: a caller decodes no further file
   * meanwhile, so at most one batch loads while the next fills (plus the files being decoded).
   */
  async add(file: StagedFile): Promise<void> {
    this.staged.push(file);
    this.stagedSpans += file.spans;
    if (this.stagedSpans < this.batchSpans) return;
    await this.loading;
    if (this.stagedSpans >= this.batchSpans) await this.flush(); // unless another caller flushed meanwhile
  }

  /** Loads whatever is staged and waits for every load to finish. */
  async finish(): Promise<void> {
    await this.flush();
  }

  /** Waits for the load in flight, if any, without starting another or throwing (after a failure elsewhere). */
  async settle(): Promise<void> {
    await this.loading.catch(() => undefined);
  }

  private flush(): Promise<void> {
    const files = this.staged;
    this.staged = [];
    this.stagedSpans = 0;
    if (files.length === 0) return this.loading;
    // the batch's folder: the files' own folders moved under it, so one glob reads exactly them
    const dir = path.join(this.stagingDir, `batch-${++this.batchNo}`);
    mkdirSync(dir, { recursive: true });
    const moved = files.map((f) => {
      const to = path.join(dir, path.basename(f.dir));
      renameSync(f.dir, to);
      return { ...f, dir: to };
    });
    this.loading = this.loading.then(() => this.load(dir, moved));
    return this.loading;
  }

  private async load(dir: string, files: StagedFile[]): Promise<void> {
    const started = Date.now();
    const spans = files.reduce((n, f) => n + f.spans, 0);
    const connection = await this.db.connect();
    try {
      let loaded: LoadedFile[];
      let refusal: string | null = null;
      try {
        await connection.run('begin transaction');
        if (files.some((f) => f.spans > 0)) await copyFrom(connection, path.join(dir, '*', '*.csv'));
        for (const f of files) await this.recordFile(connection, f);
        await testPause('ingest-file'); // test-only: SIGKILL point with the batch's rows written, not committed
        await connection.run('commit');
        const ms = Date.now() - started;
        loaded = files.map((file) => ({ file, status: 'ingested', loadMs: ms }));
      } catch (error) {
        await rollback(connection);
        if (isEnvironmentFailure(error)) throw new EnvironmentError(`loading ${files.length} decoded files into the database failed, nothing of them was stored: ${firstLine(error)}`);
        refusal = firstLine(error);
        loaded = [];
        for (const f of files) loaded.push(await this.loadOne(connection, f));
      }
      this.onLoaded(loaded, { files: files.length, spans, ms: Date.now() - started, refusal });
    } finally {
      connection.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** One file in its own transaction: after the batch failed, this finds the file that did. */
  private async loadOne(connection: DuckDBConnection, f: StagedFile): Promise<LoadedFile> {
    const started = Date.now();
    try {
      await connection.run('begin transaction');
      if (f.spans > 0) await copyFrom(connection, path.join(f.dir, '*.csv'));
      await this.recordFile(connection, f);
      await connection.run('commit');
      return { file: f, status: 'ingested', loadMs: Date.now() - started };
    } catch (error) {
      await rollback(connection);
      if (isEnvironmentFailure(error)) throw new EnvironmentError(`loading ${f.path} into the database failed: ${firstLine(error)}`);
      const message = `loading into the database failed: ${firstLine(error)}`;
      const issue: IngestIssue = { kind: 'unreadable_file', severity: 'error', position: null, path: null, message };
      await this.recordRejection(connection, f, issue);
      return { file: f, status: 'rejected', issue, loadMs: Date.now() - started };
    }
  }
}

/** Appends the chunk files matching `glob` to raw_spans, as a batch does (the bench's floor loads this way too). */
export async function copyFrom(connection: DuckDBConnection, glob: string): Promise<void> {
  await connection.run(`copy raw_spans (${COPY_COLUMNS}) from ${quoteLiteral(glob)} (${COPY_OPTIONS})`);
}

async function rollback(connection: DuckDBConnection): Promise<void> {
  try {
    await connection.run('rollback');
  } catch {
    // no transaction open
  }
}
