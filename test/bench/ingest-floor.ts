/**
 * What no ingest of the bench corpus can beat on this machine, measured in parts, each a child
 * process of ingest.bench so its time and peak RSS are its own. Prints one JSON line per mode:
 * {ms, cpu_ms, peak_rss_mb, ...}.
 *
 *   decode <out-dir> <files...>  spanlens' own workers (src/ingest/ingest-worker.ts), two at a time,
 *                                decode the files into the chunk files ingest loads. Untimed for the
 *                                floor; it only prepares `load`.
 *   load <db> <chunk-dir>        DuckDB alone loads those rows into a fresh `raw_spans`, exactly as
 *                                ingest's batch does (same settings, one COPY, one transaction): the
 *                                cost of storing what spanlens keeps, with no decoding at all.
 *   parse <files...>             two worker threads (read-worker.ts) read the files and do nothing
 *                                else: a JSON Lines file's bytes into strings and `JSON.parse` of
 *                                every line (the cost of reading the JSON at all in JavaScript);
 *                                a Collector-framed protobuf file's messages decoded by protobufjs
 *                                with spanlens' OTLP schema.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { openDatabase } from '../../src/db/open-database.js';
import { ensureRawTables } from '../../src/db/run-query-file.js';
import { copyFrom } from '../../src/ingest/batch-loader.js';
import type { WorkerJob, WorkerMessage } from '../../src/ingest/ingest-worker.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const THREADS = Math.min(2, availableParallelism());

function report(started: number, cpuStart: NodeJS.CpuUsage, extra: Record<string, unknown>): void {
  const cpu = process.cpuUsage(cpuStart);
  process.stdout.write(
    JSON.stringify({ ms: performance.now() - started, cpu_ms: (cpu.user + cpu.system) / 1000, peak_rss_mb: process.resourceUsage().maxRSS / 1024, ...extra }) + '\n',
  );
}

/** Runs `work(item)` for each item with at most THREADS at once. */
async function eachOnThreads<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: THREADS }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

async function decode(outDir: string, files: string[]): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let spans = 0;
  let fileId = 0;
  const workerUrl = new URL('../../src/ingest/ingest-worker.js', import.meta.url);
  await eachOnThreads(files, async (file) => {
    const chunkDir = path.join(outDir, `file-${++fileId}`);
    mkdirSync(chunkDir, { recursive: true });
    const worker = new Worker(workerUrl);
    const job: WorkerJob = {
      jobId: fileId,
      path: file,
      fileId,
      chunkDir,
      options: { maxValueLength: 1024 * 1024, batchSize: 2000, chunkRows: 20_000 },
      control: new SharedArrayBuffer(4),
    };
    const done = await new Promise<WorkerMessage>((resolve, reject) => {
      worker.on('message', (m: WorkerMessage) => {
        if (m.type !== 'meta') resolve(m);
      });
      worker.on('error', reject);
      worker.postMessage(job);
    });
    await worker.terminate();
    if (done.type !== 'done') throw new Error(`decoding ${file} failed: ${done.type === 'failed' ? done.message : ''}`);
    spans += done.spans;
  });
  report(started, cpu, { spans });
}

async function load(dbPath: string, chunkDir: string): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const db = await openDatabase(dbPath, { memoryLimit: '256MB', threads: THREADS });
  const connection = await db.connect();
  await ensureRawTables(connection);
  await connection.run('set preserve_insertion_order = false');
  await connection.run('begin transaction');
  await copyFrom(connection, path.join(chunkDir, '*', '*.csv'));
  await connection.run('commit');
  const rows = await connection.runAndReadAll('select count(*) from raw_spans');
  const spans = Number(rows.getRows()[0]![0] as bigint);
  connection.closeSync();
  db.close();
  report(started, cpu, { spans, chunk_files: readdirSync(chunkDir).length });
}

async function parse(files: string[]): Promise<void> {
  // two long-lived workers (read-worker.ts imports nothing but the readers), fed a file at a time
  const workers = Array.from({ length: THREADS }, () => new Worker(new URL('./read-worker.js', import.meta.url)));
  const started = performance.now();
  const cpu = process.cpuUsage();
  let messages = 0;
  try {
    const queue = [...files];
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const file = queue.shift();
              if (file === undefined) resolve();
              else worker.postMessage(file);
            };
            worker.on('message', (n: number) => {
              messages += n;
              next();
            });
            worker.on('error', reject);
            next();
          }),
      ),
    );
    report(started, cpu, { messages });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'decode' && args.length >= 2) await decode(args[0]!, args.slice(1));
else if (mode === 'load' && args.length === 2) await load(args[0]!, args[1]!);
else if (mode === 'parse' && args.length >= 1) await parse(args);
else throw new Error(`usage: ${path.basename(here)}/ingest-floor.js decode <out-dir> <files...> | load <db> <chunk-dir> | parse <files...>`);
