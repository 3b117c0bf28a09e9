/**
 * `spanlens run`: the nightly job. Read this first.
 *
 *   lock ─► runs row ─► ingest ─► retention ─► build ─► report ─► runs row ─► unlock
 *
 *   export files ─► raw_spans ─► spans ─► traces/turns/sessions/users ─► metrics ─► reports
 *
 * Each step is a named function of the run's context. The report step writes the HTML report
 * (reportDir, default reports/ beside the database) from the freshly built tables.
 *
 * Crash safety comes from the steps, not from clean-up: ingest commits each file in its own
 * transaction together with its manifest row, retention is one transaction, build rebuilds every
 * derived table whole in one transaction. A run killed anywhere leaves committed files (skipped
 * next time) and an untouched previous build; the next run finishes the work.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { BuildSummary } from './build/build-tables.js';
import { openDatabase } from './db/open-database.js';
import type { Effects } from './effects.js';
import { ExitCode, SpanlensError } from './errors.js';
import type { IngestSummary } from './ingest/ingest-paths.js';
import type { ReportSummary } from './report/write-report.js';
import { packageVersion } from './paths.js';
import { acquireRunLock } from './run/run-lock.js';
import type { RunConfig } from './run/resolve-run-config.js';
import { expireOldSpans, type RetentionResult } from './run/expire-old-spans.js';
import { finishRunRow, startRunRow } from './run/runs-table.js';
import { testPause } from './run/test-pause.js';

export interface RunSummary {
  run_id: string;
  database: string;
  started_at: string;
  finished_at: string;
  steps: string[];
  files_seen: number;
  files_ingested: number;
  files_skipped: number;
  files_rejected: number;
  spans_read: number;
  spans_in_database: number;
  spans_expired: number;
  ingest_errors: number;
  tables: Record<string, number>;
  /** How the build ran ('incremental': only the new spans' sessions were recomputed) and how long it took; null when it did not finish. */
  build: { mode: BuildSummary['mode']; reason: string; scope_turns: number | null; duration_ms: number } | null;
  retention: RetentionResult | null;
  /** The report's index.html, when the run wrote one. */
  report: string | null;
  duration_ms: number;
  /** Peak resident memory of the process (all threads), MiB. */
  peak_rss_mb: number;
  exit_code: number;
  error: string | null;
}

interface RunContext {
  config: RunConfig;
  effects: Effects;
  ingest?: IngestSummary;
  retention?: RetentionResult;
  /** Spans left after retention (ingest's count is from before it). */
  spansAfterRetention?: number;
  build?: BuildSummary;
  report?: ReportSummary;
}

interface RunStep {
  name: string;
  run(ctx: RunContext): Promise<void>;
}

const ingestStep: RunStep = {
  name: 'ingest',
  async run(ctx) {
    const { ingestPaths } = await import('./ingest/ingest-paths.js');
    const { config } = ctx;
    ctx.ingest = await ingestPaths(config.inputs, { dbPath: config.db, privacy: config.privacy, ...(config.workers ? { workers: config.workers } : {}) }, ctx.effects);
    await testPause('after-ingest');
  },
};

const retentionStep: RunStep = {
  name: 'retention',
  async run(ctx) {
    if (ctx.config.retainDays === null) return;
    const db = await openDatabase(ctx.config.db);
    try {
      const c = await db.connect();
      ctx.retention = await expireOldSpans(c, ctx.config.retainDays, new Date());
      ctx.spansAfterRetention = Number((await c.runAndReadAll('select count(*) from spans')).getRows()[0]![0]);
      c.closeSync();
    } finally {
      db.close();
    }
    const r = ctx.retention;
    ctx.effects.log(`retention: ${r.spans_expired.toLocaleString('en-US')} spans before ${r.cutoff} deleted, ${r.files_expired} files fully expired`);
  },
};

const buildStep: RunStep = {
  name: 'build',
  async run(ctx) {
    const { buildTables } = await import('./build/build-tables.js');
    const db = await openDatabase(ctx.config.db);
    try {
      ctx.build = await buildTables(db, { ...ctx.config.build, fullBuild: false }, ctx.effects);
    } finally {
      db.close();
    }
    await testPause('after-build');
  },
};

/**
 * The DuckDB memory limit the report of a run reads with: after an incremental build, the build's
 * own (its printed setting, e.g. "305.1 MiB", as a setting); else the default. The run's peak is
 * the larger of the two steps' (the process keeps what the build touched): a 10M-span night
 * peaked at 994 MiB this way, 1,263 MiB with the report at 512 MB.
 */
export function reportMemoryLimit(build: Pick<BuildSummary, 'mode' | 'memory_limit'> | undefined): string | undefined {
  return build?.mode === 'incremental' ? build.memory_limit.replace(/\s+/g, '') : undefined;
}

const reportStep: RunStep = {
  name: 'report',
  async run(ctx) {
    if (ctx.config.reportDir === null) return;
    const { writeReport } = await import('./report/write-report.js');
    const memoryLimit = reportMemoryLimit(ctx.build);
    ctx.report = await writeReport({ dbPath: ctx.config.db, outDir: ctx.config.reportDir, topSessions: 20, version: packageVersion(), generatedAt: new Date(), ...(memoryLimit ? { memoryLimit } : {}) }, ctx.effects);
    ctx.effects.log(`report: ${ctx.report.index} (${ctx.report.session_pages} session pages) in ${ctx.report.duration_ms} ms`);
  },
};

/** The steps of a run, in order. */
export const RUN_STEPS: readonly RunStep[] = [ingestStep, retentionStep, buildStep, reportStep];

/** Runs the nightly job and returns its summary; the summary's exit_code is the process's. */
export async function run(config: RunConfig, effects: Effects): Promise<RunSummary> {
  const t0 = effects.now();
  const startedAt = new Date();
  const lock = await acquireRunLock(config.db, { waitSeconds: config.waitSeconds, now: () => new Date(), log: effects.log });
  const runId = randomUUID();
  const ctx: RunContext = { config, effects };
  let error: SpanlensError | Error | null = null;
  try {
    await withConnection(config.db, async (c) => {
      const n = await startRunRow(c, { runId, startedAt, host: hostname(), pid: process.pid, inputs: config.inputs });
      if (n > 0) effects.log(`${n} earlier run(s) did not finish (killed?); this run completes their work`);
    });
    for (const step of RUN_STEPS) await step.run(ctx);
  } catch (e) {
    error = e as Error;
  }
  const ingest = ctx.ingest;
  const exitCode = error ? (error instanceof SpanlensError ? error.exitCode : ExitCode.internal) : (ingest?.exit_code ?? ExitCode.ok);
  const summary: RunSummary = {
    run_id: runId,
    database: config.db,
    started_at: startedAt.toISOString(),
    finished_at: new Date().toISOString(),
    steps: RUN_STEPS.map((s) => s.name),
    files_seen: ingest?.files_seen ?? 0,
    files_ingested: ingest?.files_ingested ?? 0,
    files_skipped: ingest?.files_skipped ?? 0,
    files_rejected: ingest?.files_rejected ?? 0,
    spans_read: ingest?.spans_read ?? 0,
    spans_in_database: ctx.spansAfterRetention ?? ingest?.spans_in_database ?? 0,
    spans_expired: ctx.retention?.spans_expired ?? 0,
    ingest_errors: ingest?.errors ?? 0,
    tables: ctx.build?.tables ?? {},
    build: ctx.build ? { mode: ctx.build.mode, reason: ctx.build.mode_reason, scope_turns: ctx.build.scope_turns, duration_ms: ctx.build.duration_ms } : null,
    retention: ctx.retention ?? null,
    report: ctx.report?.index ?? null,
    duration_ms: Math.round(effects.now() - t0),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    exit_code: exitCode,
    error: error ? (error.message.split('\n')[0] ?? '') : null,
  };
  try {
    await withConnection(config.db, (c) => finishRunRow(c, runId, new Date(summary.finished_at), summary));
  } catch (e) {
    effects.log(`could not record the run in table runs: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    lock.release();
  }
  if (error && !(error instanceof SpanlensError)) throw error;
  if (error) effects.log(`spanlens: ${error.message}`);
  return summary;
}

async function withConnection<T>(dbPath: string, fn: (c: import('@duckdb/node-api').DuckDBConnection) => Promise<T>): Promise<T> {
  const db = await openDatabase(dbPath);
  try {
    const c = await db.connect();
    try {
      return await fn(c);
    } finally {
      c.closeSync();
    }
  } finally {
    db.close();
  }
}

/** Returns the one-line summary printed on stderr at the end of every run. */
export function summaryLine(s: RunSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const status = s.error ? 'failed' : s.exit_code === ExitCode.partial ? 'partial' : 'ok';
  return (
    `spanlens run ${status}: files ${s.files_seen} seen, ${s.files_ingested} ingested, ${s.files_skipped} skipped, ${s.files_rejected} rejected; ` +
    `spans ${n(s.spans_read)} read, ${n(s.spans_in_database)} in database, ${n(s.spans_expired)} expired; ` +
    `${n(s.duration_ms)} ms; exit ${s.exit_code}${s.error ? `; error: ${s.error}` : ''}`
  );
}
