import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { DEFAULT_OPTIONS, generate } from '../fixtures/generate.js';
import { ExportFileWriter, initZstd } from '../fixtures/write-export.js';
import { query, runCli, tempDir } from '../helpers/run-cli.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli.js');
const HASH_KEY = 'test-key-0123456789abcdef';

/** Returns a folder with two export files (JSON Lines, framed protobuf) of a small mixed-family history. */
async function exports(sessions = 12, seed = 11): Promise<string> {
  await initZstd();
  const dir = tempDir();
  const inputs = path.join(dir, 'in');
  mkdirSync(inputs);
  const writers = [new ExportFileWriter(path.join(inputs, 'a.jsonl'), 'json-lines', 'none'), new ExportFileWriter(path.join(inputs, 'b.pb'), 'proto-framed', 'none')];
  let i = 0;
  generate({ ...DEFAULT_OPTIONS, family: 'mixed', sessions, seed, batchSize: 20 }, (batch) => writers[i++ % 2]!.write(batch));
  writers.forEach((w) => w.close());
  return inputs;
}

/** Returns every row of the data tables as sorted JSON lines (file ids, which a killed run may consume, left out). */
async function tableDump(db: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ['spans', 'raw_spans', 'trace_integrity', 'span_failures', 'model_call_costs', 'turns', 'sessions', 'users']) {
    const rows = await query(db, `select * exclude (file_id) from ${table}`).catch(() => query(db, `select * from ${table}`));
    out[table] = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).sort();
  }
  out.ingested_files = (await query(db, `select path, content_sha256, span_count, status from ingested_files order by path`)).map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
  return out;
}

/** Starts `spanlens run` paused at `point`, kills it with SIGKILL once it says it is there, and returns its stderr. */
function killAt(point: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', SPANLENS_TEST_PAUSE_AT: point }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes(`paused at ${point}`)) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(stderr) : reject(new Error(`run ended (${code}) before reaching ${point}:\n${stderr}`))));
  });
}

describe('spanlens run', () => {
  it('ingests, builds, records the run; a second run reads nothing again; --json, summary line, --log-format json', async () => {
    const inputs = await exports();
    const db = path.join(inputs, '..', 'db.duckdb');
    const first = runCli(['run', inputs, '--db', db, '--json']);
    assert.equal(first.code, 0, first.stderr);
    const s1 = JSON.parse(first.stdout);
    assert.equal(s1.files_seen, 2);
    assert.equal(s1.files_ingested, 2);
    assert.ok(s1.tables.turns > 0 && s1.tables.sessions > 0);
    assert.deepEqual(s1.steps, ['ingest', 'retention', 'build', 'report']);
    assert.equal(s1.report, path.join(path.dirname(db), 'reports', 'index.html'), 'the report goes beside the database');
    assert.ok(existsSync(s1.report));
    assert.match(first.stderr, /^spanlens run ok: files 2 seen, 2 ingested, 0 skipped, 0 rejected; spans [\d,]+ read/m);
    const second = runCli(['run', inputs, '--db', db, '--json', '--log-format', 'json', '--no-report']);
    assert.equal(second.code, 0, second.stderr);
    const s2 = JSON.parse(second.stdout);
    assert.equal(s2.files_skipped, 2);
    assert.equal(s2.spans_read, 0);
    assert.deepEqual(s2.tables, s1.tables);
    assert.equal(s2.report, null, '--no-report skips the report');
    const lines = second.stderr.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.at(-1).event, 'run_summary');
    assert.equal(lines.at(-1).exit_code, 0);
    const runs = await query(db, `select status, files_seen, files_ingested, files_skipped, spans_read, exit_code, finished_at is not null as done from runs order by started_at`);
    assert.deepEqual(
      runs.map((r) => [r.status, r.files_ingested, r.files_skipped, r.exit_code, r.done]),
      [['ok', 2, 0, 0, true], ['ok', 0, 2, 0, true]],
    );
    assert.ok(!existsSync(`${db}.run.lock`), 'the lock is released');
  });

  it('lists every configuration problem with its path and exits 2 without touching the database', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'spanlens.config.json');
    writeFileSync(config, JSON.stringify({ inputs: [dir], retainDays: 0, logFormat: 'xml', colour: true, privacy: { text: 'redact', redact: { patterns: ['ACCT-\\d+', 'x*', '([a-z'] } } }));
    const r = runCli(['run', '--config', config, '--db', path.join(dir, 'db.duckdb')]);
    assert.equal(r.code, 2, r.stderr);
    for (const expected of ['retainDays: must be an integer ≥ 1, got 0', 'logFormat: must be "text" or "json"', 'colour: unknown key', 'privacy.redact.patterns[1]: matches the empty string', 'privacy.redact.patterns[2]: not a valid regular expression']) {
      assert.ok(r.stderr.includes(expected), `missing "${expected}" in:\n${r.stderr}`);
    }
    assert.ok(!existsSync(path.join(dir, 'db.duckdb')));
    // flags win over the file: a good flag hides the file's bad value
    const r2 = runCli(['run', '--config', config, '--log-format', 'text']);
    assert.ok(!r2.stderr.includes('logFormat:'), r2.stderr);
    // hashing ids without a key is refused, never done with a default key
    const r3 = runCli(['run', dir, '--db', path.join(dir, 'db.duckdb'), '--hash-ids'], { env: { SPANLENS_HASH_KEY: '' } });
    assert.equal(r3.code, 2);
    assert.match(r3.stderr, /privacy.hashIds: ids are to be hashed but \$SPANLENS_HASH_KEY is not set/);
    // bad values in the environment are listed with the rest, and --log-format json holds for the errors too
    const r4 = runCli(['run', dir, '--db', path.join(dir, 'db.duckdb')], { env: { SPANLENS_LOG_FORMAT: 'json', SPANLENS_PRIVACY_TEXT: 'nope', SPANLENS_HASH_IDS: 'maybe' } });
    assert.equal(r4.code, 2, r4.stderr);
    const lines = r4.stderr.trim().split('\n').map((l) => JSON.parse(l) as { level: string; message: string });
    assert.ok(lines.every((l) => l.level === 'error'), r4.stderr);
    const messages = lines.map((l) => l.message).join('\n');
    for (const expected of ['SPANLENS_PRIVACY_TEXT: must be one of keep, redact, drop, got "nope"', 'SPANLENS_HASH_IDS: must be 1/true/yes/on', 'configuration has 2 problem(s); nothing was run']) {
      assert.ok(messages.includes(expected), `missing "${expected}" in:\n${messages}`);
    }
  });

  it('builds with the config file\'s "build" options and --prices, like `spanlens build` would; a bad or missing price file is a config error', async () => {
    const inputs = await exports();
    const dir = path.dirname(inputs);
    const db = path.join(dir, 'db.duckdb');
    const prices = path.join(dir, 'prices.json');
    // a price for every model the generator uses, far from any real one: a run that ignores it shows other numbers
    const models = (await (async () => {
      assert.equal(runCli(['ingest', inputs, '--db', db]).code, 0);
      return query(db, `select distinct coalesce(response_model, request_model) as model from spans where is_model_call and coalesce(response_model, request_model) is not null`);
    })()).map((r) => String(r.model));
    assert.ok(models.length > 0);
    writeFileSync(prices, JSON.stringify(models.map((model) => ({ model, valid_from: '2000-01-01', input_mtok: 1000, output_mtok: 1000 }))));
    const config = path.join(dir, 'spanlens.config.json');
    writeFileSync(config, JSON.stringify({ inputs: [inputs], build: { prices, turnIndexCap: 3 } }));
    const r = runCli(['run', '--config', config, '--db', db, '--no-report']);
    assert.equal(r.code, 0, r.stderr);
    const sources = await query(db, `select distinct price_source from model_call_costs where is_priced order by 1`);
    assert.deepEqual(sources.map((x) => x.price_source), [`override:${prices}`]);
    const [b] = await query(db, `select max(turn_bucket) as cap from turn_facts`);
    assert.equal(Number(b!.cap), 3, 'turnIndexCap from the config file');
    // the next night builds with the same settings: nothing to reprice, the overrides stay
    assert.equal(runCli(['run', '--config', config, '--db', db, '--no-report']).code, 0);
    assert.deepEqual((await query(db, `select distinct price_source from model_call_costs where is_priced`)).map((x) => x.price_source), [`override:${prices}`]);
    // --prices over the file's; a missing one, a bad option and an unknown key are config errors (exit 2, every one named)
    writeFileSync(config, JSON.stringify({ inputs: [inputs], build: { prices, minSampleSize: 0, colour: 'red' } }));
    const bad = runCli(['run', '--config', config, '--db', db, '--prices', path.join(dir, 'missing.csv')]);
    assert.equal(bad.code, 2, bad.stderr);
    for (const expected of ['build.minSampleSize: must be a whole number of at least 1, got 0', 'build.colour: unknown key', '--prices: no such price file']) {
      assert.ok(bad.stderr.includes(expected), `missing "${expected}" in:\n${bad.stderr}`);
    }
    writeFileSync(config, JSON.stringify({ inputs: [inputs] }));
    const missing = runCli(['run', '--config', config, '--db', db, '--prices', path.join(dir, 'missing.csv')]);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /--prices: no such price file: .*missing\.csv/);
  });

  it('one run at a time: a live holder → exit 4 naming it; a dead holder’s lock is taken over; --wait waits for the holder', async () => {
    const inputs = await exports(3);
    const db = path.join(inputs, '..', 'db.duckdb');
    const lock = `${db}.run.lock`;
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), started_at: '2026-11-25T02:00:00.000Z' }));
    const held = runCli(['run', inputs, '--db', db]);
    assert.equal(held.code, 4, held.stderr);
    assert.ok(held.stderr.includes(`pid ${process.pid} on ${hostname()} since 2026-11-25T02:00:00.000Z`), held.stderr);
    assert.ok(!existsSync(db), 'nothing was ingested');

    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(lock, JSON.stringify({ pid: gone, host: hostname(), started_at: '2026-11-25T02:00:00.000Z' }));
    const stale = runCli(['run', inputs, '--db', db]);
    assert.equal(stale.code, 0, stale.stderr);
    assert.match(stale.stderr, new RegExp(`stale lock .*pid ${gone}`));

    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), started_at: '2026-11-25T02:00:00.000Z' }));
    const waiting = spawn(process.execPath, [CLI, 'run', inputs, '--db', db, '--wait', '120'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let released = false;
    const code = await new Promise<number | null>((resolve) => {
      waiting.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (!released && stderr.includes('waiting for the run holding')) {
          released = true; // the holder finishes: its lock goes away
          unlinkSync(lock);
        }
      });
      waiting.on('exit', (c) => resolve(c));
    });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /waiting for the run holding/);
  });
});


describe('spanlens run: SIGKILL at any point, then a run, gives exactly the tables of a clean run', () => {
  it('killed while a file’s rows are written, after ingest, inside the build transaction, and while the report is written', async () => {
    const inputs = await exports(8, 5);
    const clean = path.join(inputs, '..', 'clean.duckdb');
    const r = runCli(['run', inputs, '--db', clean]);
    assert.equal(r.code, 0, r.stderr);
    const expected = await tableDump(clean);
    assert.ok(expected.spans!.length > 0);
    const db = path.join(inputs, '..', 'killed', 'killed.duckdb');
    mkdirSync(path.dirname(db));
    const cleanPages = readdirSync(path.join(inputs, '..', 'reports', 'sessions')).sort();
    for (const point of ['ingest-file', 'after-ingest', 'build', 'report-write']) {
      await killAt(point, ['run', inputs, '--db', db]);
      assert.ok(existsSync(`${db}.run.lock`), `the killed run (${point}) leaves its lock behind`);
    }
    const again = runCli(['run', inputs, '--db', db]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /stale lock/);
    assert.deepEqual(await tableDump(db), expected);
    const runs = await query(db, `select status from runs order by started_at`);
    assert.deepEqual(runs.map((x) => x.status), ['interrupted', 'interrupted', 'interrupted', 'interrupted', 'ok']);
    // the report of the finished run is whole: the same session pages as the clean run's, no temp files
    const reports = path.join(path.dirname(db), 'reports');
    assert.deepEqual(readdirSync(path.join(reports, 'sessions')).sort(), cleanPages);
    assert.deepEqual(readdirSync(reports).filter((f) => f.endsWith('.tmp')), []);
  });
  it('killed while the report is written, the overview on disk links only to pages that exist; the next run removes stale pages', async () => {
    const inputs = await exports(8, 5);
    const db = path.join(inputs, '..', 'db.duckdb');
    const reports = path.join(inputs, '..', 'reports');
    assert.equal(runCli(['run', inputs, '--db', db]).code, 0);
    const linked = () => [...readFileSync(path.join(reports, 'index.html'), 'utf8').matchAll(/href="(sessions\/[0-9a-f]{16}\.html)"/g)].map((m) => m[1]!);
    const firstIndex = readFileSync(path.join(reports, 'index.html'), 'utf8');
    const firstPages = linked();
    assert.ok(firstPages.length > 0);
    // a day of new, failure-heavier sessions: the worst sessions, and so the session pages, change
    const writer = new ExportFileWriter(path.join(inputs, 'c.jsonl'), 'json-lines', 'none');
    generate({ ...DEFAULT_OPTIONS, family: 'mixed', sessions: 30, seed: 23, batchSize: 20 }, (batch) => writer.write(batch));
    writer.close();
    await killAt('report-write', ['run', inputs, '--db', db]);
    assert.equal(readFileSync(path.join(reports, 'index.html'), 'utf8'), firstIndex, 'the old overview is still the one on disk');
    assert.deepEqual(linked().filter((f) => !existsSync(path.join(reports, f))), [], 'every page the overview links to exists');
    assert.equal(runCli(['run', inputs, '--db', db]).code, 0);
    const pages = linked();
    assert.notDeepEqual([...pages].sort(), [...firstPages].sort(), 'the new data changed which sessions have pages');
    assert.deepEqual(readdirSync(path.join(reports, 'sessions')).map((f) => `sessions/${f}`).sort(), [...new Set(pages)].sort(), 'exactly the linked pages remain');
  });
});

describe('spanlens run: privacy', () => {
  /** Returns every string held in any varchar or JSON column of any table. */
  async function allText(db: string): Promise<string> {
    const cols = await query(db, `select table_name, column_name from information_schema.columns where data_type in ('VARCHAR', 'JSON') or data_type like 'VARCHAR%' or data_type like 'STRUCT%' or data_type like '%[]'`);
    const parts: string[] = [];
    for (const c of cols) {
      const rows = await query(db, `select "${c.column_name}"::varchar as v from "${c.table_name}" where "${c.column_name}" is not null`);
      for (const row of rows) parts.push(String(row.v));
    }
    return parts.join('\n');
  }

  it('drop + hashed ids: no prompt, completion, session id or user id of a clean run appears anywhere in the database', async () => {
    const inputs = await exports(6, 9);
    const clean = path.join(inputs, '..', 'clean.duckdb');
    assert.equal(runCli(['run', inputs, '--db', clean]).code, 0);
    const secrets = new Set<string>();
    for (const row of await query(clean, `select prompt_text as v from spans union select completion_text from spans union select session_id from spans union select user_id from spans`)) {
      if (typeof row.v === 'string' && row.v.length >= 6) secrets.add(row.v);
    }
    assert.ok(secrets.size > 10, 'the fixture carries text and ids');
    const db = path.join(inputs, '..', 'private.duckdb');
    const reports = path.join(inputs, '..', 'private-reports');
    const r = runCli(['run', inputs, '--db', db, '--privacy-text', 'drop', '--hash-ids', '--report-dir', reports], { env: { SPANLENS_HASH_KEY: HASH_KEY } });
    assert.equal(r.code, 0, r.stderr);
    const text = await allText(db);
    const leaked = [...secrets].filter((s) => text.includes(s));
    assert.deepEqual(leaked, []);
    // nor in the report the run wrote
    const pages = [path.join(reports, 'index.html'), ...readdirSync(path.join(reports, 'sessions')).map((f) => path.join(reports, 'sessions', f))];
    assert.ok(pages.length > 1);
    const html = pages.map((f) => readFileSync(f, 'utf8')).join('\n');
    assert.deepEqual([...secrets].filter((s) => html.includes(s)), []);
    assert.match(html, /h:[0-9a-f]{8}/, 'hashed ids are what the report shows');
    // the same ids hash the same way: sessions and turns still link up as in the clean run
    const [a] = await query(clean, `select count(*) as turns, count(distinct session_id) as sessions, count(distinct user_id) as users from turns`);
    const [b] = await query(db, `select count(*) as turns, count(distinct session_id) as sessions, count(distinct user_id) as users from turns`);
    assert.deepEqual(b, a);
    const [h] = await query(db, `select count(*) filter (where session_id like 'h:%') as hashed, count(*) as n from spans where session_id is not null`);
    assert.equal(h!.hashed, h!.n);
  });

  it('redact: emails, phone numbers, API keys and a user pattern appear nowhere; the rest of the text stays', async () => {
    const dir = tempDir();
    const secrets = ['ana.lopez@example.com', '+1 (415) 555-0132', 'sk-proj-Abcdefghijklmnop12345678', 'ACCT-904211'];
    const prompt = `Hi, I am ${secrets[0]}, call me on ${secrets[1]}; my key is ${secrets[2]} and account ${secrets[3]}.`;
    const attr = (key: string, v: string) => ({ key, value: { stringValue: v } });
    const span = {
      traceId: '5b8efff798038103d269b633813fc60c', spanId: '051581bf3cb55c13', name: 'chat gpt-4o', kind: 3,
      startTimeUnixNano: String(Date.now() * 1e6), endTimeUnixNano: String(Date.now() * 1e6 + 1e9),
      attributes: [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.request.model', 'gpt-4o'), attr('session.id', 's-1'), attr('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: prompt }] }]))],
      events: [{ name: 'gen_ai.content.prompt', timeUnixNano: String(Date.now() * 1e6), attributes: [attr('gen_ai.prompt', prompt)] }],
      status: { code: 2, message: `failed for ${secrets[0]}` },
    };
    mkdirSync(path.join(dir, 'in'));
    writeFileSync(path.join(dir, 'in', 'x.json'), JSON.stringify({ resourceSpans: [{ resource: { attributes: [attr('service.name', 'svc')] }, scopeSpans: [{ scope: { name: 'app' }, spans: [span] }] }] }));
    const config = path.join(dir, 'spanlens.config.json');
    writeFileSync(config, JSON.stringify({ privacy: { text: 'redact', redact: { patterns: ['ACCT-\\d{6}'] } } }));
    // a bad file beside it: problems quote what they found (an email as a trace id, text around a syntax error)
    const badSpan = { ...span, traceId: secrets[0], spanId: '151581bf3cb55c13' };
    writeFileSync(path.join(dir, 'in', 'bad.jsonl'), [
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [badSpan] }] }] }),
      `{"resourceSpans": [{"x": ${secrets[0]}}]}`,
    ].join('\n') + '\n');
    const db = path.join(dir, 'db.duckdb');
    const r = runCli(['run', path.join(dir, 'in'), '--db', db, '--config', config]);
    assert.equal(r.code, 3, r.stderr);
    const errors = await query(db, `select kind, message from ingest_errors order by kind`);
    assert.deepEqual(errors.map((e) => e.kind), ['corrupt_json', 'invalid_id']);
    const text = await allText(db);
    for (const s of secrets) assert.ok(!text.includes(s), `${s} is stored`);
    assert.ok(!text.includes('ana.lopez'), 'not even part of it');
    assert.ok(!r.stderr.includes('ana.lopez'), r.stderr);
    const html = readFileSync(path.join(dir, 'reports', 'index.html'), 'utf8');
    assert.match(html, /invalid_id/, 'the report lists the problems');
    assert.ok(!html.includes('ana.lopez'), 'the report does not quote the secret');
    const [row] = await query(db, `select prompt_text from spans`);
    assert.match(String(row!.prompt_text), /Hi, I am \[REDACTED\], call me on \[REDACTED\]; my key is \[REDACTED\] and account \[REDACTED\]\./);
  });
});

describe('spanlens run: retention', () => {
  it('--retain-days deletes older spans, keeps a half-expired file’s manifest row (no re-read), and rebuilds', async () => {
    const inputs = await exports(10, 4);
    const db = path.join(inputs, '..', 'db.duckdb');
    assert.equal(runCli(['run', inputs, '--db', db]).code, 0);
    const [all] = await query(db, `select count(*) as n, min(start_time_unix_nano) as lo, max(start_time_unix_nano) as hi from spans`);
    // a cutoff inside the fixture's two weeks
    const mid = Number((BigInt(all!.lo as bigint) + BigInt(all!.hi as bigint)) / 2n / 1_000_000n);
    const days = Math.ceil((Date.now() - mid) / 86_400_000);
    const r = runCli(['run', inputs, '--db', db, '--retain-days', String(days), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.doesNotMatch(s.build.reason, /removed since the last build/, 'retention alone does not force a whole build');
    const cutoffNs = BigInt(Date.parse(s.retention.cutoff)) * 1_000_000n;
    const [kept] = await query(db, `select count(*) as n, min(start_time_unix_nano) as lo from spans`);
    assert.ok(BigInt(kept!.lo as bigint) >= cutoffNs);
    assert.ok(Number(kept!.n) > 0 && Number(kept!.n) < Number(all!.n));
    assert.equal(s.spans_expired, Number(all!.n) - Number(kept!.n));
    assert.equal(s.spans_in_database, Number(kept!.n), 'counted after retention, not before');
    const [runRow] = await query(db, `select spans_in_database from runs order by started_at desc limit 1`);
    assert.equal(Number(runRow!.spans_in_database), Number(kept!.n));
    const [late] = await query(db, `select count(*) as n from turns where started_at < make_timestamp(${Number(cutoffNs / 1000n)})`);
    assert.equal(Number(late!.n), 0, 'turns are rebuilt from what is left');
    const files = await query(db, `select count(*) as n from ingested_files where status <> 'superseded'`);
    assert.equal(Number(files[0]!.n), 2, 'both files held new spans too, so both stay in the manifest');
    const again = runCli(['run', inputs, '--db', db, '--retain-days', String(days), '--json']);
    assert.equal(JSON.parse(again.stdout).files_skipped, 2);
    assert.equal(JSON.parse(again.stdout).spans_in_database, Number(kept!.n));
  });
});
