/**
 * `spanlens build`: rebuilds every derived table from `spans` in one transaction, in plan order,
 * prices model calls, then runs the invariant checks; a violated check rolls everything back.
 * When only new files arrived since the last build, the link tables, turn_facts and session_growth
 * are recomputed for the new spans' sessions only and spliced in (src/build/incremental-build.ts).
 *
 *   raw_spans → spans → trace_integrity, span_failures, model_prices → model_call_costs
 *             → turns → sessions → users → turn_facts → metric tables (SQL, then TypeScript: src/metrics)
 *             (+ views llm_calls, tool_calls, retrievals) → checks
 */
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../db/open-database.js';
import { ensureRawTables, quoteIdentifier, readQuery, runDdlFile } from '../db/run-query-file.js';
import type { Effects } from '../effects.js';
import { EnvironmentError, SpanlensError, ExitCode } from '../errors.js';
import { computeMetricTable, releaseMetricCache, type MetricCache } from '../metrics/compute-metric-tables.js';
import { buildParameters, metricSettings, type BuildOptions } from './build-options.js';
import { BUILD_MEMORY_FILE, BUILD_PLAN, CHECK_FILES, MARK_CURRENT_FILE, PRICE_FILE, type PlanStep } from './plan.js';
import { readPriceOverrides, resolvePrice, type PriceRow } from './resolve-prices.js';
import { isOutOfMemory } from '../db/database-errors.js';
import { totalmem } from 'node:os';
import path from 'node:path';
import { testPause } from '../run/test-pause.js';
import { quoteLiteral } from '../inspect/quote-literal.js';
import { buildFingerprint, chooseBuildMode, DELTA_TABLES, dropScope, LAST_DELTA_TABLE, measureScope, readBuildState, shadowScope, shadowSpans, spliceTable, writeBuildState, type BuildMode } from './incremental-build.js';

export interface BuildSummary {
  tables: Record<string, number>;
  unpriced_models: { provider: string; model: string; calls: number }[];
  /** Evaluations with scores outside 0..1 and no declared scale (--quality-scales): turns where scores were left out. */
  unscaled_evaluations: { name: string; turns: number }[];
  checks_passed: number;
  /** 'incremental': the link tables, turn_facts and session_growth were recomputed for the new spans' sessions only. */
  mode: BuildMode['mode'];
  mode_reason: string;
  /** Turns an incremental build recomputed (null in a full build). */
  scope_turns: number | null;
  /** DuckDB's memory limit the build ran with, as DuckDB prints it (e.g. "305.1 MiB"). */
  memory_limit: string;
  /** Milliseconds per step (tables, prices, checks, commit), in build order. */
  step_ms: Record<string, number>;
  duration_ms: number;
}

/** Returns only the parameters a statement mentions (DuckDB rejects unused ones). */
export function parametersFor(sql: string, all: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) {
    if (new RegExp(`\\$${k}\\b`).test(sql)) out[k] = Array.isArray(v) ? listValue(v) : v;
  }
  return out;
}

/**
 * Drops each view where the plan now makes a table of that name, and each table where it makes a
 * view (a database built by an older spanlens), in the build's transaction; one catalog query.
 */
async function dropObjectsOfOtherKind(connection: DuckDBConnection): Promise<boolean> {
  const planned = BUILD_PLAN.map((step) => ({ name: path.basename(step.file, '.sql'), kind: step.kind === 'view' ? 'view' : 'table' }));
  const existing = await connection.runAndReadAll(
    `select table_name as name, 'table' as kind from duckdb_tables()
       where database_name = current_database() and schema_name = 'main' and not temporary
     union all
     select view_name, 'view' from duckdb_views()
       where database_name = current_database() and schema_name = 'main' and not temporary and not internal`,
  );
  const kinds = new Map((existing.getRows() as [string, string][]).map(([name, kind]) => [name, kind]));
  let dropped = false;
  for (const { name, kind } of planned) {
    const found = kinds.get(name);
    if (found !== undefined && found !== kind) {
      await connection.run(`drop ${found} ${quoteIdentifier(name)}`);
      dropped = true;
    }
  }
  return dropped;
}

async function runStep(connection: DuckDBConnection, step: PlanStep, params: Record<string, unknown>, metrics: () => Promise<void>): Promise<string> {
  const name = path.basename(step.file, '.sql');
  if (step.kind === 'computed') {
    await runDdlFile(connection, step.file);
    await metrics();
    return name;
  }
  const select = readQuery(step.file).trim().replace(/;\s*$/, '');
  const ddl = step.kind === 'view' ? 'create or replace view' : 'create or replace table';
  // views cannot hold parameters; none of ours use any
  await connection.run(`${ddl} ${quoteIdentifier(name)} as\n${select}`, parametersFor(select, params) as never);
  return name;
}

async function writePrices(connection: DuckDBConnection, options: BuildOptions): Promise<PriceRow[]> {
  await runDdlFile(connection, PRICE_FILE);
  const reader = await connection.runAndReadAll(
    `select distinct coalesce(provider, '') as provider, coalesce(response_model, request_model) as model,
            strftime(cast(started_at as date), '%Y-%m-%d') as day
     from spans where is_model_call and coalesce(response_model, request_model) is not null`,
  );
  const overrides = options.pricesFile ? readPriceOverrides(options.pricesFile) : [];
  const rows = (reader.getRows() as [string, string, string][]).map(([p, m, d]) =>
    resolvePrice(p, m, d, overrides, options.pricesFile ?? ''),
  );
  const appender = await connection.createAppender('model_prices');
  for (const r of rows) {
    appender.appendVarchar(r.provider);
    appender.appendVarchar(r.model);
    appender.appendVarchar(r.day);
    for (const v of [r.input_mtok, r.cache_read_mtok, r.cache_write_mtok, r.output_mtok]) {
      if (v === null) appender.appendNull();
      else appender.appendDouble(v);
    }
    appender.appendVarchar(r.price_source);
    if (r.price_model_id === null) appender.appendNull();
    else appender.appendVarchar(r.price_model_id);
    if (r.price_valid_from === null) appender.appendNull();
    else appender.appendVarchar(r.price_valid_from.slice(0, 10));
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  return rows;
}


/** The memory limit (bytes) a build retries with after running out: half the machine's memory, at least 2 GiB. */
export function retryMemoryBytes(totalBytes = totalmem()): number {
  return Math.max(2 * 1024 ** 3, Math.floor(totalBytes / 2));
}

/** Returns the bytes of a DuckDB memory setting as current_setting prints it (e.g. "488.2 MiB", "2.0 GiB"); null if unreadable. */
export function settingBytes(text: string): number | null {
  const m = /^\s*([\d.]+)\s*([KMGT]i?B|bytes?)?\s*$/i.exec(text);
  if (!m) return null;
  const unit = (m[2] ?? 'bytes').toUpperCase();
  const power = { K: 1, M: 2, G: 3, T: 4 }[unit[0] as 'K' | 'M' | 'G' | 'T'] ?? 0;
  return Number(m[1]) * (unit.includes('I') ? 1024 : 1000) ** power;
}

/**
 * Runs the whole build; throws SpanlensError (exit 1) listing violated checks. Some DuckDB
 * operators cannot spill to disk (on a 10M-span history the joins that assemble turns and turn
 * facts need more than the default 512 MB); when one runs out of memory, the build is rolled back,
 * the limit raised to retryMemoryBytes and the build run once more, with a line on stderr saying
 * so. The limit that worked is kept in build_memory for that mode (whole or incremental), and later
 * builds of the same mode start from it (unless SPANLENS_MEMORY_LIMIT is set; a build under it
 * records nothing), so a nightly job pays for the failed attempt once. When the limit is already
 * that high, or the second build runs out too, it is an environment error. Running out at the
 * metric steps' lower limit is retried at the build's own limit first, and remembers nothing.
 */
export async function buildTables(db: Database, options: BuildOptions, effects: Effects, env: NodeJS.ProcessEnv = process.env): Promise<BuildSummary> {
  const remember = env.SPANLENS_MEMORY_LIMIT === undefined;
  // test-only: a metric-step limit low enough to run out (unset outside tests)
  const metricStepsMb = Number(env.SPANLENS_TEST_METRIC_STEPS_LIMIT_MB) || METRIC_STEPS_MEMORY_LIMIT_MB;
  const startingAt = (limit: string): Attempt => ({ lowered: false, metricStepsMb, limit });
  const attempt = startingAt(db.memoryLimit);
  let failure: unknown;
  try {
    return await buildOnce(db, options, effects, remember, remember, attempt);
  } catch (error) {
    if (!isOutOfMemory(error)) throw error;
    failure = error;
  }
  if (attempt.lowered) {
    // it ran out while the metric steps' lower limit was in force: the build's own limit was not
    // what failed, so build again at it (set again here: buildOnce restores it, but a failed
    // restore must not leave the retry at the lower limit), without lowering
    effects.log(`build: DuckDB ran out of the metric steps' ${metricStepsMb}MB memory limit (${firstLine(failure)}); rolled back, building again without lowering the limit`);
    await withConnection(db, (connection) => setMemoryLimit(connection, attempt.limit));
    try {
      return await buildOnce(db, options, effects, false, false, startingAt(attempt.limit));
    } catch (error) {
      if (!isOutOfMemory(error)) throw error;
      failure = error;
    }
  }
  const advice = 'nothing was changed. Set SPANLENS_MEMORY_LIMIT higher (e.g. 8GB) or build on a machine with more memory';
  const retry = retryMemoryBytes();
  const limit = `${Math.floor(retry / 1048576)}MiB`;
  // compared exactly (DuckDB prints a limit rounded down: 2048MiB as "1.9 GiB"), shown as DuckDB prints it
  if ((settingBytes(attempt.limit) ?? Infinity) >= retry) {
    throw new EnvironmentError(`build: DuckDB ran out of its ${attempt.limit} memory limit; ${advice}`);
  }
  const current = await withConnection(db, async (connection) => {
    const setting = await memoryLimit(connection);
    await setMemoryLimit(connection, limit);
    return setting;
  });
  effects.log(`build: DuckDB ran out of its ${current} memory limit (${firstLine(failure)}); rolled back, building again with ${limit} (set SPANLENS_MEMORY_LIMIT to start there)`);
  let summary: BuildSummary;
  try {
    // not from the remembered limit: that would take the raised limit back down (to 192 MB for a night)
    summary = await buildOnce(db, options, effects, false, false, startingAt(limit));
  } catch (again) {
    if (!isOutOfMemory(again)) throw again;
    throw new EnvironmentError(`build: DuckDB ran out of memory again with a ${limit} limit; ${advice}`);
  }
  // a limit the user set (SPANLENS_MEMORY_LIMIT) says nothing about what builds without it need
  if (!remember) return summary;
  await withConnection(db, async (connection) => {
    await runDdlFile(connection, BUILD_MEMORY_FILE);
    await connection.run('begin transaction');
    await connection.run('delete from build_memory where build_mode = $mode', { mode: summary.mode });
    await connection.run('insert into build_memory (bytes, ran_out_at, recorded_at, build_mode) values ($bytes, $ran_out_at, now(), $mode)', {
      bytes: retry,
      ran_out_at: current,
      mode: summary.mode,
    });
    await connection.run('commit');
  });
  return summary;
}

/** What one build attempt did that its caller must know after a failure. */
interface Attempt {
  /** DuckDB's limit was lowered for the metric steps when it failed (restored since). */
  lowered: boolean;
  /** The limit (MB) the metric steps run with: METRIC_STEPS_MEMORY_LIMIT_MB outside tests. */
  metricStepsMb: number;
  /** DuckDB's memory limit the attempt starts with, exactly as set; the build's own limit once it started. */
  limit: string;
}

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0];

async function withConnection<T>(db: Database, use: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const connection = await db.connect();
  try {
    return await use(connection);
  } finally {
    connection.closeSync();
  }
}

/** Sets DuckDB's memory limit (the instance's) to a setting as DuckDB takes it, e.g. '192MB', '2048MiB'. */
const setMemoryLimit = (connection: DuckDBConnection, limit: string) => connection.run(`set memory_limit = '${limit}'`);

const memoryLimit = async (connection: DuckDBConnection) => String((await connection.runAndReadAll(`select current_setting('memory_limit')`)).getRows()[0]![0]);

/**
 * DuckDB's memory limit for an incremental build (a whole one keeps the 512 MB the database opens
 * with): its link queries read only the new spans' sessions, and the metric tables' read of every
 * turn fact sorts with spilling. On a 10M-span history a night's whole run peaked at 1,133-1,218 MiB
 * with 512 MB, at 983-1,060 MiB with 256-320 MB (the later code holding more: 1,041-1,060 MiB with
 * 320 MB), and at 899-983 MiB with 192 MB, the build no slower (21.6 s against 23.1 s).
 */
export const INCREMENTAL_MEMORY_LIMIT_MB = 192;

/**
 * Raises the memory limit to what an earlier build of this mode needed (at most retryMemoryBytes
 * on this machine); without such a record an incremental build runs with INCREMENTAL_MEMORY_LIMIT_MB.
 * Only the mode's own record counts: on 10M spans a whole build needs more than 1 GB, an
 * incremental night fits far less and, started from the whole build's limit, had peaked at 2.1 GB.
 */
async function startFromRememberedLimit(connection: DuckDBConnection, mode: BuildMode['mode'], effects: Effects): Promise<string | null> {
  await runDdlFile(connection, BUILD_MEMORY_FILE);
  const rows = (await connection.runAndReadAll('select bytes, ran_out_at from build_memory where build_mode = $mode', { mode })).getRowsJS() as [bigint, string][];
  if (rows.length === 0) {
    const current = settingBytes(await memoryLimit(connection)) ?? 0;
    if (mode !== 'incremental' || current <= INCREMENTAL_MEMORY_LIMIT_MB * 1e6) return null;
    await setMemoryLimit(connection, `${INCREMENTAL_MEMORY_LIMIT_MB}MB`);
    return `${INCREMENTAL_MEMORY_LIMIT_MB}MB`;
  }
  const bytes = Math.min(Number(rows[0]![0]), retryMemoryBytes());
  const setting = await memoryLimit(connection);
  if ((settingBytes(setting) ?? Infinity) >= bytes) return null;
  const limit = `${Math.floor(bytes / 1048576)}MiB`;
  await setMemoryLimit(connection, limit);
  effects.log(`build: starting with a ${limit} memory limit: an earlier ${mode} build of this database ran out of ${rows[0]![1]} (SPANLENS_MEMORY_LIMIT overrides)`);
  return limit;
}

/**
 * DuckDB's memory limit while the TypeScript metric steps of an incremental build (a night) run,
 * once they have read the turn facts: they hold those in typed arrays and only append small tables,
 * so the pages DuckDB keeps cached up to its limit would only add to the process's peak. The
 * build's limit comes back before the checks. On a 10M-span night the whole run peaked at 888-933
 * MiB with 64 MB there and 871-893 MiB with 96 MB, against 958-1,034 MiB with the build's 192 MB
 * (two to four runs each); the steps completed even with 48 MB. A whole build keeps its limit:
 * evicting down to 64 MB there wrote the build's uncommitted rows out to DuckDB's temporary file
 * (0.27 s of a 1M-span build; its peak RSS was 773-791 MiB with it and 783-825 MiB without, three
 * builds each), and a whole build's peak is elsewhere (assembling turns, see buildTables).
 */
export const METRIC_STEPS_MEMORY_LIMIT_MB = 64;

/**
 * DuckDB's compression methods a build does not try on what it writes (`disabled_compression_methods`,
 * the instance's setting, like max_vacuum_tasks below: kept until the build's instance closes, so the
 * checkpoint at closing writes what is left the same way; ingest opens its own instance and keeps
 * every method). For each segment DuckDB analyzes every method it may use and keeps the smallest.
 * Most string columns a build writes are ids unique per row (trace, span, session ids), where
 * dictionary compression cannot win and its analysis is pure cost, and FSST compresses the rest
 * (models, names, types) nearly as well; ALP's analysis of floating-point columns (costs, durations,
 * quality) costs more than the bytes it saves here. Alternated whole builds of the 1M-span benchmark
 * database: without dictionary, 8.53-9.37 s against 8.86-9.50 s (four pairs, each faster; the link
 * layer 3.10-3.35 s against 3.20-3.76 s, the commit 504-551 ms against 601-872 ms), the file 645
 * against 635 MB; without ALP and ALPRD as well, 6.62-7.57 s against 6.87-7.88 s (six pairs, each
 * faster, 0.08-0.39 s), the file 656 against 645 MB (doubles stored plain or run-length encoded).
 * Disabling FSST too saved a little more (four pairs: 6.59-7.39 s against 7.02-7.84 s) for a file 113
 * MB larger; ingest without dictionary compression took as long and made raw_spans 23% larger (235
 * against 190 MB for 375k spans): neither done.
 */
export const BUILD_DISABLED_COMPRESSION = 'dictionary,alp,alprd';

/** Makes DuckDB (the connection's instance) write as a build writes: without BUILD_DISABLED_COMPRESSION's methods. */
export const compressAsBuild = (connection: DuckDBConnection) =>
  connection.run(`set disabled_compression_methods = ${quoteLiteral(BUILD_DISABLED_COMPRESSION)}`);

async function buildOnce(
  db: Database,
  options: BuildOptions,
  effects: Effects,
  rememberedLimit: boolean,
  lowerForMetricSteps: boolean,
  attempt: Attempt,
): Promise<BuildSummary> {
  const started = effects.now();
  const connection = await db.connect();
  const params = buildParameters(options);
  let restoreLimit: string | null = null;
  const restore = async () => {
    if (restoreLimit === null) return;
    await setMemoryLimit(connection, restoreLimit);
    restoreLimit = null;
  };
  let incremental = false;
  const metricCache: MetricCache = {
    // only in an incremental build (a night), not on a retry after running out of memory, nor
    // under SPANLENS_MEMORY_LIMIT (the user's limit stands)
    onTurnsRead: async () => {
      if (!lowerForMetricSteps || !incremental) return;
      const setting = attempt.limit; // exact: DuckDB prints it rounded
      if ((settingBytes(setting) ?? 0) <= attempt.metricStepsMb * 1e6) return;
      // before the setting itself: DuckDB may fail to free enough for it (which aborts the
      // transaction), and that is the lower limit failing too
      restoreLimit = setting;
      attempt.lowered = true;
      await setMemoryLimit(connection, `${attempt.metricStepsMb}MB`);
      effects.log(`metric steps: DuckDB's memory limit is ${attempt.metricStepsMb}MB while they hold the turn facts (${setting} again for the checks)`);
    },
  };
  const summary: BuildSummary = { tables: {}, unpriced_models: [], unscaled_evaluations: [], checks_passed: 0, mode: 'full', mode_reason: '', scope_turns: null, memory_limit: '', step_ms: {}, duration_ms: 0 };
  const took = (step: string, since: number) => (summary.step_ms[step] = Math.round(effects.now() - since));
  try {
    await ensureRawTables(connection);
    // the build replaces whole tables and deletes no rows, so the checkpoint at its commit has
    // nothing to reclaim; left on, it would rewrite raw_spans to merge the partly filled row group
    // each ingested file ends with (~6 s on 1M spans, no measurable gain for queries). Compaction
    // runs where rows are deleted: retention (src/run/expire-old-spans.ts) keeps DuckDB's default.
    await connection.run('set max_vacuum_tasks = 0');
    await compressAsBuild(connection);
    await connection.run('begin transaction');
    let t0 = effects.now();
    await runDdlFile(connection, MARK_CURRENT_FILE); // in case an ingest stopped before doing it
    const dropped = await dropObjectsOfOtherKind(connection);
    effects.log(`raw_spans: current copies marked in ${took('mark_current', t0)} ms`);
    t0 = effects.now();
    const fingerprint = buildFingerprint(options, String((await connection.runAndReadAll('select version()')).getRows()[0]![0]));
    const state = await readBuildState(connection);
    const scope = await measureScope(connection, state);
    const mode = chooseBuildMode({ requested: options.fullBuild ? 'full' : 'auto', state, fingerprint, droppedOtherKind: dropped, ...scope });
    incremental = mode.mode === 'incremental';
    if (!incremental) await dropScope(connection);
    Object.assign(summary, { mode: mode.mode, mode_reason: mode.reason, scope_turns: incremental ? scope.scope_traces : null });
    effects.log(`build: ${mode.mode}: ${mode.reason} (decided in ${took('scope', t0)} ms)`);
    if (rememberedLimit) attempt.limit = (await startFromRememberedLimit(connection, mode.mode, effects)) ?? attempt.limit;
    summary.memory_limit = await memoryLimit(connection);
    for (const step of BUILD_PLAN) {
      t0 = effects.now();
      const stepName = path.basename(step.file, '.sql');
      if (incremental && DELTA_TABLES.has(stepName)) {
        const select = readQuery(step.file).trim().replace(/;\s*$/, '');
        const n = await spliceTable(connection, stepName, select, parametersFor(select, params));
        summary.tables[stepName] = n;
        effects.log(`${stepName}: ${n.toLocaleString('en-US')} rows (scope replaced) in ${took(stepName, t0)} ms`);
        if (stepName === LAST_DELTA_TABLE) await dropScope(connection, 'views'); // the metric tables read whole tables
        await testPause('build');
        continue;
      }
      const name = await runStep(connection, step, params, async () => {
        await computeMetricTable(connection, path.basename(step.file, '.sql'), metricSettings(options), metricCache);
      });
      if (step.kind !== 'view') {
        const n = Number((await connection.runAndReadAll(`select count(*) from ${quoteIdentifier(name)}`)).getRows()[0]![0]);
        summary.tables[name] = n;
        effects.log(`${name}: ${n.toLocaleString('en-US')} rows in ${took(name, t0)} ms`);
      }
      if (name === 'spans') {
        t0 = effects.now();
        const prices = await writePrices(connection, options);
        effects.log(`model_prices: ${prices.length} rows in ${took('model_prices', t0)} ms`);
        if (incremental) await shadowSpans(connection);
      }
      await testPause('build'); // test-only: SIGKILL point inside the build transaction
    }
    await restore();
    await releaseMetricCache(metricCache);
    attempt.lowered = false; // what fails from here on fails at the build's own limit
    const unpriced = await connection.runAndReadAll(
      `select provider, model, count(*) as calls from model_call_costs where not is_priced group by all order by calls desc`,
    );
    summary.unpriced_models = (unpriced.getRows() as [string, string, bigint][]).map(([provider, model, calls]) => ({ provider, model, calls: Number(calls) }));
    for (const u of summary.unpriced_models) {
      effects.log(`unpriced model: ${u.provider || '(no provider)'} ${u.model ?? '(no model)'}: ${u.calls} calls have cost NULL (add it to a --prices file)`);
    }
    const unscaled = await connection.runAndReadAll(
      `select name, count(*) as turns from (select unnest(unscaled_quality_signals) as name from turns) group by name order by turns desc, name`,
    );
    summary.unscaled_evaluations = (unscaled.getRows() as [string, bigint][]).map(([name, turns]) => ({ name, turns: Number(turns) }));
    for (const u of summary.unscaled_evaluations) {
      effects.log(
        `evaluation ${JSON.stringify(u.name)}: scores outside 0..1 in ${u.turns} turns were left out of quality, and its scores within 0..1 were read as 0..1; ` +
          `declare its scale (--quality-scales ${u.name}=LOW:HIGH, or build.qualityScales in the config)`,
      );
    }
    const noUsage = Number((await connection.runAndReadAll('select count(*) from model_call_costs where is_priced and not has_usage and cost_usd is null')).getRows()[0]![0]);
    if (noUsage > 0) effects.log(`${noUsage.toLocaleString('en-US')} model calls that did not fail recorded no token usage: their cost, and their turns', is NULL`);
    const failures: string[] = [];
    t0 = effects.now();
    if (incremental) await shadowScope(connection); // checks the recomputed rows (incremental-build.ts)
    for (const file of CHECK_FILES) {
      const sql = readQuery(file);
      const rows = (await connection.runAndReadAll(`select count(*) from (${sql.trim().replace(/;\s*$/, '')})`)).getRows();
      const n = Number(rows[0]![0]);
      if (n > 0) failures.push(`${file}: ${n} violating rows`);
      else summary.checks_passed++;
    }
    if (failures.length > 0) {
      await connection.run('rollback');
      throw new SpanlensError(`build checks failed, nothing was changed:\n  ${failures.join('\n  ')}`, ExitCode.internal);
    }
    if (incremental) await dropScope(connection);
    effects.log(`checks: ${CHECK_FILES.length} run${incremental ? ' over the recomputed sessions and the metric tables' : ''} in ${took('checks', t0)} ms`);
    await writeBuildState(connection, mode.mode, fingerprint, incremental ? state!.traces_rebuilt_since_full + scope.scope_traces : 0);
    await connection.run('delete from removed_traces'); // the tables now include what retention and changed files removed
    t0 = effects.now();
    await connection.run('commit');
    effects.log(`commit: ${took('commit', t0)} ms`);
  } catch (error) {
    if (!(error instanceof SpanlensError)) {
      try {
        await connection.run('rollback');
      } catch {
        // already rolled back
      }
    }
    // DuckDB's limit is the instance's: a failed attempt leaves it as the build found it
    try {
      await restore();
    } catch {
      // the build's error is the one to report
    }
    throw error;
  } finally {
    void metricCache.impacts?.stop(); // a failed build does not wait for the worker
    connection.closeSync();
  }
  summary.duration_ms = Math.round(effects.now() - started);
  return summary;
}
