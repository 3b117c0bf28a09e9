/**
 * `spanlens report`: metric tables → self-contained HTML.
 *
 *   report definition ─► datasets (queries/reports, metric tables) ─► compiled Vega specs
 *                     ─► overview page + top-K session pages ─► files (temp + rename)
 *
 * Reads the database read-only. With --since/--until, the turn-fact metric tables are recomputed
 * for the window in temporary tables (see read-datasets.ts); the rest filter by their own dates.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DEFAULT_BUILD_OPTIONS, metricSettings } from '../build/build-options.js';
import { openDatabase } from '../db/open-database.js';
import type { Effects } from '../effects.js';
import { UsageError } from '../errors.js';
import { reportsDirectory } from '../paths.js';
import { testPause } from '../run/test-pause.js';
import type { Row } from './compile-chart.js';
import { renderReport } from './render-report.js';
import { renderPage } from './page-shell.js';
import { renderSessionPage } from './render-session-page.js';
import { ALL_DAYS, readDataset, shadowMetricTablesForWindow, type DayWindow } from './read-datasets.js';
import { readSessionDetails } from './read-session-details.js';
import { loadReportDefinition, reportDatasets } from './report-definition.js';
import { removeStaleTemps, writeFileAtomic } from './write-file-atomic.js';

export interface ReportOptions {
  dbPath: string;
  outDir: string;
  /** Inclusive first day, YYYY-MM-DD. */
  since?: string;
  /** Inclusive last day, YYYY-MM-DD. */
  until?: string;
  /** Per-session pages for at most this many sessions per worst-sessions list. */
  topSessions: number;
  /** Report folder under reports/ (default "overview"). */
  report?: string;
  /** DuckDB memory limit (default that of src/db/open-database.ts, 512 MB). */
  memoryLimit?: string;
  /** Footer version string. */
  version: string;
  /** Generation time shown in the footer (tests fix it). */
  generatedAt: Date;
}

export interface ReportSummary {
  index: string;
  session_pages: number;
  charts: number;
  tables: number;
  datasets: Record<string, number>;
  window: { since: string | null; until: string | null };
  bytes: number;
  compile_warnings: string[];
  /** Milliseconds per step: open, datasets (with the session pages' data), render, write. */
  step_ms: Record<string, number>;
  duration_ms: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Returns the window as half-open days; UsageError for malformed or reversed dates. */
export function dayWindow(since?: string, until?: string): DayWindow {
  for (const [flag, v] of [['--since', since], ['--until', until]] as const) {
    if (v !== undefined && (!DATE.test(v) || Number.isNaN(Date.parse(v)) || new Date(Date.parse(v)).toISOString().slice(0, 10) !== v)) throw new UsageError(`${flag}: expected a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
  }
  const w = {
    since: since ?? ALL_DAYS.since,
    until: until ? new Date(Date.parse(`${until}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10) : ALL_DAYS.until,
  };
  if (w.until <= w.since) throw new UsageError(`--since ${since} is after --until ${until}`);
  return w;
}

/** Returns the page file of a session, relative to the overview: an opaque hash, never the raw id. */
export function sessionPageFile(sessionId: string): string {
  return `sessions/${createHash('sha256').update(sessionId).digest('hex').slice(0, 16)}.html`;
}

/** Returns the source of the Vega runtime shipped with the `vega` package. */
export function vegaRuntime(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(path.join(path.dirname(require.resolve('vega/vega-schema.json')), 'vega.min.js'), 'utf8');
}

/** Writes the report; returns its summary. */
export async function writeReport(options: ReportOptions, effects: Effects): Promise<ReportSummary> {
  const started = effects.now();
  const step_ms: Record<string, number> = {};
  let mark = started;
  const lap = (name: string) => {
    const t = effects.now();
    step_ms[name] = Math.round(t - mark);
    mark = t;
  };
  const window = dayWindow(options.since, options.until);
  const definition = loadReportDefinition(path.join(reportsDirectory(), options.report ?? 'overview'));
  const settings = metricSettings(DEFAULT_BUILD_OPTIONS);
  const db = await openDatabase(options.dbPath, { readOnly: true, ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}) });
  const connection = await db.connect();
  const datasets: Record<string, Row[]> = {};
  let details;
  try {
    const tables = (await connection.runAndReadAll(`select count(*) from duckdb_tables() where table_name in ('turn_facts', 'metric_weighting')`)).getRows()[0]![0];
    if (Number(tables) < 2) throw new UsageError(`the database ${options.dbPath} has no metric tables yet: run spanlens build first`);
    if (options.since || options.until) {
      const turns = await shadowMetricTablesForWindow(connection, window, settings);
      effects.log(`window ${window.since}..${options.until ?? 'end'}: metric tables recomputed from ${turns.toLocaleString('en-US')} turns`);
    }
    lap('open');
    // the worst sessions decide which session pages to read; the session pages (base tables) are
    // then read on a second connection while the other datasets are read on the first
    const params = { top_k: options.topSessions, minSampleSize: settings.minSampleSize };
    const names = reportDatasets(definition);
    if (names.includes('worst_sessions')) datasets.worst_sessions = await readDataset(connection, 'worst_sessions', window, params);
    const ids = [...new Set((datasets.worst_sessions ?? []).map((r) => String(r.session_id)))];
    const second = await db.connect();
    try {
      [, details] = await Promise.all([
        (async () => {
          for (const name of names.filter((n) => n !== 'worst_sessions')) datasets[name] = await readDataset(connection, name, window, params);
        })(),
        readSessionDetails(second, ids),
      ]);
    } finally {
      second.closeSync();
    }
    lap('datasets');
  } finally {
    connection.closeSync();
    db.close();
  }

  const paged = new Set(details.map((d) => String(d.session.session_id)));
  const notices: string[] = [];
  const weighting = datasets.metric_weighting ?? [];
  if (weighting.some((w) => w.is_weighted === true)) notices.push('Sampling weights were applied: rates and means are estimates for all traffic, not only the kept traces (see Data quality).');
  if (options.since || options.until) notices.push('Window set: rates, means, rankings and cost curves are recomputed from the turns in this window; growth exponents and unranked totals cover the whole database.');
  const footer = `spanlens ${options.version} · generated ${options.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC · observational data: associations, not causes`;
  const windowLabel = options.since || options.until ? `${options.since ?? 'start'} … ${options.until ?? 'end'} (UTC days)` : 'all data in the database';
  const rendered = await renderReport({
    definition,
    datasets,
    windowLabel,
    databaseLabel: path.basename(options.dbPath),
    notices,
    sessionHref: (id) => (paged.has(id) ? sessionPageFile(id) : null),
    footer,
    vegaRuntime: vegaRuntime(),
  });
  for (const w of rendered.warnings) effects.log(`warning: ${w}`);
  const overview = rendered.html;
  lap('render');
  const index = path.join(options.outDir, 'index.html');
  // a report killed mid-write leaves a temp file (never a half-written page): clear them
  removeStaleTemps(options.outDir);
  removeStaleTemps(path.join(options.outDir, 'sessions'));
  // session pages first, the overview that links to them next, stale pages last: killed at any
  // point, the overview on disk (old or new) links only to pages that exist
  const written = new Set<string>();
  let bytes = 0;
  for (const d of details) {
    const file = sessionPageFile(String(d.session.session_id));
    const html = renderPage({ title: `Session ${String(d.session.session_id)}`, body: renderSessionPage(d, '../index.html'), footer });
    writeFileAtomic(path.join(options.outDir, file), html);
    written.add(path.basename(file));
    bytes += Buffer.byteLength(html);
  }
  await testPause('report-write');
  writeFileAtomic(index, overview);
  bytes += Buffer.byteLength(overview);
  // session pages of earlier reports that are no longer among the worst would mislead: remove them
  const sessionsDir = path.join(options.outDir, 'sessions');
  const stale = existsSync(sessionsDir) ? readdirSync(sessionsDir, { withFileTypes: true }) : [];
  for (const f of stale.filter((e) => e.isFile() && /^[0-9a-f]{16}\.html$/.test(e.name) && !written.has(e.name))) {
    rmSync(path.join(sessionsDir, f.name));
  }
  lap('write');
  return {
    index,
    session_pages: details.length,
    charts: rendered.charts,
    tables: rendered.tables,
    datasets: Object.fromEntries(Object.entries(datasets).map(([k, v]) => [k, v.length])),
    window: { since: options.since ?? null, until: options.until ?? null },
    bytes,
    compile_warnings: rendered.warnings,
    step_ms,
    duration_ms: Math.round(effects.now() - started),
  };
}
