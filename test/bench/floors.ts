/**
 * The floors of an ingest and a build, for the benchmarks: the parts any ingest of the given files
 * must do that spanlens' decoding does not choose, each timed alone in its own process
 * (ingest-floor.ts): DuckDB loading the rows spanlens stores (decoded beforehand, untimed), and
 * reading the files with nothing else done; and what any build must do whatever its queries
 * (build-floor.ts): DuckDB storing the derived tables' rows (computed beforehand, untimed). On
 * `cores` cores the parts need at least the largest part's wall time and their CPU time together
 * divided by `cores` (floorOf).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

export interface FloorPart {
  ms: number;
  cpu_ms: number;
  peak_rss_mb: number;
}

function runScript(script: string, args: string[]): FloorPart {
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${path.basename(script)} ${args[0]} exited ${r.status}\n${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as FloorPart;
}

/** Removes a scratch database file and its write-ahead log. */
function removeDatabase(file: string): void {
  rmSync(file, { force: true });
  rmSync(file + '.wal', { force: true });
}

/** The least wall time of CPU-bound parts on `cores` cores. */
export function floorOf(parts: FloorPart[], cores: number): number {
  return Math.max(...parts.map((p) => p.ms), parts.reduce((sum, p) => sum + p.cpu_ms, 0) / cores);
}

/**
 * DuckDB loading the rows spanlens stores for `files` (decoded first by spanlens' own workers,
 * untimed), using `workDir` for scratch (removed after).
 */
export function measureLoad(dist: string, files: string[], workDir: string): FloorPart {
  const script = path.join(dist, 'test', 'bench', 'ingest-floor.js');
  const chunks = path.join(workDir, 'floor-chunks');
  const db = path.join(workDir, 'floor.duckdb');
  const clean = () => {
    rmSync(chunks, { recursive: true, force: true });
    removeDatabase(db);
  };
  clean();
  try {
    runScript(script, ['decode', chunks, ...files]);
    return runScript(script, ['load', db, chunks]);
  } finally {
    clean();
  }
}

/** Reading `files` (all of one format) with nothing else done, on two threads. */
export function measureRead(dist: string, files: string[]): FloorPart {
  return runScript(path.join(dist, 'test', 'bench', 'ingest-floor.js'), ['parse', ...files]);
}

/**
 * DuckDB storing the rows of the tables a build of `builtDb` stored (copied from it first,
 * untimed), into a scratch database in `workDir` (removed after).
 */
export function measureStoreDerived(dist: string, builtDb: string, workDir: string): FloorPart & { rows: number } {
  const out = path.join(workDir, 'build-floor.duckdb');
  removeDatabase(out);
  try {
    return runScript(path.join(dist, 'test', 'bench', 'build-floor.js'), ['store', builtDb, out]) as FloorPart & { rows: number };
  } finally {
    removeDatabase(out);
  }
}

/** The line for the floor of one format, and the best ratio to `baselineMs` it allows. */
export function describeFloor(what: string, load: FloorPart, read: FloorPart, goal: string, baselineMs: number, cores = 2): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const floor = floorOf([load, read], cores);
  return `  ${what}: reading alone ${s(read.ms)} wall, ${s(read.cpu_ms)} CPU; with loading on ${cores} cores ≥ ${s(floor)}, best x ${(baselineMs / floor).toFixed(2)} (${goal})`;
}
