/**
 * Worker thread: reads one export file, decodes, validates and normalizes its spans, and posts
 * rows back in batches. Flow control: it waits for a credit (shared counter) before each batch, so
 * memory stays bounded however far the database writer falls behind.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { normalizeSpan } from '../normalize/normalize-span.js';
import { compilePrivacy } from '../privacy/apply-privacy.js';
import { KEEP_EVERYTHING, type PrivacyPolicy } from '../privacy/privacy-policy.js';
import type { IngestIssue } from './ingest-issue.js';
import { readExportBytes, type ReadOptions } from './read-export-file.js';
import { toSpanInput, toSpanRow, type CellValue } from './to-span-row.js';

export interface WorkerJob {
  jobId: number;
  path: string;
  bytes?: Uint8Array; // stdin: the bytes themselves
  fileId: number;
  options: ReadOptions & { privacy?: PrivacyPolicy };
  credits: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'meta'; jobId: number; sizeBytes: number; sha256: string }
  | { type: 'batch'; jobId: number; rows: CellValue[][] }
  | { type: 'done'; jobId: number; format: string; compression: string; spans: number; issues: IngestIssue[] }
  | { type: 'failed'; jobId: number; message: string };

/** Returns after processing one job, posting its messages through `post`. */
export function processJob(job: WorkerJob, post: (m: WorkerMessage) => void): void {
  let raw: Uint8Array;
  try {
    raw = job.bytes ?? readFileSync(job.path);
  } catch (error) {
    post({ type: 'failed', jobId: job.jobId, message: (error as Error).message });
    return;
  }
  post({ type: 'meta', jobId: job.jobId, sizeBytes: raw.length, sha256: createHash('sha256').update(raw).digest('hex') });
  const credits = new Int32Array(job.credits);
  const issues: IngestIssue[] = [];
  const seen = new Set<string>();
  let kept = 0;
  const privacy = compilePrivacy(job.options.privacy ?? KEEP_EVERYTHING);
  const result = readExportBytes(raw, job.options, issues, (batch) => {
    const rows: CellValue[][] = [];
    for (const span of batch) {
      const key = span.traceId + span.spanId;
      if (seen.has(key)) {
        issues.push({
          kind: 'duplicate_span',
          severity: 'warning',
          position: span.position,
          path: span.path,
          message: `span ${span.spanId} of trace ${span.traceId} appears again in this file; the first copy is kept`,
        });
        continue;
      }
      seen.add(key);
      const p = privacy(span, normalizeSpan(toSpanInput(span)));
      rows.push(toSpanRow(p.span, p.g, job.fileId, positionOf(p.span)));
    }
    kept += rows.length;
    while (Atomics.load(credits, 0) <= 0) Atomics.wait(credits, 0, 0, 1000);
    Atomics.sub(credits, 0, 1);
    post({ type: 'batch', jobId: job.jobId, rows });
  });
  post({ type: 'done', jobId: job.jobId, format: result.format, compression: result.compression, spans: kept, issues });
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
