/**
 * `spanlens ingest`: export files → `raw_spans` (+ `ingested_files`, `ingest_errors`) → `spans`.
 *
 * Files are decoded in worker threads (one per core) into chunk files on disk. A file decoded
 * whole joins the current batch (src/ingest/batch-loader.ts), which is loaded in one transaction
 * with the files' manifest rows, so a crash leaves no part of a batch and a file that cannot be
 * decoded leaves nothing at all. A file already in the manifest (same path, or same real path, with
 * the same size and mtime; or the same content hash) is skipped; a path whose content changed
 * supersedes its earlier rows. Then the current copy of each span is marked (the `spans` view shows
 * those).
 */
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import pLimit from 'p-limit';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openDatabase, type Database } from '../db/open-database.js';
import { createViewFromFile, ensureRawTables, runDdlFile } from '../db/run-query-file.js';
import { MARK_CURRENT_FILE, SPANS_VIEW_FILE } from '../build/plan.js';
import type { Effects } from '../effects.js';
import { ExitCode, type ExitCodeValue } from '../errors.js';
import { BatchLoader, type LoadedFile, type StagedFile } from './batch-loader.js';
import { findExportFiles, type FoundFile } from './find-export-files.js';
import { formatIssue, type IngestIssue } from './ingest-issue.js';
import type { WorkerJob, WorkerMessage } from './ingest-worker.js';
import type { PrivacyPolicy } from '../privacy/privacy-policy.js';

export interface IngestOptions {
  dbPath: string;
  /** Worker threads decoding files; defaults to the number of cores. */
  workers?: number;
  /** Longest attribute string kept (characters); longer ones are truncated and reported. */
  maxValueLength?: number;
  batchSize?: number;
  /** Rows per chunk file a worker writes. */
  chunkRows?: number;
  /** Spans gathered before a batch is loaded in one transaction (default 1,000,000). */
  batchSpans?: number;
  /** Reads standard input, for the path "-". */
  readStdin?: () => Promise<Uint8Array>;
  /** Most problem lines printed per file (all are recorded in ingest_errors). */
  maxPrintedIssues?: number;
  /** Applied to every span before it is stored (src/privacy); default keeps everything. */
  privacy?: PrivacyPolicy;
}

export interface IngestSummary {
  database: string;
  files_seen: number;
  files_ingested: number;
  files_skipped: number;
  files_rejected: number;
  spans_read: number;
  spans_in_database: number;
  duplicate_spans: number;
  errors: number;
  warnings: number;
  errors_by_kind: Record<string, number>;
  duration_ms: number;
  /** Peak resident memory of this process (all threads) so far, MiB. */
  peak_rss_mb: number;
  exit_code: ExitCodeValue;
}

interface FileOutcome {
  status: 'ingested' | 'skipped' | 'rejected';
  spans: number;
  issues: IngestIssue[];
  /** Skipped because another file of this run has the same content: that file's path. */
  sameAs?: string;
}

const DEFAULT_MAX_VALUE_LENGTH = 1024 * 1024;

/**
 * Spans per batch: one batch of the 1M-span bench corpus loads in 13 s, two of half the size in
 * 18 s (each commit leaves part-filled row groups that the checkpoint compresses again); the staged
 * chunk files of a batch take about as much disk as the JSON they came from.
 */
const DEFAULT_BATCH_SPANS = 1_000_000;

/** Ingests the given paths into the database and returns the run's summary. */
export async function ingestPaths(inputs: string[], options: IngestOptions, effects: Effects): Promise<IngestSummary> {
  const started = effects.now();
  const files = findExportFiles(inputs);
  // ingest only appends: a small buffer pool leaves the memory to the decoding workers. Two DuckDB
  // threads load a batch (25 CPU-s per million spans): with insertion order off each reading thread
  // holds its own 32 MB buffer, and more threads ran out of the 256 MB on a many-core machine
  const db = await openDatabase(options.dbPath, { memoryLimit: '256MB', threads: Math.min(2, availableParallelism()) });
  const summary: IngestSummary = {
    database: options.dbPath,
    files_seen: files.length,
    files_ingested: 0,
    files_skipped: 0,
    files_rejected: 0,
    spans_read: 0,
    spans_in_database: 0,
    duplicate_spans: 0,
    errors: 0,
    warnings: 0,
    errors_by_kind: {},
    duration_ms: 0,
    peak_rss_mb: 0,
    exit_code: ExitCode.ok,
  };
  const workerCount = Math.max(1, Math.min(options.workers ?? availableParallelism(), files.length || 1));
  const pool = new WorkerPool(workerCount);
  const stagingDir = makeStagingDir(options.dbPath);
  try {
    const main = await db.connect();
    await ensureRawTables(main);
    // row order within raw_spans means nothing (copies are ranked by file, line and offset):
    // without it, a batch's COPY writes row groups from both threads in parallel
    await main.run('set preserve_insertion_order = false');
    const manifest = await loadManifest(main);
    const report = (path: string, outcome: FileOutcome, ms: number) => {
      tally(summary, outcome);
      printOutcome(effects, path, outcome, ms, options.maxPrintedIssues ?? 20);
    };
    const loader = new BatchLoader(db, stagingDir, options.batchSpans ?? DEFAULT_BATCH_SPANS, recordFile, recordRejection, (loaded, batch) => {
      for (const l of loaded) report(l.file.path, loadedOutcome(l), l.file.decodeMs);
      if (batch.refusal === null) {
        effects.log(`loaded ${fmt(batch.spans)} spans of ${fmt(batch.files)} files in one transaction in ${Math.round(batch.ms)} ms`);
      } else {
        const kept = loaded.filter((l) => l.status === 'ingested');
        effects.log(
          `the database refused a batch of ${fmt(batch.files)} files (${batch.refusal}); loaded them one by one: ` +
            `${fmt(kept.length)} loaded (${fmt(kept.reduce((n, l) => n + l.file.spans, 0))} spans), ${fmt(loaded.length - kept.length)} rejected, in ${Math.round(batch.ms)} ms`,
        );
      }
    });
    const limit = pLimit(workerCount);
    let stopped = false; // after a failure no further file starts; the ones in flight finish before the database closes
    const tasks = files.map((file) =>
      limit(async () => {
        if (stopped) return;
        if (manifest.unchanged(file)) {
          summary.files_skipped++;
          effects.log(`${file.path}: unchanged since last ingest, skipped`);
          return;
        }
        const t0 = effects.now();
        const decoded = await decodeOneFile(db, pool, manifest, file, stagingDir, options);
        if ('outcome' in decoded) report(file.path, decoded.outcome, effects.now() - t0);
        else await loader.add(decoded.staged);
      }).catch((error: unknown) => {
        stopped = true;
        throw error;
      }),
    );
    const settled = await Promise.allSettled(tasks);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await loader.settle();
      throw failed.reason;
    }
    await loader.finish();
    const t0 = effects.now();
    await main.run('begin transaction');
    await runDdlFile(main, MARK_CURRENT_FILE);
    await createViewFromFile(main, SPANS_VIEW_FILE);
    await main.run('commit');
    const counts = await main.runAndReadAll(
      'select (select count(*) from spans) as spans, (select count(*) from raw_spans) as raw',
    );
    const [spans, raw] = counts.getRows()[0] as [bigint, bigint];
    summary.spans_in_database = Number(spans);
    summary.duplicate_spans = Number(raw - spans);
    effects.log(`spans: ${fmt(summary.spans_in_database)} rows (${fmt(summary.duplicate_spans)} duplicates across files dropped) in ${Math.round(effects.now() - t0)} ms`);
    main.closeSync();
  } finally {
    await pool.close();
    db.close();
    rmSync(stagingDir, { recursive: true, force: true });
  }
  summary.duration_ms = Math.round(effects.now() - started);
  summary.peak_rss_mb = Math.round(process.resourceUsage().maxRSS / 1024);
  summary.exit_code = summary.errors > 0 || summary.files_rejected > 0 ? ExitCode.partial : ExitCode.ok;
  return summary;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function tally(summary: IngestSummary, outcome: FileOutcome): void {
  if (outcome.status === 'ingested') summary.files_ingested++;
  else if (outcome.status === 'skipped') summary.files_skipped++;
  else summary.files_rejected++;
  summary.spans_read += outcome.spans;
  for (const issue of outcome.issues) {
    if (issue.severity === 'error') {
      summary.errors++;
      summary.errors_by_kind[issue.kind] = (summary.errors_by_kind[issue.kind] ?? 0) + 1;
    } else summary.warnings++;
  }
}

function printOutcome(effects: Effects, path: string, outcome: FileOutcome, ms: number, maxPrinted: number): void {
  const shown = outcome.issues.slice(0, maxPrinted);
  for (const issue of shown) effects.log(`${issue.severity}: ${formatIssue(path, issue)}`);
  if (outcome.issues.length > shown.length) {
    effects.log(`${path}: … and ${outcome.issues.length - shown.length} more problems (see table ingest_errors)`);
  }
  const verb = outcome.status !== 'skipped'
    ? `${fmt(outcome.spans)} spans`
    : outcome.sameAs !== undefined
      ? `same content as ${outcome.sameAs}, read in this run (its problems are reported under that path), skipped`
      : 'same content already ingested, skipped';
  effects.log(`${path}: ${verb} in ${Math.round(ms)} ms`);
}

interface Manifest {
  unchanged(file: FoundFile): boolean;
  /** Who holds this content: undefined = nobody, null = a file ingested before this run, else a path read in this run. */
  contentOwner(sha256: string): string | null | undefined;
  addContent(sha256: string, path: string): void;
}

async function loadManifest(connection: DuckDBConnection): Promise<Manifest> {
  const result = await connection.runAndReadAll(
    `select path, size_bytes, epoch_ms(modified_at) as modified_ms, content_sha256, status
     from ingested_files where status <> 'superseded'`,
  );
  const byPath = new Map<string, { size: number; modified: number }>();
  // content already in the database; a rejected file's content is not: another path holding the
  // same bytes (a second empty or corrupt file) is read and its problems reported under its own name
  const hashes = new Map<string, string | null>();
  for (const [path, size, modified, sha, status] of result.getRows() as [string, bigint, bigint | null, string, string][]) {
    byPath.set(path, { size: Number(size), modified: modified === null ? -1 : Number(modified) });
    if (status !== 'rejected') hashes.set(sha, null);
  }
  // the manifest by real path (symlinks and relative paths resolved), made when first needed: a
  // file reached by another path than it was recorded under (a relative path, a symlinked folder)
  // is still recognised without reading it; hashing 86 unchanged 190 MB files that way took ~40 s
  let byRealPath: Map<string, { size: number; modified: number }> | undefined;
  const realPathsOfManifest = () => {
    byRealPath ??= new Map([...byPath].flatMap(([p, m]) => {
      const real = realPathOf(p);
      return real === null ? [] : [[real, m] as const];
    }));
    return byRealPath;
  };
  const same = (f: FoundFile, m: { size: number; modified: number } | undefined) => m !== undefined && m.size === f.sizeBytes && m.modified === f.modifiedMs;
  return {
    unchanged: (f) => {
      if (f.path === '-') return false;
      if (same(f, byPath.get(f.path))) return true;
      const real = realPathOf(f.path);
      return real !== null && same(f, realPathsOfManifest().get(real));
    },
    contentOwner: (sha) => hashes.get(sha),
    addContent: (sha, path) => void hashes.set(sha, path),
  };
}

/** The file's canonical absolute path, or null when it cannot be resolved (gone, or not a path). */
function realPathOf(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

/** Where a file's decoding ended: a final outcome (skipped, or rejected), or staged for loading. */
type Decoded = { outcome: FileOutcome } | { staged: StagedFile };

/** Decodes one file into chunk files in its own folder under `stagingDir`; nothing is written to the database here except a rejection. */
async function decodeOneFile(
  db: Database,
  pool: WorkerPool,
  manifest: Manifest,
  file: FoundFile,
  stagingDir: string,
  options: IngestOptions,
): Promise<Decoded> {
  const connection = await db.connect();
  let dir: string | null = null;
  try {
    const idRows = await connection.runAndReadAll(`select nextval('ingested_files_id_seq')`);
    const fileId = Number(idRows.getRows()[0]![0] as bigint);
    dir = path.join(stagingDir, `file-${fileId}`);
    mkdirSync(dir);
    const bytes = file.path === '-' ? await (options.readStdin ?? readProcessStdin)() : undefined;
    let skip = false;
    let sameAs: string | null | undefined;
    let meta: { sizeBytes: number; sha256: string } | undefined;
    const started = Date.now();
    const done = await pool.run(
      {
        path: file.path,
        fileId,
        ...(bytes ? { bytes } : {}),
        chunkDir: dir,
        options: {
          maxValueLength: options.maxValueLength ?? DEFAULT_MAX_VALUE_LENGTH,
          batchSize: options.batchSize ?? 2000,
          chunkRows: options.chunkRows ?? 20_000,
          ...(options.privacy ? { privacy: options.privacy } : {}),
        },
      },
      (m, job) => {
        if (m.type === 'meta') {
          meta = m;
          sameAs = manifest.contentOwner(m.sha256);
          skip = sameAs !== undefined;
          if (skip) job.cancel();
          else manifest.addContent(m.sha256, file.path);
        }
      },
    );
    if (done.type === 'failed') {
      const issue: IngestIssue = { kind: 'unreadable_file', severity: 'error', position: null, path: null, message: done.message.split('\n')[0] ?? '' };
      await recordIssues(connection, null, file.path, [issue]);
      return { outcome: { status: 'rejected', spans: 0, issues: [issue] } };
    }
    const known = meta as { sizeBytes: number; sha256: string } | undefined; // set by the message handler
    if (skip || !known) return { outcome: { status: 'skipped', spans: 0, issues: [], ...(typeof sameAs === 'string' ? { sameAs } : {}) } };
    const staged: StagedFile = {
      path: file.path,
      fileId,
      dir,
      spans: done.spans,
      sizeBytes: known.sizeBytes,
      sha256: known.sha256,
      modifiedMs: file.path === '-' ? null : file.modifiedMs,
      format: done.format,
      compression: done.compression,
      issues: done.issues,
      decodeMs: Date.now() - started,
    };
    dir = null; // the loader owns the folder now
    return { staged };
  } finally {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    connection.closeSync();
  }
}

/** The manifest status of a decoded file: rejected when it yielded no span and had errors. */
function manifestStatus(f: StagedFile): 'ok' | 'partial' | 'rejected' {
  const errors = f.issues.filter((i) => i.severity === 'error').length;
  return f.spans === 0 && errors > 0 ? 'rejected' : errors > 0 ? 'partial' : 'ok';
}

function loadedOutcome(l: LoadedFile): FileOutcome {
  if (l.status === 'rejected') return { status: 'rejected', spans: 0, issues: [l.issue!] };
  return { status: manifestStatus(l.file) === 'rejected' ? 'rejected' : 'ingested', spans: l.file.spans, issues: l.file.issues };
}

/** A file's manifest row and problems, in the batch's transaction (its rows are already copied). */
async function recordFile(connection: DuckDBConnection, f: StagedFile): Promise<void> {
  await supersedeEarlierVersions(connection, f.path, f.fileId);
  await connection.run(
    `insert into ingested_files
       (file_id, path, size_bytes, modified_at, content_sha256, format, compression, span_count, error_count, status, ingested_at, duration_ms)
     values ($id, $path, $size, case when $mtime is null then null else make_timestamp($mtime * 1000) end,
             $sha, $format, $compression, $spans, $errors, $status, now()::timestamp, $ms)`,
    {
      id: f.fileId,
      path: f.path,
      size: f.sizeBytes,
      mtime: f.modifiedMs,
      sha: f.sha256,
      format: f.format,
      compression: f.compression,
      spans: f.spans,
      errors: f.issues.filter((i) => i.severity === 'error').length,
      status: manifestStatus(f),
      ms: f.decodeMs,
    },
  );
  await recordIssues(connection, f.fileId, f.path, f.issues);
}

/** A file the database refused: recorded like an unreadable file, without a manifest row (the next run tries it again). */
async function recordRejection(connection: DuckDBConnection, f: StagedFile, issue: IngestIssue): Promise<void> {
  await recordIssues(connection, null, f.path, [issue]);
}

/** Returns a fresh staging folder beside the database, after removing ones a killed run left behind. */
function makeStagingDir(dbPath: string): string {
  if (dbPath === ':memory:') return mkdtempSync(path.join(tmpdir(), '.spanlens-ingest-'));
  const parent = path.dirname(path.resolve(dbPath));
  // same disk as the database (/tmp may be memory); named after the database, whose write lock
  // this process holds, so a folder with this prefix belongs to no running ingest
  // (the name is used in a glob: characters other than letters, digits, '.', '_' and '-' become '_')
  const prefix = `.spanlens-ingest-${path.basename(dbPath).replace(/[^A-Za-z0-9._-]/g, '_')}-`;
  // exactly the prefix and mkdtemp's six characters: not another database's whose name extends this one's
  for (const name of readdirSync(parent)) {
    if (name.startsWith(prefix) && /^[A-Za-z0-9]{6}$/.test(name.slice(prefix.length))) rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  return mkdtempSync(path.join(parent, prefix));
}

async function supersedeEarlierVersions(connection: DuckDBConnection, path: string, fileId: number): Promise<void> {
  if (path === '-') return;
  const params = { path, id: fileId };
  const earlier = `select file_id from ingested_files where path = $path and file_id <> $id and status <> 'superseded'`;
  // copies in other files that the old version shadowed become candidates again: their files are
  // ranked anew by the next mark-current pass
  await connection.run(
    `update raw_spans set is_current = true
     where not is_current and file_id not in (${earlier})
       and (trace_id || span_id) in (select trace_id || span_id from raw_spans where file_id in (${earlier}) and is_current)`,
    params,
  );
  await connection.run(
    `update ingested_files set is_deduplicated = false
     where file_id in (select file_id from raw_spans
                       where (trace_id || span_id) in (select trace_id || span_id from raw_spans where file_id in (${earlier})))
       and file_id not in (${earlier})`,
    params,
  );
  // the next build recomputes these traces' sessions (incremental/changed_traces.sql)
  await connection.run(
    `insert into removed_traces
     select trace_id, file_id, count(*), 'superseded' from raw_spans where file_id in (${earlier}) group by all`,
    params,
  );
  await connection.run(`delete from raw_spans where file_id in (${earlier})`, params);
  await connection.run(`delete from ingest_errors where file_id in (${earlier})`, params);
  await connection.run(`update ingested_files set status = 'superseded' where file_id in (${earlier})`, params);
}

async function recordIssues(connection: DuckDBConnection, fileId: number | null, path: string, issues: IngestIssue[]): Promise<void> {
  if (issues.length === 0) return;
  const appender = await connection.createAppender('ingest_errors');
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  for (const issue of issues) {
    if (fileId === null) appender.appendNull();
    else appender.appendInteger(fileId);
    appender.appendVarchar(path);
    const p = issue.position;
    if (p && 'line' in p) appender.appendInteger(p.line);
    else appender.appendNull();
    if (p && 'byte' in p) appender.appendBigInt(BigInt(p.byte));
    else appender.appendNull();
    if (issue.path) appender.appendVarchar(issue.path);
    else appender.appendNull();
    appender.appendVarchar(issue.kind);
    appender.appendVarchar(issue.severity);
    appender.appendVarchar(issue.message);
    appender.appendVarchar(now);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

async function readProcessStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

type JobSpec = Omit<WorkerJob, 'jobId' | 'control'>;
type Final = Extract<WorkerMessage, { type: 'done' | 'failed' }>;

/** What the database thread may do to a running job. */
export interface JobControl {
  /** Asks the worker to stop at its next batch. */
  cancel(): void;
}

/** Heap limit of each decoding worker, MiB. */
const WORKER_HEAP_MB = 512;

/** A fixed set of decoding workers; `run` hands a job to a free one and resolves with its final message. */
class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private nextJob = 1;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      this.idle.push(this.spawn());
    }
  }

  private spawn(): Worker {
    // a bounded heap: one huge record fails its file (reported), not the run or the machine
    const w = new Worker(new URL('./ingest-worker.js', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    this.all.push(w);
    return w;
  }

  run(spec: JobSpec, onMessage: (m: WorkerMessage, job: JobControl) => void): Promise<Final> {
    const worker = this.idle.pop();
    if (!worker) throw new Error('WorkerPool.run called with no idle worker');
    const control = new SharedArrayBuffer(4);
    const slots = new Int32Array(control);
    const jobControl: JobControl = { cancel: () => Atomics.store(slots, 0, 1) };
    const job: WorkerJob = { ...spec, jobId: this.nextJob++, control };
    return new Promise<Final>((resolve, reject) => {
      const onError = (error: Error) => {
        // the worker died (e.g. out of memory on one giant record): that file failed; replace it
        cleanup();
        this.all.splice(this.all.indexOf(worker), 1);
        void worker.terminate();
        this.idle.push(this.spawn());
        resolve({ type: 'failed', jobId: job.jobId, message: `decoding stopped: ${error.message}` });
      };
      const handler = (m: WorkerMessage) => {
        try {
          onMessage(m, jobControl);
        } catch (error) {
          cleanup();
          reject(error);
          return;
        }
        if (m.type === 'done' || m.type === 'failed') {
          cleanup();
          this.idle.push(worker);
          resolve(m);
        }
      };
      const cleanup = () => {
        worker.off('message', handler);
        worker.off('error', onError);
      };
      worker.on('message', handler);
      worker.on('error', onError);
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
