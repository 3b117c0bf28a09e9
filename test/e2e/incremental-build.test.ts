import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { BUILD_PLAN } from '../../src/build/plan.js';
import { DEFAULT_OPTIONS, generate } from '../fixtures/generate.js';
import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ExportFileWriter, initZstd } from '../fixtures/write-export.js';
import { query, runCli, tempDir } from '../helpers/run-cli.js';

const TABLES = BUILD_PLAN.filter((s) => s.kind !== 'view').map((s) => path.basename(s.file, '.sql'));

/** Per derived table: row count and a digest of its rows in any order (doubles rounded to 1e-9: sums may add in another order). */
async function digests(db: string): Promise<Record<string, string>> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const out: Record<string, string> = {};
  try {
    for (const table of TABLES) {
      const columns = (await connection.runAndReadAll(`select column_name, data_type from information_schema.columns where table_name = '${table}' order by ordinal_position`)).getRows() as [string, string][];
      const cells = columns.map(([name, type]) => (type === 'DOUBLE' || type === 'FLOAT' ? `coalesce(cast(round("${name}", 9) as varchar), 'N')` : `coalesce(cast("${name}" as varchar), 'N')`));
      const [n, digest] = (await connection.runAndReadAll(`select count(*), md5(string_agg(x, '|' order by x)) from (select concat_ws('~', ${cells.join(', ')}) as x from "${table}")`)).getRows()[0]!;
      out[table] = `${String(n)} ${String(digest)}`;
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return out;
}

/** Generated batches in time order, the root of each batch's last trace held back into the next one. */
function batches(seed: number): ReadableSpan[][] {
  const out: ReadableSpan[][] = [];
  generate({ ...DEFAULT_OPTIONS, family: 'mixed', sessions: 80, seed, batchSize: 30, splitTraces: true }, (batch) => out.push([...batch]));
  return out;
}

function write(file: string, format: 'json-lines' | 'proto-framed', parts: ReadableSpan[][]): void {
  const writer = new ExportFileWriter(file, format, 'none');
  for (const p of parts) writer.write(p);
  writer.close();
}

/** Hand-made traces: per trace its spans (the first is the root) with their age in days and session id. */
function tracesAgo(traces: { age: number; session: string }[][]): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('spanlens-e2e');
  const at = (age: number): [number, number] => [Math.floor(Date.now() / 1000 - age * 86_400), 0];
  for (const [first, ...rest] of traces) {
    const root = tracer.startSpan('turn', { attributes: { 'session.id': first!.session, 'user.id': `u-${first!.session}` }, startTime: at(first!.age) });
    for (const s of rest) tracer.startSpan('step', { attributes: { 'session.id': s.session }, startTime: at(s.age) }, trace.setSpan(context.active(), root)).end(at(s.age));
    root.end(at(first!.age));
  }
  return exporter.getFinishedSpans();
}

const build = (db: string, ...flags: string[]) => {
  const r = runCli(['build', '--db', db, '--json', ...flags]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { mode: string; mode_reason: string; scope_turns: number | null; tables: Record<string, number> };
};

describe('incremental build', () => {
  it('gives exactly the tables a full build gives, night after night, with traces split across the nights’ files', async () => {
    await initZstd();
    for (const seed of [4, 9]) {
      const all = batches(seed);
      const dir = tempDir();
      // most of the history, then two small files whose first trace began in the file before
      const cut1 = Math.floor(all.length * 0.86);
      const cut2 = Math.floor(all.length * 0.94);
      write(path.join(dir, '1.jsonl'), 'json-lines', all.slice(0, cut1));
      write(path.join(dir, '2.pb'), 'proto-framed', all.slice(cut1, cut2));
      write(path.join(dir, '3.jsonl'), 'json-lines', all.slice(cut2));
      // and a day of new sessions only (another seed, after the history): no older spans to read
      const day: ReadableSpan[][] = [];
      generate({ ...DEFAULT_OPTIONS, family: 'mixed', sessions: 6, seed: seed + 100, startDate: '2026-10-20', days: 1, batchSize: 30 }, (batch) => day.push([...batch]));
      write(path.join(dir, '4.jsonl'), 'json-lines', day);
      const nightly = path.join(dir, 'nightly.duckdb');
      const fresh = path.join(dir, 'fresh.duckdb');
      const modes: string[] = [];
      for (const file of ['1.jsonl', '2.pb', '3.jsonl', '4.jsonl']) {
        assert.equal(runCli(['ingest', path.join(dir, file), '--db', nightly]).code, 0);
        const s = build(nightly);
        modes.push(s.mode);
        if (s.mode === 'incremental') assert.ok(s.scope_turns! > 0 && s.scope_turns! < s.tables.turns!, `${s.scope_turns} of ${s.tables.turns}`);
      }
      assert.deepEqual(modes, ['full', 'incremental', 'incremental', 'incremental'], `seed ${seed}`);
      assert.equal(runCli(['ingest', dir, '--db', fresh]).code, 0);
      assert.equal(build(fresh).mode, 'full');
      const [split] = await query(nightly, `select count(*) filter (where is_split_across_files) as n from trace_integrity`);
      assert.ok(Number(split!.n) > 0, 'some traces span two nights');
      assert.deepEqual(await digests(nightly), await digests(fresh), `seed ${seed}`);
    }
  });

  it('after retention, recomputes only the sessions that lost spans (and the new files’), giving the tables a full build gives', async () => {
    const all = batches(6);
    const dir = tempDir();
    write(path.join(dir, '1.jsonl'), 'json-lines', all.slice(0, -3));
    write(path.join(dir, '2.jsonl'), 'json-lines', all.slice(-3));
    const db = path.join(dir, 'db.duckdb');
    assert.equal(runCli(['ingest', path.join(dir, '1.jsonl'), '--db', db]).code, 0);
    assert.equal(build(db).mode, 'full');
    // a cutoff a tenth into the history: the oldest sessions lose spans, some traces only part of theirs
    const [range] = await query(db, `select min(start_time_unix_nano) as lo, max(start_time_unix_nano) as hi from spans`);
    const lo = BigInt(range!.lo as bigint);
    const cutMs = Number((lo + (BigInt(range!.hi as bigint) - lo) / 10n) / 1_000_000n);
    const days = Math.ceil((Date.now() - cutMs) / 86_400_000);
    const r = runCli(['run', path.join(dir, '1.jsonl'), path.join(dir, '2.jsonl'), '--db', db, '--retain-days', String(days), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.ok(s.spans_expired > 0, 'retention deleted spans');
    assert.equal(s.build.mode, 'incremental', s.build.reason);
    const [left] = await query(db, `select count(*) as n from removed_traces`);
    assert.equal(Number(left!.n), 0, 'the build consumed the record');
    const spliced = await digests(db);
    assert.equal(build(db, '--full').mode, 'full');
    assert.deepEqual(spliced, await digests(db));
  });

  it('after retention took a trace’s root, moves the trace to the session its remaining spans carry (as a full build does)', async () => {
    const dir = tempDir();
    // a trace whose root (10 days old) is in session A and whose later span (1 day old) says B;
    // B and A have a turn of their own each; ten other sessions keep the scope under half the turns
    const spans = tracesAgo([
      [{ age: 10, session: 'A' }, { age: 1, session: 'B' }],
      [{ age: 1, session: 'B' }],
      [{ age: 2, session: 'A' }],
      ...Array.from({ length: 10 }, (_, i) => [{ age: 3, session: `S${i}` }]),
    ]);
    mkdirSync(path.join(dir, 'in'));
    write(path.join(dir, 'in', '1.jsonl'), 'json-lines', [spans]);
    const db = path.join(dir, 'db.duckdb');
    assert.equal(runCli(['run', path.join(dir, 'in'), '--db', db]).code, 0);
    const r = runCli(['run', path.join(dir, 'in'), '--db', db, '--retain-days', '5', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.spans_expired, 1);
    assert.equal(s.build.mode, 'incremental', s.build.reason);
    const sessions = await query(db, `select session_id, turns from sessions order by session_id`);
    assert.deepEqual(sessions.slice(0, 2).map((x) => [x.session_id, Number(x.turns)]), [['A', 1], ['B', 2]]);
    const spliced = await digests(db);
    assert.equal(build(db, '--full').mode, 'full');
    assert.deepEqual(spliced, await digests(db));
  });

  it('a wholly expired file left in the input folder (read and expired again each night) adds nothing to the scope', async () => {
    const dir = tempDir();
    const sessions = (age: number, prefix: string, n: number) => Array.from({ length: n }, (_, i) => [{ age, session: `${prefix}${i}` }]);
    const inputs = path.join(dir, 'in');
    mkdirSync(inputs);
    write(path.join(inputs, 'old.jsonl'), 'json-lines', [tracesAgo(sessions(10, 'old', 40))]);
    write(path.join(inputs, 'new.jsonl'), 'json-lines', [tracesAgo(sessions(1, 'new', 60))]);
    const db = path.join(dir, 'db.duckdb');
    assert.equal(runCli(['run', inputs, '--db', db]).code, 0);
    const nights = [1, 2, 3].map(() => {
      const r = runCli(['run', inputs, '--db', db, '--retain-days', '5', '--json']);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout);
    });
    assert.deepEqual(nights.map((n) => n.spans_expired), [40, 40, 40], 'the file is read and expired again each night');
    assert.deepEqual(nights.map((n) => n.build.mode), ['incremental', 'incremental', 'incremental'], nights.map((n) => n.build.reason).join('; '));
    assert.deepEqual(nights.slice(1).map((n) => n.build.scope_turns), [0, 0]);
    const [turns] = await query(db, `select count(*) as n from turns`);
    assert.equal(Number(turns!.n), 60);
  });

  it('when a file changed and is read again, recomputes only the sessions of its old and new spans, giving the tables a full build gives', async () => {
    const all = batches(8);
    const dir = tempDir();
    const history = all.slice(0, -6);
    const today = all.slice(-6);
    write(path.join(dir, '1.jsonl'), 'json-lines', history);
    // the exporter's current file as last night's run saw it: a trace of it is not there any more
    // tonight (its batch dropped), the rest grew
    write(path.join(dir, '2.jsonl'), 'json-lines', today.slice(0, 3));
    const db = path.join(dir, 'db.duckdb');
    assert.equal(runCli(['ingest', dir, '--db', db]).code, 0);
    assert.equal(build(db).mode, 'full');
    const [before] = await query(db, `select count(*) as n from turns`);
    // the traces of the batch the file loses that no other batch carries
    const kept = new Set([...history, ...today.slice(1)].flatMap((b) => b.map((x) => x.spanContext().traceId)));
    const dropped = [...new Set(today[0]!.map((x) => x.spanContext().traceId))].filter((t) => !kept.has(t));
    assert.ok(dropped.length > 0 && dropped.every((t) => /^[0-9a-f]{32}$/.test(t)));
    const droppedTurns = `select count(*) as n from turns where trace_id in (${dropped.map((t) => `'${t}'`).join(', ')})`;
    assert.equal(Number((await query(db, droppedTurns))[0]!.n), dropped.length);
    write(path.join(dir, '2.jsonl'), 'json-lines', [...today.slice(1, 3), ...today.slice(3)]);
    const r = runCli(['run', dir, '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.files_ingested, 1);
    assert.equal(s.build.mode, 'incremental', s.build.reason);
    assert.ok(s.build.scope_turns < Number(before!.n) / 2, `${s.build.scope_turns} of ${before!.n}`);
    const [superseded] = await query(db, `select count(*) as n from ingested_files where status = 'superseded'`);
    assert.equal(Number(superseded!.n), 1);
    const [left] = await query(db, `select count(*) as n from removed_traces`);
    assert.equal(Number(left!.n), 0, 'the build consumed the record');
    const spliced = await digests(db);
    assert.equal(build(db, '--full').mode, 'full');
    assert.deepEqual(spliced, await digests(db));
    // and the dropped batch's traces are gone from the tables, not only from raw_spans
    assert.equal(Number((await query(db, droppedTurns))[0]!.n), 0);
  });

  it('when a newer copy of a span moves its trace to a session of the trace’s older spans, recomputes that session too (as a full build does)', async () => {
    const dir = tempDir();
    const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const at = (s: number) => String(1_790_000_000_000_000_000n + BigInt(s) * 1_000_000_000n);
    const span = (trace: number, id: number, parent: number | null, second: number, session: string | null) => ({
      traceId: trace.toString(16).padStart(32, '0'),
      spanId: id.toString(16).padStart(16, '0'),
      ...(parent === null ? {} : { parentSpanId: parent.toString(16).padStart(16, '0') }),
      name: parent === null ? 'turn' : 'step',
      startTimeUnixNano: at(second),
      endTimeUnixNano: at(second + 1),
      attributes: [...(session === null ? [] : [attr('session.id', session)]), attr('user.id', 'u')],
    });
    const line = (spans: unknown[]) => JSON.stringify({ resourceSpans: [{ resource: { attributes: [attr('service.name', 'svc')] }, scopeSpans: [{ spans }] }] }) + '\n';
    // trace 1: root in session A, a child in B; B and A have a turn of their own each; twelve
    // other sessions keep the scope small enough for an incremental build
    const first = [
      line([span(1, 1, null, 0, 'A'), span(1, 2, 1, 1, 'B')]),
      line([span(2, 3, null, 10, 'B')]),
      line([span(3, 4, null, 20, 'A')]),
      ...Array.from({ length: 12 }, (_, i) => line([span(100 + i, 100 + i, null, 30 + i, `S${i}`)])),
    ];
    writeFileSync(path.join(dir, '1.jsonl'), first.join(''));
    // the next night: another copy of trace 1's root, without a session id (it supersedes the first)
    writeFileSync(path.join(dir, '2.jsonl'), line([span(1, 1, null, 0, null)]));
    const db = path.join(dir, 'db.duckdb');
    assert.equal(runCli(['ingest', path.join(dir, '1.jsonl'), '--db', db]).code, 0);
    assert.equal(build(db).mode, 'full');
    assert.equal(runCli(['ingest', path.join(dir, '2.jsonl'), '--db', db]).code, 0);
    const night = build(db);
    assert.equal(night.mode, 'incremental', night.mode_reason);
    const sessions = await query(db, `select session_id, turns from sessions where session_id in ('A', 'B') order by session_id`);
    assert.deepEqual(sessions.map((x) => [x.session_id, Number(x.turns)]), [['A', 1], ['B', 2]]);
    const spliced = await digests(db);
    assert.equal(build(db, '--full').mode, 'full');
    assert.deepEqual(spliced, await digests(db));
  });

  it('builds whole when asked, when a parameter changes, when a table is missing, and after spans are deleted', async () => {
    const all = batches(2);
    const dir = tempDir();
    write(path.join(dir, '1.jsonl'), 'json-lines', all.slice(0, -2));
    write(path.join(dir, '2.jsonl'), 'json-lines', all.slice(-2));
    const db = path.join(dir, 'db.duckdb');
    assert.equal(runCli(['ingest', path.join(dir, '1.jsonl'), '--db', db]).code, 0);
    assert.equal(build(db).mode, 'full');
    assert.equal(build(db).mode, 'incremental', 'nothing new: nothing to recompute');
    assert.match(build(db, '--full').mode_reason, /requested/);
    assert.match(build(db, '--retrieval-low-score', '0.5').mode_reason, /parameters/);
    assert.equal(runCli(['ingest', path.join(dir, '2.jsonl'), '--db', db]).code, 0);
    assert.match(build(db).mode_reason, /parameters/, 'the last build recorded its own parameters');
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    await connection.run('drop table users');
    connection.closeSync();
    instance.closeSync();
    const rebuilt = build(db);
    assert.match(rebuilt.mode_reason, /missing/);
    assert.ok(rebuilt.tables.users! > 0);
    const again = await DuckDBInstance.create(db);
    const c2 = await again.connect();
    await c2.run(`delete from raw_spans where trace_id = (select min(trace_id) from raw_spans)`);
    c2.closeSync();
    again.closeSync();
    const after = build(db);
    assert.equal(after.mode, 'full');
    assert.match(after.mode_reason, /removed since the last build that removed_traces does not account for/);
  });
});
