/**
 * `npm run bench`: ingest speed and memory against the baseline a user would write by hand.
 *
 * Generates (once, cached in bench-data/) ≥1M spans as OTLP JSON Lines over ≥8 files and the same
 * spans as Collector-framed protobuf, then in one run times: spanlens ingest of each, and DuckDB's
 * own read_json + SQL unnest of the JSON files (test/bench/duckdb-baseline.ts). Prints spans/s,
 * the ratio to the baseline, and peak RSS. Each measurement is a separate process. Then the
 * floors (test/bench/ingest-floor.ts): DuckDB loading the rows spanlens stores with no decoding,
 * and reading each format's files with nothing else done, in the same run as the baseline (floors.ts).
 * Then three `spanlens build --full` of the JSON database (the median, and each run) and the
 * report next to a no-op query.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_PLAN } from '../../src/build/plan.js';
import { describeFloor, floorOf, measureLoad, measureRead, measureStoreDerived } from './floors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dist = path.join(root, 'dist');
const dataDir = path.join(root, 'bench-data');
const targetSpans = Number(process.env.BENCH_SPANS ?? 1_000_000);
const files = Number(process.env.BENCH_FILES ?? 8);

function run(cmd: string, args: string[]): { stdout: string; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 3) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stderr.slice(-2000)}`);
  }
  return { stdout: r.stdout, ms };
}

function generate(format: string, out: string): void {
  if (existsSync(path.join(out, 'truth.json'))) return;
  mkdirSync(out, { recursive: true });
  // ~40 spans per session on average; the generator stops at the span target.
  run(process.execPath, [
    path.join(dist, 'test', 'fixtures', 'generate-cli.js'),
    '--out', out, '--target-spans', String(targetSpans), '--seed', '1', '--family', 'mixed',
    '--format', format, '--compression', 'none', '--files', String(files),
  ]);
}

function ingest(dir: string, name: string): { spans: number; ms: number; rss: number } {
  const db = path.join(dataDir, `${name}.duckdb`);
  rmSync(db, { force: true });
  rmSync(db + '.wal', { force: true });
  const r = run(process.execPath, [path.join(dist, 'src', 'cli.js'), 'ingest', dir, '--db', db, '--json']);
  const summary = JSON.parse(r.stdout) as { spans_in_database: number; peak_rss_mb: number };
  return { spans: summary.spans_in_database, ms: r.ms, rss: summary.peak_rss_mb };
}

function baseline(dir: string): { spans: number; ms: number; rss: number } {
  const db = path.join(dataDir, 'baseline.duckdb');
  rmSync(db, { force: true });
  const r = run(process.execPath, [path.join(dist, 'test', 'bench', 'duckdb-baseline.js'), path.join(dir, '*.jsonl'), db]);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { spans: number; peak_rss_mb: number };
  return { spans: out.spans, ms: r.ms, rss: Math.round(out.peak_rss_mb) };
}

const jsonDir = path.join(dataDir, 'json');
const protoDir = path.join(dataDir, 'proto');
generate('json-lines', jsonDir);
generate('proto-framed', protoDir);
const truth = JSON.parse(readFileSync(path.join(jsonDir, 'truth.json'), 'utf8')) as { spans: number };

const base = baseline(jsonDir);
const json = ingest(jsonDir, 'json');
const proto = ingest(protoDir, 'proto');

const rate = (m: { spans: number; ms: number }) => Math.round((m.spans / m.ms) * 1000);
const rows = [
  ['DuckDB read_json + unnest (baseline)', base, 1],
  ['spanlens ingest, OTLP JSON Lines', json, rate(json) / rate(base)],
  ['spanlens ingest, OTLP protobuf', proto, rate(proto) / rate(base)],
] as const;
console.log(`ingest benchmark: ${truth.spans.toLocaleString('en-US')} spans in ${files} files per format (wall time incl. process start)`);
console.log('what'.padEnd(40) + 'spans'.padStart(12) + 'seconds'.padStart(10) + 'spans/s'.padStart(12) + 'x baseline'.padStart(12) + 'peak RSS MiB'.padStart(14));
for (const [name, m, ratio] of rows) {
  console.log(
    name.padEnd(40) +
      m.spans.toLocaleString('en-US').padStart(12) +
      (m.ms / 1000).toFixed(2).padStart(10) +
      rate(m).toLocaleString('en-US').padStart(12) +
      ratio.toFixed(2).padStart(12) +
      String(m.rss).padStart(14),
  );
}
console.log('goals: JSON ≥ 2.00x, protobuf ≥ 3.00x the baseline; peak RSS < 1024 MiB');

// floors: the parts of any ingest of these spans that spanlens' decoding does not choose, each
// timed alone in the same run as the baseline (test/bench/floors.ts)
const jsonFiles = readdirSync(jsonDir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(jsonDir, f));
const protoFiles = readdirSync(protoDir).filter((f) => f.endsWith('.pb')).sort().map((f) => path.join(protoDir, f));
const load = measureLoad(dist, jsonFiles, dataDir);
const readJson = measureRead(dist, jsonFiles);
const readProto = measureRead(dist, protoFiles);
console.log('floors ("best x": the baseline\'s time over the floor, the most any ingest that reads these files in JavaScript and stores these rows could reach here):');
console.log(`  DuckDB loading the rows spanlens stores, decoded beforehand (one COPY, as ingest): ${(load.ms / 1000).toFixed(2)} s wall, ${(load.cpu_ms / 1000).toFixed(2)} s CPU, ${Math.round(load.peak_rss_mb)} MiB`);
console.log(describeFloor('JSON Lines (bytes to strings, JSON.parse)', load, readJson, 'goal 2.00', base.ms));
console.log(describeFloor('protobuf (protobufjs decode of each message)', load, readProto, 'goal 3.00', base.ms));

// build of every derived table on the same corpus, next to its ingest time (whole: --full). Three
// builds, each its own process: one run of it varies by 10-20% here, so the median is the figure
// and every run is printed
type Built = { tables: Record<string, number>; step_ms: Record<string, number>; duration_ms: number };
const linkSteps = ['mark_current', 'model_prices', ...BUILD_PLAN.filter((p) => p.file.startsWith('3-link/')).map((p) => path.basename(p.file, '.sql'))];
const builds = [1, 2, 3].map(() => {
  const r = run(process.execPath, [path.join(dist, 'src', 'cli.js'), 'build', '--full', '--db', path.join(dataDir, 'json.duckdb'), '--json']);
  const built = JSON.parse(r.stdout) as Built;
  // the link layer (issue 3's tables: turns, sessions, users and what they are built from)
  return { ms: r.ms, built, linkMs: linkSteps.reduce((sum, step) => sum + (built.step_ms[step] ?? 0), 0) };
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sec = (ms: number) => (ms / 1000).toFixed(2);
const medianBuild = builds.find((b) => b.ms === median(builds.map((x) => x.ms)))!;
console.log(
  `build: ${Object.entries(medianBuild.built.tables).map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`).join(', ')}` +
    ` in ${sec(medianBuild.ms)} s wall incl. process start, the median of ${builds.map((b) => sec(b.ms)).join(', ')} s (ingest of the same spans: ${sec(json.ms)} s; goal ≤ 5 s)`,
);
console.log(`build, link layer (${linkSteps.join(', ')}): ${sec(median(builds.map((b) => b.linkMs)))} s in-process, the median of ${builds.map((b) => sec(b.linkMs)).join(', ')} s (goal ≤ 3 s)`);
console.log(`build steps of the median build (ms): ${Object.entries(medianBuild.built.step_ms).map(([step, ms]) => `${step} ${ms}`).join(', ')}`);
// the build's floor: DuckDB storing the rows the build stored, computed beforehand (test/bench/build-floor.ts)
const stored = measureStoreDerived(dist, path.join(dataDir, 'json.duckdb'), dataDir);
console.log(
  `build floor: DuckDB storing the ${stored.rows.toLocaleString('en-US')} rows of the tables a build stores (computed beforehand) ${sec(stored.ms)} s wall, ${sec(stored.cpu_ms)} s CPU; ≥ ${sec(floorOf([stored], 2))} s on 2 cores with no query at all`,
);

// report from the built database, next to a no-op query through the same CLI (process start,
// opening the database) as the baseline
const cli = path.join(dist, 'src', 'cli.js');
const jsonDb = path.join(dataDir, 'json.duckdb');
const noop = run(process.execPath, [cli, 'sql', '--db', jsonDb, 'select count(*) from sessions']);
const report = run(process.execPath, [cli, 'report', '--db', jsonDb, '--out', path.join(dataDir, 'report'), '--json']);
const reported = JSON.parse(report.stdout) as { bytes: number; session_pages: number; duration_ms: number; step_ms: Record<string, number> };
console.log(
  `report: ${(report.ms / 1000).toFixed(2)} s wall (${(reported.duration_ms / 1000).toFixed(2)} s in-process), ${(reported.bytes / 1048576).toFixed(2)} MiB for the overview + ${reported.session_pages} session pages;` +
    ` baseline no-op query ${(noop.ms / 1000).toFixed(2)} s; ratio ${(report.ms / noop.ms).toFixed(2)}x baseline; goal ≤ 2 s`,
);
console.log(`report steps (ms): ${Object.entries(reported.step_ms).map(([step, ms]) => `${step} ${ms}`).join(', ')}`);
