import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { chatTurns, frame, gzip, jsonRequest, protoRequest, zstd } from '../helpers/sdk-export.js';
import { query, runCli, tempDir } from '../helpers/run-cli.js';

const turns = (session: string, start: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ session, user: `user-${session}`, start: start + i * 60, input: 1000 + 100 * i, output: 40 + i, cached: 200 }));

describe('ingest: every container format × compression', () => {
  const dir = tempDir();
  const db = path.join(dir, 'db.duckdb');
  const containers: Record<string, (s: ReturnType<typeof chatTurns>) => Buffer | string> = {
    'json-lines': (s) => jsonRequest(s.slice(0, 2)) + '\n' + jsonRequest(s.slice(2)) + '\n',
    'json-pretty': (s) => JSON.stringify(JSON.parse(jsonRequest(s)), null, 2),
    'json-array': (s) => `[${jsonRequest(s.slice(0, 3))},${jsonRequest(s.slice(3))}]`,
    'proto-framed': (s) => frame([protoRequest(s.slice(0, 2)), protoRequest(s.slice(2))]),
    'proto-bare': (s) => protoRequest(s),
  };
  const expected: Record<string, { spans: number; format: string; compression: string }> = {};

  before(async () => {
    let session = 0;
    for (const [name, make] of Object.entries(containers)) {
      for (const compression of ['none', 'gzip', 'zstd'] as const) {
        const spans = chatTurns(turns(`s${session++}`, 1_760_000_000 + session * 3600, 3));
        const body = make(spans);
        const bytes = typeof body === 'string' ? Buffer.from(body) : body;
        const file = path.join(dir, 'in', `${name}.${compression}`);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, compression === 'none' ? bytes : compression === 'gzip' ? gzip(bytes) : await zstd(bytes));
        // a one-line array of requests reads as JSON Lines: both readings agree
        const format = name === 'json-lines' || name === 'json-array' ? 'otlp-json-lines' : name.startsWith('json') ? 'otlp-json' : name === 'proto-bare' ? 'otlp-proto' : 'otlp-proto-framed';
        expected[file] = { spans: spans.length, format, compression };
      }
    }
    // the Collector's legacy `compression: zstd`: each message compressed on its own, then framed
    const spans = chatTurns(turns('s-zstd-frames', 1_770_000_000, 3));
    const perMessage = path.join(dir, 'in', 'proto-framed-zstd-per-message');
    writeFileSync(perMessage, frame([await zstd(protoRequest(spans.slice(0, 2))), await zstd(protoRequest(spans.slice(2)))]));
    expected[perMessage] = { spans: 6, format: 'otlp-proto-framed', compression: 'none' };
    const jsonFrames = path.join(dir, 'in', 'json-framed-zstd-per-message');
    const spans2 = chatTurns(turns('s-json-frames', 1_771_000_000, 2));
    writeFileSync(jsonFrames, frame([await zstd(Buffer.from(jsonRequest(spans2)))]));
    expected[jsonFrames] = { spans: 4, format: 'otlp-json-framed', compression: 'none' };
  });

  it('detects each format by content and reads every span', async () => {
    const r = runCli(['ingest', path.join(dir, 'in'), '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const files = await query(db, 'select path, format, compression, span_count, status from ingested_files order by path');
    assert.equal(files.length, Object.keys(expected).length);
    for (const f of files) {
      const e = expected[f.path as string]!;
      assert.deepEqual([f.format, f.compression, Number(f.span_count), f.status], [e.format, e.compression, e.spans, 'ok'], String(f.path));
    }
    const total = Object.values(expected).reduce((s, e) => s + e.spans, 0);
    const [row] = await query(db, `select count(*) as n, sum(input_tokens) filter (where is_model_call) as input, sum(cache_read_tokens) filter (where is_model_call) as cached from spans`);
    assert.equal(Number(row!.n), total);
    // every file holds turns of 1000, 1100, 1200 input tokens (the last one only two turns), 200 cached each
    assert.equal(Number(row!.input), 16 * (1000 + 1100 + 1200) + (1000 + 1100));
    assert.equal(Number(row!.cached), (total / 2) * 200);
  });

  it('keeps nanosecond timestamps exact', async () => {
    const [row] = await query(db, `select min(start_time_unix_nano)::varchar as ns, min(started_at)::varchar as ts from spans where session_id = 's0'`);
    assert.equal(row!.ns, '1760003600000000000');
    assert.equal(row!.ts, '2025-10-09 09:53:20');
  });
});

describe('ingest: bad input is reported with its position and never loses the good data beside it', () => {
  const dir = tempDir();
  const db = path.join(dir, 'db.duckdb');
  const good = chatTurns(turns('good', 1_760_000_000, 2)); // 4 spans
  const line = jsonRequest(good);
  const files: Record<string, Buffer | string> = {};

  before(async () => {
    const mk = (n: string) => chatTurns(turns(n, 1_760_100_000, 1)); // 2 spans each, distinct ids
    files['good.jsonl'] = line + '\n';
    files['corrupt-line.jsonl'] = jsonRequest(mk('a')) + '\n{"resourceSpans": [oops\n' + jsonRequest(mk('b')) + '\n';
    const gz = gzip(jsonRequest(mk('c')) + '\n' + jsonRequest(mk('d')) + '\n');
    files['truncated.jsonl.gz'] = gz.subarray(0, gz.length - 30);
    const z = await zstd(Buffer.from(jsonRequest(mk('e')) + '\n'));
    files['truncated.jsonl.zst'] = z.subarray(0, z.length - 10);
    const p = protoRequest(mk('f'));
    files['truncated-frame.pb'] = Buffer.concat([frame([p]), frame([protoRequest(mk('g'))]).subarray(0, 40)]);
    // SDK order is end order: child, root, child, root — damage the two children
    const ids = JSON.parse(jsonRequest(chatTurns(turns('h', 1_760_200_000, 2))));
    ids.resourceSpans[0].scopeSpans[0].spans[0].traceId = '00000000000000000000000000000000';
    ids.resourceSpans[0].scopeSpans[0].spans[2].spanId = 'not-hex';
    files['bad-ids.json'] = JSON.stringify(ids);
    const types = JSON.parse(jsonRequest(mk('i')));
    types.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano = { nonsense: true };
    types.resourceSpans[0].scopeSpans[0].spans[1].attributes.push({ key: 'gen_ai.usage.input_tokens', value: { intValue: 'many' } });
    files['wrong-types.json'] = JSON.stringify(types);
    const missing = JSON.parse(jsonRequest(mk('j')));
    delete missing.resourceSpans[0].scopeSpans[0].spans[0].spanId;
    files['missing-field.json'] = JSON.stringify(missing);
    files['empty.jsonl'] = '';
    files['unknown.bin'] = Buffer.from('this is not telemetry at all \u0001\u0002');
    // valid JSON of another shape: a vendor's trace download (CONVENTIONS.md §6), then OTLP logs
    files['vendor-download.json'] = JSON.stringify({ trace: { id: 'abc', sessionId: 's' }, observations: [{ id: 'o1' }] }, null, 2);
    files['logs.jsonl'] = JSON.stringify({ resourceLogs: [] }) + '\n' + JSON.stringify({ resourceLogs: [] }) + '\n';
    const big = JSON.parse(jsonRequest(mk('k')));
    big.resourceSpans[0].scopeSpans[0].spans[0].attributes.push({ key: 'gen_ai.prompt', value: { stringValue: 'x'.repeat(10 * 1024 * 1024) } });
    files['oversize.jsonl'] = JSON.stringify(big) + '\n';
    // 20 attributes of 1 MiB each: every value within the limit, the span too big for one stored row
    const huge = JSON.parse(jsonRequest(mk('n')));
    for (let i = 0; i < 20; i++) huge.resourceSpans[0].scopeSpans[0].spans[0].attributes.push({ key: `app.blob.${i}`, value: { stringValue: 'y'.repeat(1024 * 1024) } });
    files['huge-span.jsonl'] = JSON.stringify(huge) + '\n';
    files['invalid-utf8.jsonl'] = Buffer.concat([Buffer.from(jsonRequest(mk('l')).replace('chat_turn', 'chat_turn_\u00e9')).subarray(0, 0), Buffer.from(jsonRequest(mk('l')).replace('"chat_turn"', '"chat_turn_XX"').replace('XX', '\u0000\u0000')), Buffer.from('\n')]);
    // make the two NUL placeholder bytes an invalid UTF-8 sequence
    const bad = files['invalid-utf8.jsonl'] as Buffer;
    const at = bad.indexOf(0);
    bad[at] = 0xc3;
    bad[at + 1] = 0x28;
    files['duplicates.jsonl'] = jsonRequest(mk('m')) + '\n' + jsonRequest(mk('m2')) + '\n';
    for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
    // a duplicate inside one file: the same request twice
    appendFileSync(path.join(dir, 'duplicates.jsonl'), jsonRequest(good.slice(0, 1)) + '\n' + jsonRequest(good.slice(0, 1)) + '\n');
  });

  it('exits 3, prints one line per problem naming file and position, and records them', async () => {
    const r = runCli(['ingest', dir, '--db', db, '--json', '--max-value-length', '1048576']);
    assert.equal(r.code, 3, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack traces');
    assert.match(r.stderr, /corrupt-line\.jsonl:line 2: corrupt_json/);
    assert.match(r.stderr, /truncated-frame\.pb:byte \d+: truncated_frame/);
    const errors = await query(db, `select regexp_extract(path, '[^/]+$') as file, kind, line, byte_offset, severity from ingest_errors order by file, kind`);
    const kinds = new Set(errors.map((e) => `${e.file}:${e.kind}`));
    for (const expectedKind of [
      'corrupt-line.jsonl:corrupt_json',
      'truncated.jsonl.gz:truncated_stream',
      'truncated.jsonl.zst:truncated_stream',
      'truncated-frame.pb:truncated_frame',
      'bad-ids.json:invalid_id',
      'wrong-types.json:wrong_type',
      'missing-field.json:missing_field',
      'empty.jsonl:empty_file',
      'unknown.bin:unknown_format',
      'vendor-download.json:not_otlp_traces',
      'logs.jsonl:not_otlp_traces',
      'oversize.jsonl:oversize_value',
      'huge-span.jsonl:oversize_value',
      'invalid-utf8.jsonl:invalid_utf8',
      'duplicates.jsonl:duplicate_span',
    ]) {
      assert.ok(kinds.has(expectedKind), `missing ${expectedKind} in ${[...kinds].join(', ')}`);
    }
    assert.equal(errors.filter((e) => e.file === 'logs.jsonl').length, 1, 'one error for a file of another shape, not one per line');
    assert.match(r.stderr, /vendor-download\.json:line 1: not_otlp_traces: a Langfuse trace download/);
    const corrupt = errors.find((e) => e.file === 'corrupt-line.jsonl')!;
    assert.equal(corrupt.line, 2);
    assert.equal(errors.find((e) => e.kind === 'duplicate_span')!.severity, 'warning');
  });

  it('ingests every good span beside the bad ones', async () => {
    // a child span carries no session id itself: count spans under their trace's root
    const sessions = await query(
      db,
      `select coalesce(s.session_id, r.session_id) as session_id, count(*) as n
       from spans as s left join spans as r on r.trace_id = s.trace_id and r.parent_span_id is null
       group by 1 order by 1`,
    );
    const bySession = Object.fromEntries(sessions.map((s) => [s.session_id, Number(s.n)]));
    // whole good requests around the damage
    for (const s of ['good', 'a', 'b', 'c', 'f', 'k', 'l', 'm', 'm2']) assert.equal(bySession[s], s === 'good' ? 4 : 2, `session ${s}`);
    assert.equal(bySession['n'], 1, 'the span too big to store is left out, its sibling kept');
    // one bad span each; the other span of the request survives
    for (const s of ['i', 'j']) assert.equal(bySession[s], 1, `session ${s}`);
    assert.equal(bySession.h, 2, 'both roots of h survive their broken children');
    const [oversize] = await query(db, `select max(length(json_extract_string(attributes, '$."gen_ai.prompt"'))) as len from spans`);
    assert.equal(Number(oversize!.len), 1048576);
    const [utf8] = await query(db, `select name from spans where session_id = 'l' and parent_span_id is null`);
    assert.match(String(utf8!.name), /^chat_turn_\uFFFD/);
  });

  it('a second run over the same files changes nothing', async () => {
    const before = await query(db, 'select count(*) as n from spans');
    const r = runCli(['ingest', dir, '--db', db, '--json']);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.files_ingested, 0);
    assert.equal(summary.files_skipped, summary.files_seen, 'rejected files are in the manifest too');
    assert.equal(r.code, 0, 'nothing new was rejected');
    const after = await query(db, 'select count(*) as n from spans');
    assert.equal(after[0]!.n, before[0]!.n);
  });
});

describe('ingest: re-runs, changed files, stdin, exit codes', () => {
  it('skips unchanged files, re-reads a grown file without double counting, and dedupes across files', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'db.duckdb');
    const a = chatTurns(turns('x', 1_760_000_000, 2));
    writeFileSync(path.join(dir, 'active.jsonl'), jsonRequest(a.slice(0, 2)) + '\n');
    writeFileSync(path.join(dir, 'copy.jsonl'), jsonRequest(a.slice(0, 2)) + '\n' + jsonRequest(a.slice(0, 1)) + '\n'); // same spans, other file
    assert.equal(runCli(['ingest', dir, '--db', db]).code, 0);
    appendFileSync(path.join(dir, 'active.jsonl'), jsonRequest(a.slice(2)) + '\n'); // the Collector appended
    const r = runCli(['ingest', dir, '--db', db, '--json']);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.files_ingested, 1);
    assert.equal(summary.files_skipped, 1);
    const [row] = await query(db, `select count(*) as n, count(distinct span_id) as d from spans`);
    assert.equal(Number(row!.n), 4);
    assert.equal(Number(row!.d), 4);
    const [files] = await query(db, `select count(*) filter (where status = 'superseded') as superseded from ingested_files`);
    assert.equal(Number(files!.superseded), 1);
    const [raw] = await query(db, `select count(*) as n from raw_spans`);
    assert.equal(Number(raw!.n), 4 + 2, 'the superseded version left no rows behind');
  });

  it('a new file with the same bytes as a rejected one is read and reported under its own name, not skipped as already ingested', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'db.duckdb');
    const exports = path.join(dir, 'exports');
    mkdirSync(exports);
    const good = jsonRequest(chatTurns(turns('e', 1_760_000_000, 1))) + '\n';
    writeFileSync(path.join(exports, 'empty-1.jsonl'), '');
    writeFileSync(path.join(exports, 'good.jsonl'), good);
    assert.equal(runCli(['ingest', exports, '--db', db]).code, 3);
    writeFileSync(path.join(exports, 'empty-2.jsonl'), '');
    writeFileSync(path.join(exports, 'good-copy.jsonl'), good);
    const r = runCli(['ingest', exports, '--db', db, '--json']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /empty-2\.jsonl: empty_file/);
    assert.match(r.stderr, /good-copy\.jsonl: same content already ingested, skipped/, 'ingested content is still recognised');
    const errors = await query(db, `select parse_filename(path) as file, kind from ingest_errors order by 1`);
    assert.deepEqual(errors.map((e) => [e.file, e.kind]), [['empty-1.jsonl', 'empty_file'], ['empty-2.jsonl', 'empty_file']]);
  });

  it('two files of one run with the same bytes: the second names the first, not "already ingested"', async () => {
    const dir = tempDir();
    const exports = path.join(dir, 'exports');
    mkdirSync(exports);
    writeFileSync(path.join(exports, 'a.jsonl'), 'not json\n');
    writeFileSync(path.join(exports, 'b.jsonl'), 'not json\n');
    const r = runCli(['ingest', exports, '--db', path.join(dir, 'db.duckdb'), '--workers', '1']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /b\.jsonl: same content as \S*a\.jsonl, read in this run \(its problems are reported under that path\), skipped/);
    assert.doesNotMatch(r.stderr, /already ingested/);
  });

  it('recognises an unchanged file reached by another path (a symlinked folder) without reading it', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'db.duckdb');
    const exports = path.join(dir, 'exports');
    mkdirSync(exports);
    writeFileSync(path.join(exports, 'a.jsonl'), jsonRequest(chatTurns(turns('r', 1_760_000_000, 2))) + '\n');
    assert.equal(runCli(['ingest', exports, '--db', db]).code, 0);
    symlinkSync(exports, path.join(dir, 'linked'));
    const r = runCli(['ingest', path.join(dir, 'linked'), '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).files_skipped, 1);
    assert.match(r.stderr, /linked\/a\.jsonl: unchanged since last ingest, skipped/);
    assert.doesNotMatch(r.stderr, /same content already ingested/);
  });

  it('removes the staging folder a killed run left beside its database, and no other', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'db.duckdb');
    writeFileSync(path.join(dir, 'a.jsonl'), jsonRequest(chatTurns(turns('s', 1_760_000_000, 1))) + '\n');
    const stale = path.join(dir, '.spanlens-ingest-db.duckdb-Xk3p9q');
    const other = path.join(dir, '.spanlens-ingest-other.duckdb-Xk3p9q'); // another database's
    const longer = path.join(dir, '.spanlens-ingest-db.duckdb-eu.duckdb-Xk3p9q'); // database "db.duckdb-eu.duckdb"
    for (const d of [stale, other, longer]) {
      mkdirSync(path.join(d, 'batch-1', 'file-1'), { recursive: true });
      writeFileSync(path.join(d, 'batch-1', 'file-1', 'job1-0.csv'), 'left by a killed run\n');
    }
    const r = runCli(['ingest', path.join(dir, 'a.jsonl'), '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(existsSync(stale), false);
    assert.equal(existsSync(other), true);
    assert.equal(existsSync(longer), true);
    assert.deepEqual(readdirSync(dir).filter((f) => /^\.spanlens-ingest-db\.duckdb-[A-Za-z0-9]{6}$/.test(f)), [], 'its own staging folder is gone too');
  });

  it('ingests into a database whose file name holds glob characters (its staging folder is named after it)', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'spans[eu]*?.duckdb');
    writeFileSync(path.join(dir, 'a.jsonl'), jsonRequest(chatTurns(turns('g', 1_760_000_000, 2))) + '\n');
    const r = runCli(['ingest', path.join(dir, 'a.jsonl'), '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.ok(summary.spans_in_database > 0);
    assert.equal(summary.spans_in_database, summary.spans_read);
  });

  it('shows the newest file\'s copy of a span, and an older copy again when the newer file drops it', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'db.duckdb');
    const a = chatTurns(turns('y', 1_760_000_000, 2));
    const renamed = (text: string) => text.replaceAll('"chat_turn', '"renamed_turn');
    writeFileSync(path.join(dir, 'old.jsonl'), jsonRequest(a) + '\n');
    assert.equal(runCli(['ingest', path.join(dir, 'old.jsonl'), '--db', db]).code, 0);
    writeFileSync(path.join(dir, 'new.jsonl'), renamed(jsonRequest(a)) + '\n');
    assert.equal(runCli(['ingest', path.join(dir, 'new.jsonl'), '--db', db]).code, 0);
    const names = async () =>
      (await query(db, `select name, count(*) as n from spans where parent_span_id is null group by name order by name`)).map((r) => `${String(r.name).split('_')[0]}:${r.n}`);
    assert.deepEqual(await names(), ['renamed:2'], 'the newer file wins');
    const [counts] = await query(db, `select (select count(*) from raw_spans) as raw, (select count(*) from spans) as spans`);
    assert.equal(Number(counts!.raw), 2 * Number(counts!.spans));
    // the newer file is rewritten with only the first turn: the second turn's old copy is current again
    writeFileSync(path.join(dir, 'new.jsonl'), renamed(jsonRequest(a.filter((s) => s.spanContext().traceId === a[0]!.spanContext().traceId))) + '\n');
    assert.equal(runCli(['ingest', path.join(dir, 'new.jsonl'), '--db', db]).code, 0);
    assert.deepEqual(await names(), ['chat:1', 'renamed:1']);
    const [dupes] = await query(db, `select count(*) - count(distinct (trace_id, span_id)) as d from spans`);
    assert.equal(Number(dupes!.d), 0);
  });

  it('reads standard input', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'db.duckdb');
    const r = runCli(['ingest', '-', '--db', db, '--json'], { input: gzip(jsonRequest(chatTurns(turns('stdin', 1_760_000_000, 1))) + '\n') });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).spans_in_database, 2);
  });

  it('exits 2 on usage errors and 4 when the database is locked', async () => {
    const dir = tempDir();
    assert.equal(runCli(['ingest', path.join(dir, 'nope'), '--db', path.join(dir, 'db.duckdb')]).code, 2);
    assert.equal(runCli(['ingest']).code, 2);
    assert.equal(runCli(['frobnicate']).code, 2);
    const db = path.join(dir, 'locked.duckdb');
    writeFileSync(path.join(dir, 'a.jsonl'), jsonRequest(chatTurns(turns('z', 1_760_000_000, 1))) + '\n');
    const holder = spawn(process.execPath, ['-e', `import('@duckdb/node-api').then(async ({DuckDBInstance}) => { globalThis.holder = await DuckDBInstance.create(${JSON.stringify(db)}); console.log('ready'); setTimeout(() => {}, 20000); })`], { cwd: process.cwd() });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    try {
      const r = runCli(['ingest', path.join(dir, 'a.jsonl'), '--db', db]);
      assert.equal(r.code, 4);
      assert.match(r.stderr, /is locked by .*pid \d+/);
    } finally {
      holder.kill();
    }
    void DuckDBInstance;
  });
});
