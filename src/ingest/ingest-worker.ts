/**
 * Worker thread: reads one export file, decodes, validates and normalizes its spans, and writes
 * them as chunk files in the bulk-load dialect (encode-csv-rows.ts) into the file's own folder, which
 * the database thread loads with its batch (batch-loader.ts). Rows never cross threads as objects.
 * A shared cancel flag stops a file early (its content turned out to be ingested already).
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { normalizeSpan } from '../normalize/normalize-span.js';
import { compileMessageScrub, compilePrivacy } from '../privacy/apply-privacy.js';
import { KEEP_EVERYTHING, type PrivacyPolicy } from '../privacy/privacy-policy.js';
import { ChunkFileWriter } from './chunk-file-writer.js';
import { encodeRow, MAX_ROW_BYTES } from './encode-csv-rows.js';
import type { IngestIssue } from './ingest-issue.js';
import type { FlatSpan } from './flatten-resource-spans.js';
import { hashFile, readExportBytes, readExportFile, Scratch, type ReadOptions } from './read-export-file.js';
import { SPAN_COLUMNS, toSpanInput, toSpanRow } from './to-span-row.js';

export interface WorkerJobOptions extends ReadOptions {
  /** Rows per chunk file. */
  chunkRows: number;
  /** Applied to every span before it is stored (src/privacy); default keeps everything. */
  privacy?: PrivacyPolicy;
}

export interface WorkerJob {
  jobId: number;
  path: string;
  bytes?: Uint8Array; // stdin: the bytes themselves
  fileId: number;
  options: WorkerJobOptions;
  /** Folder for this file's chunk files (src/ingest/batch-loader.ts loads and removes them). */
  chunkDir: string;
  /** Int32 slot [0]: the cancel flag. */
  control: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'meta'; jobId: number; sizeBytes: number; sha256: string }
  | { type: 'done'; jobId: number; format: string; compression: string; spans: number; issues: IngestIssue[]; cancelled: boolean }
  | { type: 'failed'; jobId: number; message: string };

const COLUMN_TYPES = SPAN_COLUMNS.map(([, t]) => t);
const CANCEL = 0;

class Cancelled extends Error {}

// one each per worker thread, reused by every job
const writer = new ChunkFileWriter();
const scratch = new Scratch();

/** Returns whether (spanId, traceId) was seen before, and records it. */
function isDuplicate(seen: Map<string, string | string[]>, spanId: string, traceId: string): boolean {
  const known = seen.get(spanId);
  if (known === undefined) {
    seen.set(spanId, traceId);
    return false;
  }
  if (known === traceId || (Array.isArray(known) && known.includes(traceId))) return true;
  // the same span id in another trace: not a duplicate (rare)
  seen.set(spanId, Array.isArray(known) ? [...known, traceId] : [known, traceId]);
  return false;
}

/** Returns after processing one job, posting its messages through `post`. */
export function processJob(job: WorkerJob, post: (m: WorkerMessage) => void): void {
  try {
    // the hash comes first: a file whose content is already in the database is not decoded
    const meta = job.bytes
      ? { sizeBytes: job.bytes.length, sha256: createHash('sha256').update(job.bytes).digest('hex') }
      : hashFile(job.path, scratch);
    post({ type: 'meta', jobId: job.jobId, ...meta });
  } catch (error) {
    post({ type: 'failed', jobId: job.jobId, message: (error as Error).message });
    return;
  }
  const control = new Int32Array(job.control);
  const issues: IngestIssue[] = [];
  // span id → trace id: a duplicate has both equal (no key string built per span)
  const seen = new Map<string, string | string[]>();
  let kept = 0;
  const privacy = compilePrivacy(job.options.privacy ?? KEEP_EVERYTHING);
  let chunk: { file: string; rows: number } | null = null;
  let chunkNo = 0;

  const closeChunk = () => {
    if (!chunk) return;
    writer.close();
    chunk = null;
  };
  const openChunk = () => {
    const file = path.join(job.chunkDir, `job${job.jobId}-${chunkNo++}.csv`);
    writer.open(file);
    return { file, rows: 0 };
  };

  try {
    const onBatch = (batch: FlatSpan[]) => {
      if (Atomics.load(control, CANCEL) !== 0) throw new Cancelled();
      for (const span of batch) {
        if (isDuplicate(seen, span.spanId, span.traceId)) {
          issues.push({
            kind: 'duplicate_span',
            severity: 'warning',
            position: span.position,
            path: span.path,
            message: `span ${span.spanId} of trace ${span.traceId} appears again in this file; the first copy is kept`,
          });
          continue;
        }
        const p = privacy(span, normalizeSpan(toSpanInput(span)));
        const line = encodeRow(toSpanRow(p.span, p.g, job.fileId, positionOf(p.span)), COLUMN_TYPES);
        if (line.length * 3 > MAX_ROW_BYTES && Buffer.byteLength(line) > MAX_ROW_BYTES) {
          issues.push({
            kind: 'oversize_value',
            severity: 'error',
            position: span.position,
            path: span.path,
            message: `span ${span.spanId} is ${Math.round(Buffer.byteLength(line) / 1048576)} MiB stored, over the ${MAX_ROW_BYTES / 1048576} MiB a row may hold; left out`,
          });
          continue;
        }
        chunk ??= openChunk();
        writer.write(line);
        chunk.rows++;
        kept++;
      }
      if (chunk && chunk.rows >= job.options.chunkRows) closeChunk();
    };
    const result = job.bytes
      ? readExportBytes(job.bytes, job.options, issues, onBatch)
      : readExportFile(job.path, job.options, issues, onBatch, scratch);
    closeChunk();
    const scrubMessage = compileMessageScrub(job.options.privacy ?? KEEP_EVERYTHING);
    for (const issue of issues) issue.message = scrubMessage(issue.message);
    post({ type: 'done', jobId: job.jobId, format: result.format, compression: result.compression, spans: kept, issues, cancelled: false });
  } catch (error) {
    if (chunk) {
      writer.close();
      rmSync((chunk as { file: string }).file, { force: true });
    }
    if (!(error instanceof Cancelled)) throw error;
    post({ type: 'done', jobId: job.jobId, format: 'unknown', compression: 'none', spans: 0, issues: [], cancelled: true });
  }
}

function positionOf(span: { position: IngestIssue['position'] }): { line?: number; byte?: number } {
  const p = span.position;
  if (!p) return {};
  return 'line' in p ? { line: p.line } : { byte: p.byte };
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: WorkerJob) => {
    try {
      processJob(job, (m) => port.postMessage(m));
    } catch (error) {
      port.postMessage({ type: 'failed', jobId: job.jobId, message: String((error as Error)?.stack ?? error) });
    }
  });
}
