/**
 * Shared by the conformance tests: where the committed captures are, a fresh live capture in a child
 * process, ingestion with the real CLI, the mapped `spans` rows, and the span-shape signature that
 * tells a library upgrade from the committed file.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCapture, type CaptureFamily } from '../../conformance/capture-all.js';
import type { CaptureResult } from '../../conformance/harness.js';
import { query, runCli, tempDir } from '../../helpers/run-cli.js';

const HERE = path.dirname(fileURLToPath(import.meta.url)); // dist/test/unit/conformance
const REPO = path.resolve(HERE, '..', '..', '..', '..');

/** The ingestion CLI is built (dist/src/cli.js): the mapping sub-tests run only then. */
export const CLI_BUILT = existsSync(path.join(REPO, 'dist', 'src', 'cli.js'));

/** The committed capture of a family. */
export function committedFile(family: CaptureFamily): string {
  return path.join(REPO, 'test', 'conformance', 'otlp', `${family}.jsonl`);
}

const live = new Map<CaptureFamily, CaptureResult>();

/** Runs the family's capture (once per test process) against a fresh mock server into a temporary file. */
export function liveCapture(family: CaptureFamily): CaptureResult {
  if (!live.has(family)) live.set(family, runCapture(family, path.join(tempDir('spanlens-conformance-'), `${family}.jsonl`)));
  return live.get(family)!;
}

/** The HTTP calls every capture makes, in order (mock-openai-server's request kinds). */
export const SCRIPTED_CALLS = ['tool_call', 'tool_result', 'embeddings', 'cached', 'plain', 'long_history', 'error'];

/** The `spans` columns the assertions read (numbers as numbers). */
export interface SpanRow {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  scope_name: string | null;
  status_code: 'UNSET' | 'OK' | 'ERROR';
  convention: string;
  operation: string;
  session_id: string | null;
  user_id: string | null;
  provider: string | null;
  request_model: string | null;
  response_model: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  usage_is_aggregate: boolean;
  finish_reasons: string[] | null;
  tool_name: string | null;
  tool_call_id: string | null;
  error_type: string | null;
  prompt_text: string | null;
  completion_text: string | null;
  dropped_attributes_count: number;
  attributes: Record<string, unknown>;
}

const NUMERIC = ['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'dropped_attributes_count'] as const;

/** Ingests `file` with `spanlens ingest --json` into a new database and returns its spans in start order. */
export async function ingest(file: string): Promise<SpanRow[]> {
  const db = path.join(tempDir('spanlens-conformance-db-'), 'conformance.duckdb');
  const r = runCli(['ingest', file, '--db', db, '--json']);
  assert.equal(r.code, 0, `spanlens ingest exited ${r.code}: ${r.stderr}`);
  const rows = await query(
    db,
    `select trace_id, span_id, parent_span_id, name, scope_name, status_code, convention, operation, session_id, user_id, provider,
            request_model, response_model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
            usage_is_aggregate, finish_reasons, tool_name, tool_call_id, error_type, prompt_text, completion_text,
            dropped_attributes_count, attributes::varchar as attributes
     from spans order by start_time_unix_nano, span_id`,
  );
  return rows.map((row) => {
    const r = { ...row } as Record<string, unknown>;
    for (const k of NUMERIC) r[k] = r[k] === null || r[k] === undefined ? null : Number(r[k]);
    r.attributes = typeof r.attributes === 'string' ? (JSON.parse(r.attributes) as Record<string, unknown>) : {};
    return r as unknown as SpanRow;
  });
}

/** What a model-call span should map to; only the keys given are compared. */
export type Expect = Partial<Pick<SpanRow,
  | 'name' | 'status_code' | 'convention' | 'operation' | 'session_id' | 'user_id' | 'provider' | 'request_model' | 'response_model'
  | 'input_tokens' | 'output_tokens' | 'cache_read_tokens' | 'reasoning_tokens' | 'usage_is_aggregate' | 'finish_reasons'
  | 'tool_name' | 'tool_call_id' | 'error_type'>>;

/** Asserts `row` has every value in `expected`, naming the call on failure. */
export function assertMaps(row: SpanRow | undefined, expected: Expect, label: string): void {
  assert.ok(row, `${label}: no span`);
  const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, row[k as keyof SpanRow]]));
  assert.deepEqual(actual, expected, `${label} (${row.name})`);
}

/** One line per span: scope, name, status, sorted attribute keys and event names — what an upgrade changes. */
export function shapeSignature(file: string): string[] {
  const sig: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const req = JSON.parse(line) as {
      resourceSpans: { scopeSpans: { scope?: { name?: string; version?: string }; spans: { name: string; status?: { code?: number }; attributes?: { key: string }[]; events?: { name: string }[] }[] }[] }[];
    };
    for (const rs of req.resourceSpans)
      for (const ss of rs.scopeSpans)
        for (const s of ss.spans) {
          const keys = (s.attributes ?? []).map((a) => a.key).sort().join(',');
          const events = (s.events ?? []).map((e) => e.name).join(',');
          sig.push(`${ss.scope?.name}@${ss.scope?.version ?? ''} | ${s.name} | status ${s.status?.code ?? 0} | events [${events}] | ${keys}`);
        }
  }
  return sig.sort();
}

/** Asserts a fresh capture has the committed capture's span shapes (else: regenerate with capture-all and re-read the README's notes). */
export function assertSameShapes(liveFile: string, family: CaptureFamily): void {
  const live = shapeSignature(liveFile);
  const committed = shapeSignature(committedFile(family));
  const missing = committed.filter((s) => !live.includes(s));
  const extra = live.filter((s) => !committed.includes(s));
  assert.deepEqual(
    { missing, extra },
    { missing: [], extra: [] },
    `${family}: the live capture's spans differ from test/conformance/otlp/${family}.jsonl — a library changed; run \`node dist/test/conformance/capture-all.js ${family}\`, review the diff and update test/conformance/README.md`,
  );
}
