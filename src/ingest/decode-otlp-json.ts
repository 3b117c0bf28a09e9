/**
 * OTLP/JSON text → messages with their positions. Handles JSON Lines (the Collector file
 * exporter's `format: json`: one request per line), a single (pretty-printed) document, and a
 * top-level array of requests. 64-bit integers written as bare JSON numbers keep every digit.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import type { IngestIssue } from './ingest-issue.js';

export interface PositionedMessage {
  message: unknown;
  position: IngestIssue['position'];
  /** "[i]" for the i-th request of a top-level array. */
  itemPath?: string;
}

// A 16+ digit integer right after ':', '[' or ',' — only then is the slower lossless pass needed.
const BIG_NUMBER_HINT = /[:[,]\s*-?\d{16}/;
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const BIG_INTEGER = /^-?\d{16,}$/;

/** Returns `JSON.parse(text)`, except that integers of 16+ digits become decimal strings (no rounding). */
export function parseJsonLossless(text: string): unknown {
  if (!BIG_NUMBER_HINT.test(text)) return JSON.parse(text);
  const quoted = text.replace(TOKEN, (token) => (token[0] !== '"' && BIG_INTEGER.test(token) ? `"${token}"` : token));
  return JSON.parse(quoted);
}

/** Returns whether the text (first non-blank characters) looks like JSON at all. */
export function looksLikeJson(head: string): boolean {
  const t = head.replace(/^\uFEFF/, '').trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Returns the line of a JSON.parse error: from "at position N", else from V8's context snippet. */
function jsonErrorPosition(text: string, error: unknown): IngestIssue['position'] {
  const message = String((error as Error)?.message ?? '');
  const m = /position (\d+)/.exec(message);
  if (m) return { line: lineOfOffset(text, Number(m[1])) };
  if (/Unexpected end of JSON input/.test(message)) return { line: lineOfOffset(text, text.length) };
  // e.g. Unexpected token ']', "...b": ]\n}" is not valid JSON — the snippet holds 10 characters either side
  const t = /^Unexpected token '([\s\S])', "([\s\S]*)" is not valid JSON$/.exec(message);
  if (t) {
    const [, token, snippet] = t as unknown as [string, string, string];
    const cut = snippet.startsWith('...');
    const core = snippet.replace(/^\.\.\./, '').replace(/\.\.\.$/, '');
    const at = text.indexOf(core);
    if (at !== -1) return { line: lineOfOffset(text, cut ? at + 10 : text.indexOf(token, at)) };
  }
  return { line: 1 };
}

function shortMessage(error: unknown): string {
  return String((error as Error)?.message ?? error).slice(0, 200);
}

/** Returns whether the text is JSON Lines: its first non-blank line is a whole JSON value by itself. */
export function isJsonLines(text: string): boolean {
  const start = text.search(/\S/);
  if (start === -1) return false;
  const nl = text.indexOf('\n', start);
  if (nl === -1) return true; // a single line: both readings agree
  const first = text.slice(start, nl).trim();
  if (!(first.startsWith('{') && first.endsWith('}'))) return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}

/** Yields each non-blank line's message; a corrupt line is reported and skipped. `firstLine` offsets numbering. */
export function* decodeJsonLines(text: string, issues: IngestIssue[], firstLine = 1): Generator<PositionedMessage> {
  let lineNo = firstLine - 1;
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    lineNo++;
    const line = text.slice(pos, nl);
    pos = nl + 1;
    yield* parseLine(line, lineNo, nl === text.length, issues);
  }
}

/** Yields one line's messages (a line may hold an array of requests); a blank line yields none. */
function* parseLine(line: string, lineNo: number, isLast: boolean, issues: IngestIssue[]): Generator<PositionedMessage> {
  // most lines start with "{": only look further for blanks when they do not
  const c = line.charCodeAt(0);
  if (c !== 123 && c !== 91 && line.trim() === '') return;
  let value: unknown;
  try {
    value = parseJsonLossless(line);
  } catch (error) {
    const truncated = isLast && !line.trimEnd().endsWith('}');
    issues.push({
      kind: 'corrupt_json',
      severity: 'error',
      position: { line: lineNo },
      path: null,
      message: truncated ? `incomplete last line (file still being written?): ${shortMessage(error)}` : shortMessage(error),
    });
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield { message: value[i], position: { line: lineNo }, itemPath: `[${i}]` };
  } else yield { message: value, position: { line: lineNo } };
}

/** Returns the messages of a single JSON document: one request, or an array of requests. */
export function decodeJsonDocument(text: string, issues: IngestIssue[]): PositionedMessage[] {
  let value: unknown;
  try {
    value = parseJsonLossless(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    issues.push({ kind: 'corrupt_json', severity: 'error', position: jsonErrorPosition(text, error), path: null, message: shortMessage(error) });
    return [];
  }
  if (!Array.isArray(value)) return [{ message: value, position: { line: 1 } }];
  return value.map((message, i) => ({ message, position: { line: 1 }, itemPath: `[${i}]` }));
}

/**
 * Yields the messages of a JSON Lines buffer line by line, never decoding the whole file into one
 * string (bounded memory, less garbage). A line with invalid UTF-8 is reported and read with U+FFFD.
 */
export function* decodeJsonLinesBuffer(buf: Buffer, issues: IngestIssue[], firstLine = 1): Generator<PositionedMessage> {
  let lineNo = firstLine - 1;
  let start = 0;
  while (start < buf.length) {
    let nl = buf.indexOf(10, start);
    if (nl === -1) nl = buf.length;
    lineNo++;
    const slice = buf.subarray(start, nl);
    start = nl + 1;
    // ASCII (the usual case) decodes far faster than the general UTF-8 path
    const ascii = isAscii(slice);
    if (!ascii && !isUtf8(slice)) {
      issues.push({ kind: 'invalid_utf8', severity: 'error', position: { line: lineNo }, path: null, message: 'invalid UTF-8 bytes replaced by U+FFFD' });
    }
    yield* parseLine(slice.toString(ascii ? 'latin1' : 'utf8'), lineNo, nl === buf.length, issues);
  }
}
