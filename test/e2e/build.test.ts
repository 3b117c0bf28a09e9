import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_OPTIONS, generate, type Truth } from '../fixtures/generate.js';
import { FAMILIES, type Family } from '../fixtures/families.js';
import { ExportFileWriter, initZstd } from '../fixtures/write-export.js';
import { spawnSync } from 'node:child_process';
import { CLI, query, runCli, tempDir } from '../helpers/run-cli.js';
import { buildTables, INCREMENTAL_MEMORY_LIMIT_MB, retryMemoryBytes, settingBytes } from '../../src/build/build-tables.js';
import { DEFAULT_BUILD_OPTIONS } from '../../src/build/build-options.js';
import { openDatabase } from '../../src/db/open-database.js';
import { captureEffects } from '../../src/effects.js';

async function generated(family: Family | 'mixed', sessions: number, seed = 3): Promise<{ dir: string; db: string; truth: Truth }> {
  await initZstd();
  const dir = tempDir();
  const writers = [new ExportFileWriter(path.join(dir, 'a.jsonl'), 'json-lines', 'none'), new ExportFileWriter(path.join(dir, 'b.pb'), 'proto-framed', 'none')];
  let i = 0;
  const truth = generate({ ...DEFAULT_OPTIONS, family, sessions, seed, batchSize: 20 }, (batch) => writers[i++ % 2]!.write(batch));
  writers.forEach((w) => w.close());
  const db = path.join(dir, 'db.duckdb');
  const ingest = runCli(['ingest', dir, '--db', db]);
  assert.equal(ingest.code, 0, ingest.stderr);
  const build = runCli(['build', '--db', db, '--json']);
  assert.equal(build.code, 0, build.stderr);
  return { dir, db, truth };
}

describe('build: every convention family gives the generator’s exact truth', () => {
  for (const family of FAMILIES) {
    it(family, async () => {
      const { db, truth } = await generated(family, 25);
      const [t] = await query(
        db,
        `select count(*) as turns, count(distinct session_id) as sessions, count(distinct user_id) as users,
                sum(input_tokens) as input, sum(output_tokens) as output, sum(cache_read_tokens) as cached,
                count(*) filter (where is_degraded_session) as degraded
         from turns`,
      );
      assert.equal(Number(t!.turns), truth.traces);
      assert.equal(Number(t!.sessions), truth.sessions);
      assert.equal(Number(t!.users), truth.users);
      assert.equal(Number(t!.input), truth.input_tokens, 'input tokens incl. cached, each call once');
      assert.equal(Number(t!.output), truth.output_tokens);
      assert.equal(Number(t!.cached), truth.cache_read_tokens);
      assert.equal(Number(t!.degraded), 0);
      const failures = await query(db, `select failure_kind, count(*) as n from turns where is_failed group by 1`);
      assert.deepEqual(Object.fromEntries(failures.map((f) => [f.failure_kind, Number(f.n)])), truth.failed_turns);
      const sessions = await query(db, `select session_id, turns from sessions`);
      for (const s of sessions) assert.equal(Number(s.turns), truth.turns_per_session[s.session_id as string], String(s.session_id));
      const [m] = await query(db, `select list_sort(list_distinct(list(response_model))) as models, list_distinct(list(provider)) as providers from spans where is_model_call`);
      assert.deepEqual(m!.models, ['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20']);
      assert.deepEqual(m!.providers, ['openai']);
    });
  }

  it('keeps no 128-bit integer column in a derived table (sum() gives HUGEINT: slow to store and to read)', async () => {
    const { db } = await generated('mixed', 10);
    const wide = await query(db, `select table_name || '.' || column_name as col from duckdb_columns() where data_type = 'HUGEINT' order by 1`);
    assert.deepEqual(wide.map((r) => r.col), []);
  });

  it('writes its tables without dictionary or ALP compression, which the ingested spans keep', async () => {
    const { db } = await generated('mixed', 40);
    const segments = async (table: string, method: string) =>
      Number((await query(db, `select count(*) as n from pragma_storage_info('${table}') where compression ilike '${method}%'`))[0]!.n);
    for (const method of ['dictionary', 'alp']) {
      assert.ok((await segments('raw_spans', method)) > 0, `raw_spans: ${method}`);
      for (const table of ['turns', 'sessions', 'turn_facts', 'model_call_costs']) assert.equal(await segments(table, method), 0, `${table}: ${method}`);
    }
  });
});

describe('build: keys, order, integrity, cost', () => {
  it('reads the session type the same from the ingested column (default keys) and from the JSON (other keys)', async () => {
    const { db } = await generated('mixed', 30);
    const types = async () => (await query(db, `select session_id, session_type from sessions order by session_id`)).map((r) => `${r.session_id}=${r.session_type}`);
    const byColumn = await types();
    assert.ok(new Set(byColumn.map((t) => t.split('=')[1])).size > 1, 'several session types');
    // the same keys plus one unused: not the default list, so the build parses the attributes
    assert.equal(runCli(['build', '--db', db, '--session-type-keys', 'session.type,app.session.type,gen_ai.agent.name,x.unused']).code, 0);
    assert.deepEqual(await types(), byColumn);
    // a resource attribute as the key: every session takes its root span's service name
    assert.equal(runCli(['build', '--db', db, '--session-type-keys', 'service.name']).code, 0);
    const [mismatch] = await query(db, `select count(*) as n from turns t join spans s on s.trace_id = t.trace_id and s.parent_span_id is null where t.turn_type is distinct from s.service_name`);
    assert.equal(Number(mismatch!.n), 0);
  });

  it('orders turns by time within a session and prices cached tokens at the cache price', async () => {
    const { db } = await generated('otel_genai', 10);
    const bad = await query(db, `select session_id from turns group by 1 having bool_or(turn_index > 1 and started_at < (select min(started_at) from turns t2 where t2.session_id = turns.session_id))`);
    assert.deepEqual(bad, []);
    const order = await query(db, `select count(*) as n from (select session_id, turn_index, started_at, lag(started_at) over (partition by session_id order by turn_index) as prev from turns) where prev > started_at`);
    assert.equal(Number(order[0]!.n), 0);
    const [c] = await query(
      db,
      `select cost_usd, input_tokens, cache_read_tokens, output_tokens, p.input_mtok, p.cache_read_mtok, p.output_mtok
       from model_call_costs join model_prices as p using (provider, model, day) where cache_read_tokens > 0 limit 1`,
    );
    const expected = ((Number(c!.input_tokens) - Number(c!.cache_read_tokens)) * Number(c!.input_mtok) + Number(c!.cache_read_tokens) * Number(c!.cache_read_mtok) + Number(c!.output_tokens) * Number(c!.output_mtok)) / 1e6;
    assert.ok(Math.abs(Number(c!.cost_usd) - expected) < 1e-12);
    assert.ok(Number(c!.cache_read_mtok) < Number(c!.input_mtok));
  });

  it('applies a dated price change from an override file, leaves unknown models unpriced (NULL), and reprices on rebuild', async () => {
    const { dir, db, truth } = await generated('otel_genai', 10);
    const prices = path.join(dir, 'prices.json');
    writeFileSync(prices, JSON.stringify([
      { model: 'gpt-4o-2024-08-06', valid_from: '2026-01-01', input_mtok: 1, cached_input_mtok: 0.5, output_mtok: 4 },
      { model: 'gpt-4o-2024-08-06', valid_from: '2026-10-04', input_mtok: 2, cached_input_mtok: 1, output_mtok: 8 },
    ]));
    const r = runCli(['build', '--db', db, '--prices', prices, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const rows = await query(db, `select strftime(day, '%Y-%m-%d') as day, input_mtok from model_prices where model = 'gpt-4o-2024-08-06' order by day`);
    assert.ok(rows.length > 3);
    for (const row of rows) assert.equal(Number(row.input_mtok), String(row.day) >= '2026-10-04' ? 2 : 1, String(row.day));
    assert.equal(truth.snapshot_change_day, '2026-10-08');
    // an unknown model: no price, cost NULL, listed by build
    const unknown = await generated('openinference', 3);
    const fake = path.join(unknown.dir, 'acme.jsonl');
    const span = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'chat', startTimeUnixNano: '1760000000000000000', endTimeUnixNano: '1760000001000000000',
      attributes: [{ key: 'gen_ai.operation.name', value: { stringValue: 'chat' } }, { key: 'gen_ai.provider.name', value: { stringValue: 'acme' } }, { key: 'gen_ai.request.model', value: { stringValue: 'acme-1' } }, { key: 'gen_ai.usage.input_tokens', value: { intValue: 10 } }] };
    writeFileSync(fake, JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }) + '\n');
    assert.equal(runCli(['ingest', fake, '--db', unknown.db]).code, 0);
    const b = runCli(['build', '--db', unknown.db, '--json']);
    assert.match(b.stderr, /unpriced model: acme acme-1: 1 calls/);
    assert.deepEqual(JSON.parse(b.stdout).unpriced_models, [{ provider: 'acme', model: 'acme-1', calls: 1 }]);
    // a priced model's call that recorded no usage: its cost is unknown (NULL), not $0, and so is its turn's and session's
    const noUsage = { ...span, traceId: 'ef'.repeat(16), spanId: 'ef'.repeat(8), attributes: [...span.attributes.slice(0, 1), { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } }, { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } }, { key: 'session.id', value: { stringValue: 'no-usage' } }] };
    writeFileSync(path.join(unknown.dir, 'no-usage.jsonl'), JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [noUsage] }] }] }) + '\n');
    assert.equal(runCli(['ingest', path.join(unknown.dir, 'no-usage.jsonl'), '--db', unknown.db]).code, 0);
    const b2 = runCli(['build', '--db', unknown.db]);
    assert.equal(b2.code, 0, b2.stderr);
    assert.match(b2.stderr, /\b1 model calls that did not fail recorded no token usage/);
    const [call] = await query(unknown.db, `select is_priced, has_usage, cost_usd from model_call_costs where trace_id = '${'ef'.repeat(16)}'`);
    assert.deepEqual([call!.is_priced, call!.has_usage, call!.cost_usd], [true, false, null]);
    const [nt] = await query(unknown.db, `select t.cost_usd as turn_cost, s.cost_usd as session_cost from turns t join sessions s using (session_id) where t.trace_id = '${'ef'.repeat(16)}'`);
    assert.deepEqual([nt!.turn_cost, nt!.session_cost], [null, null]);
    const [u] = await query(unknown.db, `select cost_usd, is_degraded_session, session_id from turns where trace_id = '${'ab'.repeat(16)}'`);
    assert.equal(u!.cost_usd, null);
    assert.equal(u!.is_degraded_session, true);
    assert.equal(u!.session_id, `trace:${'ab'.repeat(16)}`);
  });

  it('a mistyped --db or a price file that cannot be read or parsed is a usage error (exit 2), and creates nothing', async () => {
    const dir = tempDir();
    const missingDb = path.join(dir, 'typo.duckdb');
    for (const args of [['build'], ['report'], ['sql', 'select 1'], ['trace', 'ab'.repeat(16)]]) {
      const r = runCli([...args, '--db', missingDb]);
      assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, /database .*typo\.duckdb does not exist/);
    }
    assert.ok(!existsSync(missingDb), 'no empty database was created');
    const { db } = await generated('otel_genai', 6);
    const badJson = path.join(dir, 'prices.json');
    writeFileSync(badJson, '{"model": ');
    const bad = runCli(['build', '--db', db, '--prices', badJson]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /prices\.json: not valid JSON/);
    const gone = runCli(['build', '--db', db, '--prices', path.join(dir, 'gone.csv')]);
    assert.equal(gone.code, 2, gone.stderr);
    assert.match(gone.stderr, /cannot read price file .*gone\.csv: ENOENT/);
    assert.doesNotMatch(bad.stderr + gone.stderr, /internal error/);
  });

  it('assembles a trace split across files and counts orphans and missing roots', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'db.duckdb');
    const s = (id: string, parent: string | null, name: string) => ({ traceId: 'ee'.repeat(16), spanId: id, ...(parent ? { parentSpanId: parent } : {}), name, startTimeUnixNano: '1760000000000000000', endTimeUnixNano: '1760000000500000000', attributes: [{ key: 'session.id', value: { stringValue: 'split-session' } }] });
    const req = (spans: unknown[]) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }) + '\n';
    writeFileSync(path.join(dir, '1.jsonl'), req([s('0000000000000001', null, 'root')]));
    writeFileSync(path.join(dir, '2.jsonl'), req([s('0000000000000002', '0000000000000001', 'child'), s('0000000000000003', '00000000000000ff', 'orphan')]));
    assert.equal(runCli(['ingest', dir, '--db', db]).code, 0);
    assert.equal(runCli(['build', '--db', db]).code, 0);
    const [i] = await query(db, `select span_count, root_count, orphan_count, file_count, is_split_across_files, is_broken_tree from trace_integrity`);
    assert.deepEqual({ ...i, span_count: Number(i!.span_count), root_count: Number(i!.root_count), orphan_count: Number(i!.orphan_count), file_count: Number(i!.file_count) }, { span_count: 3, root_count: 1, orphan_count: 1, file_count: 2, is_split_across_files: true, is_broken_tree: true });
    const [t] = await query(db, `select session_id, root_span_name from turns`);
    assert.deepEqual(t, { session_id: 'split-session', root_span_name: 'root' });
  });

  it('rolls back and builds again with a higher memory limit when DuckDB runs out of memory, and starts there next time in the same mode', async () => {
    const { db, truth } = await generated('mixed', 6);
    // a limit the user set: raised for this build, never lowered, and not remembered
    const r = runCli(['build', '--db', db, '--json', '--full'], { env: { SPANLENS_MEMORY_LIMIT: '4MB' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /build: DuckDB ran out of its .* memory limit \(Out of Memory Error.*\); rolled back, building again with \d+MiB/);
    assert.doesNotMatch(r.stderr, /metric steps: DuckDB's memory limit/, 'a limit set by SPANLENS_MEMORY_LIMIT is not lowered');
    assert.equal(JSON.parse(r.stdout).tables.turns, truth.traces);
    const [t] = await query(db, 'select count(*) as n from turns');
    assert.equal(Number(t!.n), truth.traces); // once, not twice
    assert.deepEqual(await query(db, 'select build_mode from build_memory'), [], 'SPANLENS_MEMORY_LIMIT says nothing about builds without it');
    // the database's own limit running out (opened here with 4 MB): remembered for whole builds
    const outOfMemory = async (fullBuild: boolean) => {
      const small = await openDatabase(db, { memoryLimit: '4MB' });
      try {
        const effects = captureEffects();
        const summary = await buildTables(small, { ...DEFAULT_BUILD_OPTIONS, fullBuild }, effects, {});
        assert.match(effects.logs.join('\n'), /rolled back, building again with \d+MiB/);
        return summary;
      } finally {
        small.close();
      }
    };
    assert.equal((await outOfMemory(true)).mode, 'full');
    // the next whole build starts from the limit that worked instead of failing first
    const full = runCli(['build', '--db', db, '--full']);
    assert.equal(full.code, 0, full.stderr);
    assert.match(full.stderr, /build: starting with a \d+MiB memory limit: an earlier full build of this database ran out of .*MiB/);
    assert.doesNotMatch(full.stderr, /rolled back/);
    assert.doesNotMatch(full.stderr, /metric steps: DuckDB's memory limit/, 'a whole build keeps its limit through the metric steps');
    // an incremental build does not: a whole build's need says nothing about a night's, which runs
    // with a smaller limit than the database opens with
    const night = runCli(['build', '--db', db, '--json']);
    assert.equal(night.code, 0, night.stderr);
    const nightSummary = JSON.parse(night.stdout);
    assert.equal(nightSummary.mode, 'incremental');
    assert.doesNotMatch(night.stderr, /starting with a/);
    assert.equal(INCREMENTAL_MEMORY_LIMIT_MB, 192);
    assert.equal(nightSummary.memory_limit, '183.1 MiB'); // 192 MB as DuckDB prints it
    // the TypeScript metric steps run with less, and the checks with the build's limit again
    assert.match(night.stderr, /metric steps: DuckDB's memory limit is 64MB while they hold the turn facts \(192MB again for the checks\)/);
    const whole = JSON.parse(runCli(['build', '--db', db, '--json', '--full'], { env: { SPANLENS_MEMORY_LIMIT: '512MB' } }).stdout);
    assert.equal(whole.memory_limit, '488.2 MiB'); // what it opened with
    // an incremental build that ran out is remembered for incremental builds
    assert.equal((await outOfMemory(false)).mode, 'incremental');
    const next = runCli(['build', '--db', db]);
    assert.equal(next.code, 0, next.stderr);
    assert.match(next.stderr, /build: starting with a \d+MiB memory limit: an earlier incremental build of this database ran out of .*MiB/);
    const modes = await query(db, 'select build_mode from build_memory order by build_mode');
    assert.deepEqual(modes.map((m) => m.build_mode), ['full', 'incremental']);
  });

  it('builds again at the raised limit after running out (not at a night’s smaller one), and retries a run out in the metric steps at the build’s own limit', async () => {
    const { db } = await generated('mixed', 6);
    // opened with a limit too small for any build, and no SPANLENS_MEMORY_LIMIT: the night's own
    // 192 MB must not replace the raised limit of the retry
    const small = await openDatabase(db, { memoryLimit: '4MB' });
    try {
      const effects = captureEffects();
      const summary = await buildTables(small, { ...DEFAULT_BUILD_OPTIONS }, effects, {});
      assert.equal(summary.mode, 'incremental');
      assert.match(effects.logs.join('\n'), /ran out of its 3\.\d MiB memory limit .*rolled back, building again with \d+MiB/);
      assert.ok((settingBytes(summary.memory_limit) ?? 0) >= 0.99 * retryMemoryBytes(), `built with ${summary.memory_limit}`);
    } finally {
      small.close();
    }
    // out of memory at the metric steps' lower limit, which only an incremental build sets (here
    // DuckDB cannot even free enough to set it): built again at the build's limit (the one the
    // night above needed, remembered), which is what the build reports; nothing more is remembered
    const before = await query(db, `select build_mode, bytes from build_memory order by build_mode`);
    const r = runCli(['build', '--db', db, '--json'], { env: { SPANLENS_TEST_METRIC_STEPS_LIMIT_MB: '1' } });
    assert.equal(r.code, 0, r.stderr);
    const night = JSON.parse(r.stdout);
    assert.equal(night.mode, 'incremental');
    assert.match(r.stderr, /build: DuckDB ran out of the metric steps' 1MB memory limit \(.*\); rolled back, building again without lowering the limit/);
    assert.doesNotMatch(r.stderr, /building again with \d+MiB/);
    assert.ok((settingBytes(night.memory_limit) ?? 0) >= 0.99 * retryMemoryBytes(), `built with ${night.memory_limit}`);
    assert.deepEqual(await query(db, `select build_mode, bytes from build_memory order by build_mode`), before);
    // a whole build does not lower it, so the same limit cannot run out there
    const whole = runCli(['build', '--db', db, '--json', '--full'], { env: { SPANLENS_TEST_METRIC_STEPS_LIMIT_MB: '1' } });
    assert.equal(whole.code, 0, whole.stderr);
    assert.doesNotMatch(whole.stderr, /metric steps/);
  });

  it('replaces a table with the view the plan now makes of that name (a database built by an older spanlens)', async () => {
    const { db, truth } = await generated('mixed', 6);
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    await connection.run('drop view session_cost_curves');
    await connection.run('create table session_cost_curves as select 1 as stale');
    connection.closeSync();
    instance.closeSync();
    const r = runCli(['build', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    const [kind] = await query(db, `select table_type from information_schema.tables where table_name = 'session_cost_curves'`);
    assert.equal(kind!.table_type, 'VIEW');
    const [n] = await query(db, 'select count(*) as n from session_cost_curves');
    assert.equal(Number(n!.n), truth.traces);
  });

  it('lists the distinct models and evaluation names of a turn and a session sorted, however many there are', async () => {
    // (lists of one or two are assembled from min and max, longer ones by list(): every path here)
    const dir = tempDir();
    const db = path.join(dir, 'db.duckdb');
    const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const evaluation = (name: string) => ({ name: 'gen_ai.evaluation.result', timeUnixNano: '1760000000100000000', attributes: [attr('gen_ai.evaluation.name', name), { key: 'gen_ai.evaluation.score.value', value: { doubleValue: 0.5 } }] });
    let n = 0;
    const call = (trace: string, request: string, response: string, names: string[] = []) => ({
      traceId: trace.repeat(32), spanId: String(++n).padStart(16, '0'), name: 'chat', startTimeUnixNano: `1760000000${String(n).padStart(2, '0')}0000000`, endTimeUnixNano: `1760000000${String(n).padStart(2, '0')}5000000`,
      attributes: [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.provider.name', 'openai'), attr('gen_ai.request.model', request), attr('gen_ai.response.model', response), attr('session.id', 'lists')],
      events: names.map(evaluation),
    });
    const spans = [
      call('a', 'm-c', 'r-2', ['tone', 'accuracy']), call('a', 'm-a', 'r-1', ['relevance', 'accuracy']), call('a', 'm-b', 'r-2'), call('a', 'm-a', 'r-1'), // 3 request models, 2 response, 3 names
      call('b', 'm-z', 'r-3', ['tone']), // one of each
      call('c', 'm-y', 'r-1', ['b', 'a']), call('c', 'm-x', 'r-1'), // 2 request models, 1 response, 2 names
    ];
    writeFileSync(path.join(dir, 'lists.jsonl'), JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }) + '\n');
    assert.equal(runCli(['ingest', dir, '--db', db]).code, 0);
    const b = runCli(['build', '--db', db]);
    assert.equal(b.code, 0, b.stderr);
    const turns = await query(db, `select left(trace_id, 1) as t, request_models, response_models, quality_signals from turns order by 1`);
    assert.deepEqual(JSON.parse(JSON.stringify(turns)), [
      { t: 'a', request_models: ['m-a', 'm-b', 'm-c'], response_models: ['r-1', 'r-2'], quality_signals: ['accuracy', 'relevance', 'tone'] },
      { t: 'b', request_models: ['m-z'], response_models: ['r-3'], quality_signals: ['tone'] },
      { t: 'c', request_models: ['m-x', 'm-y'], response_models: ['r-1'], quality_signals: ['a', 'b'] },
    ]);
    const [s] = await query(db, `select response_models from sessions where session_id = 'lists'`);
    assert.deepEqual(JSON.parse(JSON.stringify(s!.response_models)), ['r-1', 'r-2', 'r-3']);
  });
});

describe('build: snapshot changes and quality scales', () => {
  it('has_model_change is one requested model answered by two snapshots, not a switch between requested models; quality maps -1 to 0 and leaves other scales out', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'db.duckdb');
    const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const score = (v: number) => ({ name: 'gen_ai.evaluation.result', timeUnixNano: '1760000000100000000', attributes: [attr('gen_ai.evaluation.name', 'feedback'), { key: 'gen_ai.evaluation.score.value', value: { doubleValue: v } }] });
    let n = 0;
    const call = (session: string, request: string, response: string, scores: number[] = []) => {
      n++;
      return {
        traceId: n.toString(16).padStart(32, '0'), spanId: n.toString(16).padStart(16, '0'), name: 'chat',
        startTimeUnixNano: `17600000${String(n).padStart(2, '0')}000000000`, endTimeUnixNano: `17600000${String(n).padStart(2, '0')}500000000`,
        attributes: [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.provider.name', 'openai'), attr('gen_ai.request.model', request), attr('gen_ai.response.model', response), attr('session.id', session)],
        events: scores.map(score),
      };
    };
    const spans = [
      call('switch', 'gpt-4o', 'gpt-4o-2024-08-06', [-1, 1]), call('switch', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18', [4]),
      call('snapshot', 'gpt-4o', 'gpt-4o-2024-08-06'), call('snapshot', 'gpt-4o', 'gpt-4o-2024-11-20'),
      call('same', 'gpt-4o', 'gpt-4o-2024-08-06'), call('same', 'gpt-4o', 'gpt-4o-2024-08-06'),
    ];
    writeFileSync(path.join(dir, 'models.jsonl'), JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }) + '\n');
    assert.equal(runCli(['ingest', dir, '--db', db]).code, 0);
    const b = runCli(['build', '--db', db]);
    assert.equal(b.code, 0, b.stderr);
    const sessions = await query(db, `select session_id, has_model_change from sessions order by 1`);
    assert.deepEqual(sessions.map((r) => [r.session_id, r.has_model_change]), [['same', false], ['snapshot', true], ['switch', false]]);
    const turns = await query(db, `select turn_index, quality, quality_signal_count from turns where session_id = 'switch' order by turn_index`);
    assert.deepEqual(turns.map((t) => [t.turn_index, t.quality, Number(t.quality_signal_count)]), [[1n, 0.5, 2], [2n, null, 1]]);
  });
});

describe('sql, trace and session commands', () => {
  it('stop quietly when the reader of their output goes away (| head)', async () => {
    const db = path.join(tempDir(), 'db.duckdb');
    (await DuckDBInstance.create(db)).closeSync(); // an empty database: the query needs no tables
    for (const args of [`sql "select range as n from range(2000000)" --format csv --db '${db}'`, '--help']) {
      const r = spawnSync('bash', ['-c', `set -o pipefail; '${process.execPath}' '${CLI}' ${args} | head -1`], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '', args);
      assert.equal(r.stdout.split('\n').length, 2, args);
    }
  });

  it('--out .arrow writes every column exactly: list columns as lists, 64-bit integers and nanosecond timestamps without loss', async () => {
    const { dir, db } = await generated('mixed', 6);
    const spansOut = path.join(dir, 'spans.arrow');
    const r = runCli(['sql', 'select span_id, started_at, start_time_unix_nano, finish_reasons, attributes, day(started_at) as d, cast(started_at as date) as day from spans order by span_id', '--db', db, '--out', spansOut]);
    assert.equal(r.code, 0, r.stderr);
    const expected = await query(db, 'select span_id, start_time_unix_nano, finish_reasons from spans order by span_id');
    const t = tableFromIPC(readFileSync(spansOut));
    assert.equal(t.numRows, expected.length);
    const ns = t.getChild('started_at')!;
    assert.equal(String(ns.type), 'Timestamp<NANOSECOND>');
    for (let i = 0; i < t.numRows; i++) {
      // the raw epoch nanoseconds, beyond 2^53: equal to the integer column, not rounded through a double
      assert.equal(ns.data[0]!.values[i], expected[i]!.start_time_unix_nano);
      assert.equal(t.getChild('start_time_unix_nano')!.get(i), expected[i]!.start_time_unix_nano);
    }
    const withReasons = expected.findIndex((e) => Array.isArray(e.finish_reasons) && (e.finish_reasons as unknown[]).length > 0);
    assert.ok(withReasons >= 0);
    assert.deepEqual([...(t.getChild('finish_reasons')!.get(withReasons) as Iterable<string>)], expected[withReasons]!.finish_reasons);
    assert.equal(String(t.getChild('day')!.type), 'Date32<DAY>');
    // every derived table, list columns and all
    for (const table of ['turns', 'sessions', 'users', 'turn_facts']) {
      const out = path.join(dir, `${table}.arrow`);
      const w = runCli(['sql', `select * from ${table}`, '--db', db, '--out', out]);
      assert.equal(w.code, 0, `${table}: ${w.stderr}`);
      const [n] = await query(db, `select count(*) as n from ${table}`);
      assert.equal(tableFromIPC(readFileSync(out)).numRows, Number(n!.n), table);
    }
  });

  it('answer, format and fail cleanly', async () => {
    const { dir, db } = await generated('mixed', 12);
    const csv = runCli(['sql', 'select session_type, count(*) as n from sessions group by 1 order by 1', '--db', db, '--format', 'csv']);
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stdout, /^session_type,n\n/);
    const json = JSON.parse(runCli(['sql', 'select count(*) as n from turns', '--db', db, '--format', 'json']).stdout);
    assert.ok(json[0].n > 0);
    const bad = runCli(['sql', 'select nope from nowhere', '--db', db]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Catalog Error|does not exist/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
    const ro = runCli(['sql', 'delete from spans', '--db', db]);
    assert.equal(ro.code, 2, 'read-only by default');
    const out = path.join(dir, 'turns.parquet');
    assert.equal(runCli(['sql', 'select * from turns', '--db', db, '--out', out]).code, 0);
    assert.ok(existsSync(out));
    const [failed] = await query(db, `select trace_id, session_id, failure_kind from turns where is_failed order by trace_id limit 1`);
    const tree = runCli(['trace', String(failed!.trace_id), '--db', db]);
    assert.equal(tree.code, 0, tree.stderr);
    assert.match(tree.stdout, new RegExp(`failed: ${failed!.failure_kind}`));
    assert.match(tree.stdout, /◀ failing step/);
    const session = runCli(['session', String(failed!.session_id), '--db', db]);
    assert.match(session.stdout, /cumulative_cost_usd/);
    assert.equal(runCli(['trace', 'ff'.repeat(16), '--db', db]).code, 2);
  });
});
