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
  let batch: FlatSpan[] = [];
  const emit = (m: PositionedMessage) => {
    const spans = flattenTracesData(m.message, options, m.position, issues);
    for (const s of spans) {
      batch.push(s);
      if (batch.length >= options.batchSize) {
        result.spans += batch.length;
        onBatch(batch);
        batch = [];
      }
    }
  };
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
  if (batch.length > 0) {
    result.spans += batch.length;
    onBatch(batch);
  }
  return result;
}

function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  return true;
}

function shortError(error: unknown): string {
  return String((error as Error)?.message ?? error).slice(0, 160);
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

function readFramed(bytes: Uint8Array, issues: IngestIssue[], result: ReadResult, emit: (m: PositionedMessage) => void) {
  const { frames, error } = splitFrames(bytes);
  for (const frame of frames) {
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
  if (error) issues.push({ kind: 'truncated_frame', severity: 'error', position: { byte: error.offset }, path: null, message: error.message });
}
