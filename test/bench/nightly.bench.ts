/**
 * `npm run bench:nightly`: the nightly job on a history, then one more day.
 *
 * Generates (once, cached in bench-data/nightly-*) a history of BENCH_NIGHTLY_SPANS spans (default
 * 10,000,000, as issue 7 asks; set it lower for a quick look) over 30 days as OTLP JSON Lines, and
 * one more day with 1/30 of that volume. Then, each in its own process so peak RSS is its own:
 * `spanlens run` over the history into an empty database (the full run), and `spanlens run` over
 * history + the new day (the incremental night: only the new day's files are read), both in the
 * environment of the README's crontab line (GLIBC_TUNABLES, below). Prints wall
 * time, spans/s and peak RSS of each, the ratio night/full, and the goals. Then (unless
 * BENCH_NIGHTLY_FLOORS=0) the full run's floor (test/bench/floors.ts): reading the history's JSON
 * in V8, DuckDB loading the rows spanlens stores, and DuckDB storing the rows of the tables the full
 * run's build stored (measured right after the full run, before the night adds to them), each
 * timed alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { floorOf, measureLoad, measureRead, measureStoreDerived } from './floors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dist = path.join(root, 'dist');
const history = Number(process.env.BENCH_NIGHTLY_SPANS ?? 10_000_000);
const dataDir = path.join(root, 'bench-data', `nightly-${history}`);

/**
 * The environment of the README's crontab line and systemd unit: glibc maps large allocations (the
 * metric steps' typed arrays) instead of keeping them in its heap once freed. Left as it is when
 * GLIBC_TUNABLES is set already (GLIBC_TUNABLES= runs without it).
 */
const CRON_ENV = { GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? 'glibc.malloc.mmap_threshold=1048576' };

function run(args: string[], env: NodeJS.ProcessEnv = process.env): { stdout: string; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 3) throw new Error(`${args.join(' ')} exited ${r.status}\n${r.stderr.slice(-2000)}`);
  return { stdout: r.stdout, ms };
}

function generate(out: string, spans: number, start: string, days: number, seed: number, files: number): void {
  if (existsSync(path.join(out, 'truth.json'))) return;
  mkdirSync(out, { recursive: true });
  run([path.join(dist, 'test', 'fixtures', 'generate-cli.js'), '--out', out, '--target-spans', String(spans), '--seed', String(seed),
    '--family', 'mixed', '--format', 'json-lines', '--compression', 'none', '--files', String(files), '--start', start, '--days', String(days)]);
}

interface RunSummary { spans_in_database: number; files_ingested: number; files_skipped: number; peak_rss_mb?: number; build: { mode: string; duration_ms: number } | null }

function nightly(inputs: string[], db: string): { ms: number; summary: RunSummary; rss: number } {
  const r = run([path.join(dist, 'src', 'cli.js'), 'run', ...inputs, '--db', db, '--json'], { ...process.env, ...CRON_ENV });
  const summary = JSON.parse(r.stdout) as RunSummary & Record<string, unknown>;
  return { ms: r.ms, summary, rss: Number(summary.peak_rss_mb ?? NaN) };
}

const historyDir = path.join(dataDir, 'history');
const dayDir = path.join(dataDir, 'day-31');
generate(historyDir, history, '2026-09-01', 30, 1, Math.max(8, Math.round(history / 125_000)));
generate(dayDir, Math.round(history / 30), '2026-10-01', 1, 2, Math.max(1, Math.round(history / 30 / 125_000)));

const db = path.join(dataDir, 'nightly.duckdb');
for (const f of [db, db + '.wal', db + '.run.lock']) rmSync(f, { force: true });
const full = nightly([historyDir], db);
const storeDerived = process.env.BENCH_NIGHTLY_FLOORS !== '0' ? measureStoreDerived(dist, db, dataDir) : null;
const night = nightly([historyDir, dayDir], db);

console.log(`nightly benchmark: history ${history.toLocaleString('en-US')} spans over 30 days, then day 31 (${Math.round(history / 30).toLocaleString('en-US')} spans); spanlens run as the README's crontab line runs it (GLIBC_TUNABLES=${CRON_ENV.GLIBC_TUNABLES})`);
console.log('what'.padEnd(34) + 'seconds'.padStart(10) + 'files read'.padStart(12) + 'spans in db'.padStart(14) + 'peak RSS MiB'.padStart(14) + '  build');
for (const [name, m] of [['full run (empty database)', full], ['night 31 (incremental)', night]] as const) {
  const b = m.summary.build;
  console.log(name.padEnd(34) + (m.ms / 1000).toFixed(1).padStart(10) + String(m.summary.files_ingested).padStart(12) + m.summary.spans_in_database.toLocaleString('en-US').padStart(14) + String(m.rss).padStart(14) + `  ${b ? `${b.mode}, ${(b.duration_ms / 1000).toFixed(1)} s` : 'none'}`);
}
console.log(`night / full: ${(night.ms / full.ms).toFixed(2)} (goals: full 10M-span run ≤ 120 s, the night much less, peak RSS ≤ 1024 MiB)`);

if (storeDerived) {
  const files = readdirSync(historyDir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(historyDir, f));
  const load = measureLoad(dist, files, dataDir);
  const read = measureRead(dist, files);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `full run's floor, each part alone: reading the history's JSON in V8 ${s(read.ms)} wall (${s(read.cpu_ms)} CPU), DuckDB loading its rows ${s(load.ms)} wall (${s(load.cpu_ms)} CPU, ${Math.round(load.peak_rss_mb)} MiB);` +
      ` together on 2 cores ≥ ${s(floorOf([load, read], 2))} before any build`,
  );
  console.log(
    `  DuckDB storing the ${storeDerived.rows.toLocaleString('en-US')} rows of the tables the full run's build stored (computed beforehand) ${s(storeDerived.ms)} wall (${s(storeDerived.cpu_ms)} CPU);` +
      ` all three on 2 cores ≥ ${s(floorOf([load, read, storeDerived], 2))} with no decoding, normalizing, query or report (goal for the whole run ≤ 120 s)`,
  );
}
