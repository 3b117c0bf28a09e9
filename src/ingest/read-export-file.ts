/**
 * One export file's bytes → spans, in batches, plus the problems found. Formats are detected by
 * content, not by extension:
 *
 *   bytes ─ gzip / zstd? ─ decompress ─┬─ starts with { or [ ─ JSON Lines | one JSON document
 *                                      ├─ 4-byte length frames ─ each frame (zstd?) ─ protobuf | JSON
 *                                      └─ otherwise ─ one bare protobuf ExportTraceServiceRequest
 *
 * Everything decodable before a corruption is kept; each problem names its line or byte offset.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { detectCompression, decompress } from './decompress.js';
import { decodeTracesProtobuf } from './decode-otlp-protobuf.js';
import { looksLengthPrefixed, splitFrames, maybeDecompressFrame } from './read-frames.js';
import { decodeJsonDocument, decodeJsonLinesBuffer, isJsonLines, looksLikeJson, type PositionedMessage } from './decode-otlp-json.js';
import { flattenTracesData, type FlatSpan } from './flatten-resource-spans.js';
import type { DecodeLimits } from './decode-any-value.js';
import type { IngestIssue } from './ingest-issue.js';

export type ExportFormat =
  | 'otlp-json-lines'
  | 'otlp-json'
  | 'otlp-proto-framed'
  | 'otlp-json-framed'
  | 'otlp-proto'
  | 'unknown';

export interface ReadResult {
  format: ExportFormat;
  compression: 'gzip' | 'zstd' | 'none';
  spans: number;
}

export interface ReadOptions extends DecodeLimits {
  /** Spans per batch handed to `onBatch`. */
  batchSize: number;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Reads one file's bytes, calling `onBatch` with span batches; problems are appended to `issues`. */
export function readExportBytes(
  raw: Uint8Array,
  options: ReadOptions,
  issues: IngestIssue[],
  onBatch: (spans: FlatSpan[]) => void,
): ReadResult {
  const compression = detectCompression(raw.subarray(0, 4));
  let bytes: Uint8Array = raw;
  if (compression !== 'none') {
    const out = decompress(raw, compression);
    bytes = out.bytes;
    if (out.error) {
      issues.push({
        kind: 'truncated_stream',
        severity: 'error',
        position: { byte: out.error.offset },
        path: null,
        message: `${compression} stream: ${out.error.message}; ${out.bytes.length} bytes before it were read`,
      });
    }
  }
  const result: ReadResult = { format: 'unknown', compression, spans: 0 };
  if (isBlank(bytes)) {
    if (issues.length === 0) {
      issues.push({ kind: 'empty_file', severity: 'error', position: null, path: null, message: 'the file holds no data' });
    }
    return result;
  }
  const emit = batcher(options, issues, result, onBatch);
  const head = Buffer.from(bytes.subarray(0, 256)).toString('utf8');
  if (looksLikeJson(head)) {
    readJson(bytes, issues, result, emit);
  } else if (looksLengthPrefixed(bytes)) {
    readFramed(bytes, issues, result, emit);
  } else {
    try {
      const message = decodeTracesProtobuf(bytes);
      result.format = 'otlp-proto';
      emit({ message, position: { byte: 0 } });
    } catch (error) {
      issues.push({
        kind: 'unknown_format',
        severity: 'error',
        position: { byte: 0 },
        path: null,
        message: `not OTLP JSON, JSON Lines or protobuf (${shortError(error)})`,
      });
    }
  }
  emit(null);
  return result;
}

function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  return true;
}

function shortError(error: unknown): string {
  return String((error as Error)?.message ?? error).slice(0, 160);
}

/**
 * Reads an export file from disk. Uncompressed JSON Lines and length-framed files (what the
 * Collector writes, and what grows large) stream through one reused buffer, a window of whole lines
 * or frames at a time, so memory does not grow with the file; other shapes are read whole.
 */
export function readExportFile(
  file: string,
  options: ReadOptions,
  issues: IngestIssue[],
  onBatch: (spans: FlatSpan[]) => void,
  scratch: Scratch,
): ReadResult {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = scratch.fill(fd, 0, Math.min(size, scratch.bytes.length));
    const compression = detectCompression(head.subarray(0, 4));
    const text = Buffer.from(head.subarray(0, 256)).toString('utf8');
    let kind: 'lines' | 'frames' | 'whole' = 'whole';
    if (compression === 'none' && size > head.length) {
      if (looksLikeJson(text)) {
        const nl = head.indexOf(10);
        if (nl !== -1 && isJsonLines(head.toString('utf8', 0, nl + 1))) kind = 'lines';
      } else if (looksLengthPrefixed(head)) kind = 'frames';
    }
    if (kind === 'whole') return readExportBytes(readFileSync(fd), options, issues, onBatch);

    const result: ReadResult = { format: kind === 'lines' ? 'otlp-json-lines' : 'otlp-proto-framed', compression, spans: 0 };
    const emit = batcher(options, issues, result, onBatch);
    let start = 0; // file offset of the window
    let line = 1; // line number of the window's first line
    while (start < size) {
      let window = scratch.fill(fd, start, Math.min(size - start, scratch.bytes.length));
      let atEnd = start + window.length >= size;
      if (kind === 'frames' && !atEnd && window.length >= 4 && 4 + window.readUInt32BE(0) > size - start) atEnd = true; // a corrupt length: report it, don't grow
      const whole = atEnd ? window.length : kind === 'lines' ? window.lastIndexOf(10) + 1 : wholeFramesLength(window);
      if (whole === 0) {
        scratch.grow(); // one line or frame larger than the buffer
        continue;
      }
      window = window.subarray(0, whole);
      if (kind === 'lines') {
        for (const m of decodeJsonLinesBuffer(window, issues, line)) emit(m);
        line += countLines(window);
      } else {
        readFramed(window, issues, result, emit, start);
      }
      start += whole;
    }
    emit(null);
    return result;
  } finally {
    closeSync(fd);
  }
}

/** A reusable read buffer (one per worker thread). */
export class Scratch {
  bytes: Buffer;

  constructor(size = 16 * 1024 * 1024) {
    this.bytes = Buffer.allocUnsafeSlow(size);
  }

  /** Reads `length` bytes at `position` into the buffer and returns them. */
  fill(fd: number, position: number, length: number): Buffer {
    let got = 0;
    while (got < length) {
      const n = readSync(fd, this.bytes, got, length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    return this.bytes.subarray(0, got);
  }

  grow(): void {
    this.bytes = Buffer.allocUnsafeSlow(this.bytes.length * 2);
  }
}

/** Returns the SHA-256 of a file, read through the scratch buffer. */
export function hashFile(file: string, scratch: Scratch): { sizeBytes: number; sha256: string } {
  const fd = openSync(file, 'r');
  try {
    const hash = createHash('sha256');
    let position = 0;
    for (;;) {
      const bytes = scratch.fill(fd, position, scratch.bytes.length);
      if (bytes.length === 0) break;
      hash.update(bytes);
      position += bytes.length;
    }
    return { sizeBytes: position, sha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}

function countLines(window: Buffer): number {
  let n = 0;
  for (let i = window.indexOf(10); i !== -1; i = window.indexOf(10, i + 1)) n++;
  return n;
}

/** Returns the length of the whole frames at the start of the window. */
function wholeFramesLength(window: Uint8Array): number {
  let at = 0;
  while (at + 4 <= window.length) {
    const len = ((window[at]! << 24) >>> 0) + (window[at + 1]! << 16) + (window[at + 2]! << 8) + window[at + 3]!;
    if (at + 4 + len > window.length) break;
    at += 4 + len;
  }
  return at;
}

/**
 * Returns a function that flattens messages into spans and hands them on in batches; `null` flushes
 * (once, at the end of the file). Messages that are not OTLP traces requests (a file of another
 * shape) are reported once per file, the first with its position and a count of the others.
 */
function batcher(options: ReadOptions, issues: IngestIssue[], result: ReadResult, onBatch: (spans: FlatSpan[]) => void) {
  let batch: FlatSpan[] = [];
  let foreign: IngestIssue | null = null;
  let moreForeign = 0;
  return (m: PositionedMessage | null) => {
    if (m === null) {
      if (batch.length > 0) {
        result.spans += batch.length;
        onBatch(batch);
        batch = [];
      }
      if (foreign && moreForeign > 0) foreign.message += ` (and ${moreForeign} more message${moreForeign === 1 ? '' : 's'} of this file without resourceSpans)`;
      return;
    }
    const before = issues.length;
    const spans = flattenTracesData(m.message, options, m.position, issues, m.itemPath);
    if (issues.length === before + 1 && issues[before]!.kind === 'not_otlp_traces') {
      if (foreign) {
        issues.pop();
        moreForeign++;
      } else foreign = issues[before]!;
    }
    for (const s of spans) {
      batch.push(s);
      if (batch.length >= options.batchSize) {
        result.spans += batch.length;
        onBatch(batch);
        batch = [];
      }
    }
  };
}

function readJson(bytes: Uint8Array, issues: IngestIssue[], result: ReadResult, emit: (m: PositionedMessage) => void) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const firstBreak = buf.indexOf(10);
  const head = buf.toString('utf8', 0, firstBreak === -1 ? buf.length : firstBreak);
  if (firstBreak === -1 || isJsonLines(head + '\n')) {
    result.format = 'otlp-json-lines';
    for (const m of decodeJsonLinesBuffer(buf, issues)) emit(m);
  } else {
    result.format = 'otlp-json';
    for (const m of decodeJsonDocument(decodeUtf8Reporting(bytes, issues), issues)) emit(m);
  }
}

/** Returns the text; invalid UTF-8 is replaced by U+FFFD and reported per line. */
function decodeUtf8Reporting(bytes: Uint8Array, issues: IngestIssue[]): string {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let line = 1;
    let start = 0;
    while (start < buf.length) {
      let nl = buf.indexOf(10, start);
      if (nl === -1) nl = buf.length;
      try {
        utf8Strict.decode(buf.subarray(start, nl));
      } catch {
        issues.push({
          kind: 'invalid_utf8',
          severity: 'error',
          position: { line },
          path: null,
          message: 'invalid UTF-8 bytes replaced by U+FFFD',
        });
      }
      line++;
      start = nl + 1;
    }
    return buf.toString('utf8');
  }
}

function readFramed(bytes: Uint8Array, issues: IngestIssue[], result: ReadResult, emit: (m: PositionedMessage) => void, base = 0) {
  const { frames, error } = splitFrames(bytes);
  for (const { offset: at, bytes: frameBytes } of frames) {
    const frame = { offset: base + at, bytes: frameBytes };
    let body: Uint8Array;
    try {
      body = maybeDecompressFrame(frame.bytes);
    } catch (e) {
      issues.push({ kind: 'truncated_stream', severity: 'error', position: { byte: frame.offset }, path: null, message: `zstd frame: ${shortError(e)}` });
      continue;
    }
    if (body.length > 0 && (body[0] === 0x7b /* { */ || body[0] === 0x5b) /* [ */) {
      result.format = 'otlp-json-framed';
      for (const m of decodeJsonDocument(decodeUtf8Reporting(body, issues), issues)) emit({ ...m, position: { byte: frame.offset } });
      continue;
    }
    result.format = 'otlp-proto-framed';
    try {
      emit({ message: decodeTracesProtobuf(body), position: { byte: frame.offset } });
    } catch (e) {
      issues.push({ kind: 'corrupt_protobuf', severity: 'error', position: { byte: frame.offset }, path: null, message: shortError(e) });
    }
  }
  if (result.format === 'unknown') result.format = 'otlp-proto-framed';
  if (error) issues.push({ kind: 'truncated_frame', severity: 'error', position: { byte: base + error.offset }, path: null, message: error.message });
}
