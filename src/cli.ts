#!/usr/bin/env node
/**
 * The `spanlens` command line: parses arguments, calls the pipeline, maps errors to exit codes.
 * The only module that touches process.argv, process.exit and the real streams.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { processEffects, paint, type Effects } from './effects.js';
import { ExitCode, SpanlensError, UsageError } from './errors.js';
import { defaultDatabasePath, defaultReportDirectory, packageVersion } from './paths.js';
import { DEFAULT_BUILD_OPTIONS } from './build/build-options.js';

const ISSUES_URL = 'https://github.com/spanlens/spanlens/issues';

function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, got "${value}"`);
    return n;
  };
}

/** A flag's value as typed: src/build/resolve-build-options.ts parses it and names a bad one. */
const asGiven = (value: string): string | number => value;

function dbOption(): Option {
  return new Option('--db <file>', 'DuckDB database file').env('SPANLENS_DB').default(defaultDatabasePath({}));
}

/** Returns the configured commander program; `run` receives each command's work. */
export function buildProgram(effects: Effects, setExit: (code: number) => void): Command {
  const program = new Command('spanlens')
    .description('Turn OpenTelemetry span exports from LLM applications into answers: ingest into DuckDB, then query.')
    .version(packageVersion(), '-V, --version')
    .option('--debug', 'print stack traces of unexpected errors')
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => effects.log(s.trimEnd()), writeOut: (s) => effects.output(s) })
    .exitOverride();

  program
    .command('ingest')
    .description('read OTLP span exports (JSON, JSON Lines, protobuf; gzip/zstd) into the database')
    .argument('<paths...>', 'files, directories (recursive), globs, or - for standard input')
    .addOption(dbOption())
    .option('--json', 'print the run summary as one JSON document on stdout')
    .option('--workers <n>', 'decoding threads (default: number of cores)', positiveInt('--workers'))
    .option('--max-value-length <chars>', 'longest attribute value kept; longer ones are truncated and reported', positiveInt('--max-value-length'), 1024 * 1024)
    .addHelpText(
      'after',
      `
Examples:
  $ spanlens ingest data/sample
  $ spanlens ingest 'exports/**/*.jsonl' --db nightly.duckdb --json
  $ otelcol-export | spanlens ingest -
  $ SPANLENS_DB=/var/lib/spanlens/db.duckdb spanlens ingest /var/otel/traces-*.pb.zst

Exit codes: 0 ok, 2 usage error, 3 some input rejected (see table ingest_errors), 4 database locked or unwritable, or out of memory or disk, 1 bug.`,
    )
    .action(async (paths: string[], opts: { db: string; json?: boolean; workers?: number; maxValueLength: number }) => {
      const { ingestPaths } = await import('./ingest/ingest-paths.js');
      const summary = await ingestPaths(
        paths,
        { dbPath: opts.db, maxValueLength: opts.maxValueLength, ...(opts.workers ? { workers: opts.workers } : {}) },
        effects,
      );
      if (opts.json) effects.output(JSON.stringify(summary, null, 2) + '\n');
      else effects.output(formatIngestSummary(summary) + '\n');
      setExit(summary.exit_code);
    });

  program
    .command('build')
    .description('rebuild turns, sessions, users, costs and failure attribution from spans, then run the checks')
    .addOption(dbOption())
    .option('--json', 'print the build summary as one JSON document on stdout')
    .option('--prices <file>', 'JSON or CSV price overrides (model, valid_from, input_mtok, cached_input_mtok, cache_write_mtok, output_mtok; optional provider)')
    .option('--retrieval-low-score <x>', 'best document score below which a retrieval fails the turn', asGiven, DEFAULT_BUILD_OPTIONS.retrievalLowScore)
    .option('--stale-max-age-days <n>', 'retrieved memory older than this is stale', asGiven, DEFAULT_BUILD_OPTIONS.staleMaxAgeDays)
    .option('--stale-min-confidence <x>', 'retrieved memory with lower confidence is stale', asGiven, DEFAULT_BUILD_OPTIONS.staleMinConfidence)
    .option('--session-type-keys <keys>', 'comma-separated attribute keys naming the session type', DEFAULT_BUILD_OPTIONS.sessionTypeKeys.join(','))
    .option('--min-sample-size <n>', 'metric tables: rates and means over fewer rows are flagged is_small_sample', asGiven, DEFAULT_BUILD_OPTIONS.minSampleSize)
    .option('--turn-index-cap <n>', 'metric tables: turns at or past this index share one bucket', asGiven, DEFAULT_BUILD_OPTIONS.turnIndexCap)
    .option('--repetition-min-similarity <x>', 'word-set Jaccard similarity to the previous completion that counts as a repetition', asGiven, DEFAULT_BUILD_OPTIONS.repetitionMinSimilarity)
    .option('--growth-min-turns <n>', 'sessions with fewer turns get no cost-growth exponent', asGiven, DEFAULT_BUILD_OPTIONS.growthMinTurns)
    .option('--super-linear-exponent <x>', 'cost-growth exponent above which a session is super-linear', asGiven, DEFAULT_BUILD_OPTIONS.superLinearExponent)
    .option('--min-support-sessions <n>', 'failure-prone rankings rank only groups with this many sessions', asGiven, DEFAULT_BUILD_OPTIONS.minSupportSessions)
    .option('--impact-window-days <n>', 'days before and after a model-snapshot change to compare', asGiven, DEFAULT_BUILD_OPTIONS.impactWindowDays)
    .option('--bootstrap-resamples <n>', 'bootstrap resamples for latency-quantile differences', asGiven, DEFAULT_BUILD_OPTIONS.bootstrapResamples)
    .option('--sample-rate-keys <keys>', 'comma-separated attribute keys holding a "1 in N kept" sample rate', DEFAULT_BUILD_OPTIONS.sampleRateKeys.join(','))
    .option('--quality-scales <name=low:high,...>', 'evaluation scores on other scales than 0..1, mapped to quality 0..1 (e.g. helpfulness=1:5)')
    .option('--full', 'rebuild every table whole, even where only new files arrived since the last build (which otherwise recomputes just their sessions)')
    .addHelpText(
      'after',
      `
Examples:
  $ spanlens build
  $ spanlens build --full
  $ spanlens build --db nightly.duckdb --prices prices.csv --json
  $ spanlens build --session-type-keys app.flow,session.type --retrieval-low-score 0.5
  $ spanlens build --impact-window-days 14 --min-sample-size 50 --turn-index-cap 20
  $ spanlens build --quality-scales helpfulness=1:5,thumbs=-1:1

Exit codes: 0 ok, 1 a check failed (nothing changed) or a bug, 2 usage error, 4 database locked, or out of memory
or disk (rolled back).`,
    )
    .action(async (opts: Record<string, unknown> & { db: string; json?: boolean; full?: boolean }) => {
      const { buildTables } = await import('./build/build-tables.js');
      const { openDatabase } = await import('./db/open-database.js');
      const { resolveBuildOptions } = await import('./build/resolve-build-options.js');
      const flagName = (key: string) => '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
      const resolved = resolveBuildOptions(opts, flagName);
      if (resolved.errors.length > 0) throw new UsageError(resolved.errors.join('; '));
      const db = await openDatabase(opts.db, { mustExist: true });
      try {
        const summary = await buildTables(db, { ...resolved.options, fullBuild: opts.full === true }, effects);
        if (opts.json) effects.output(JSON.stringify(summary, null, 2) + '\n');
        else effects.output(Object.entries(summary.tables).map(([t, n]) => `${t.padEnd(30)}${n.toLocaleString('en-US')} rows`).join('\n') + `\n${"checks".padEnd(30)}${summary.checks_passed} passed\n`);
      } finally {
        db.close();
      }
    });

  program
    .command('run')
    .description('the nightly job: ingest new or changed files, apply retention, build (only the new spans\' sessions where it can), write the report')
    .argument('[inputs...]', 'files, directories, globs (default: "inputs" from the config file, or $SPANLENS_INPUTS, comma-separated)')
    .addOption(new Option('--config <file>', 'JSON config file (default: ./spanlens.config.json if present)').env('SPANLENS_CONFIG'))
    .addOption(new Option('--db <file>', 'DuckDB database file (default: data/spanlens.duckdb)').env('SPANLENS_DB'))
    .addOption(new Option('--retain-days <n>', 'delete spans that started more than n days ago, then rebuild').env('SPANLENS_RETAIN_DAYS'))
    .option('--wait [seconds]', `if another run holds the lock, wait for it (default ${600} s) instead of exiting 4`)
    // values are checked with the rest of the configuration (every problem listed, not the first)
    .addOption(new Option('--log-format <format>', 'stderr lines as plain text or one JSON object per line: text, json').env('SPANLENS_LOG_FORMAT'))
    .addOption(new Option('--privacy-text <mode>', 'prompt/completion text: keep, redact (regexes), drop').env('SPANLENS_PRIVACY_TEXT'))
    .option('--hash-ids', 'store user and session ids as HMAC-SHA256 hashes, keyed by $SPANLENS_HASH_KEY (also turned on by SPANLENS_HASH_IDS=1)')
    .option('--workers <n>', 'decoding threads (default: number of cores)')
    .option('--report-dir <dir>', 'where the HTML report is written after build (default: reports/ beside the database)')
    .option('--no-report', 'skip the report step')
    .option('--prices <file>', 'JSON or CSV price overrides for the build step (default: "prices" in the config file\'s "build" object)')
    .option('--json', 'print the run summary as one JSON document on stdout')
    .addHelpText(
      'after',
      `
Steps: lock → ingest (new or changed files only) → retention (--retain-days) → build → report
(the report is written to --report-dir, default reports/ beside the database; --no-report skips it).

Precedence: flags > environment > config file > defaults. Privacy settings apply to files ingested
from now on; files already in the database are not rewritten.

Examples:
  $ spanlens run /var/otel/exports --db /var/lib/spanlens/spanlens.duckdb
  $ SPANLENS_CONFIG=/etc/spanlens.json spanlens run --wait 300 --log-format json
  $ SPANLENS_HASH_KEY=$(cat /etc/spanlens.key) spanlens run exports --hash-ids --privacy-text redact --retain-days 90 --json

Exit codes: 0 ok, 1 bug or failed build check, 2 usage or config error, 3 finished but some input was
rejected (see ingest_errors), 4 another run holds the lock, or the database is locked or unwritable, or out of
memory or disk.`,
    )
    .action(async (inputs: string[], opts: Record<string, unknown>, command: Command) => {
      const { loadRunConfig } = await import('./run/load-run-config.js');
      const flag = (name: string) => (command.getOptionValueSource(name) === 'cli' ? opts[name] : undefined);
      const resolved = loadRunConfig({
        configPath: opts.config as string | undefined,
        env: process.env,
        flags: {
          ...(inputs.length > 0 ? { inputs } : {}),
          db: flag('db') as string | undefined,
          retainDays: flag('retainDays') as string | undefined,
          wait: opts.wait as string | boolean | undefined,
          logFormat: flag('logFormat') as string | undefined,
          workers: opts.workers as string | undefined,
          privacyText: flag('privacyText') as string | undefined,
          hashIds: opts.hashIds as boolean | undefined,
          reportDir: opts.reportDir as string | undefined,
          report: opts.report as boolean | undefined,
          prices: opts.prices as string | undefined,
        },
      });
      // a configuration with problems still logs them as asked: JSON when any source says json
      const logFormat = resolved.config?.logFormat ?? resolved.logFormatHint;
      const runEffects = logFormat === 'json' ? jsonLogEffects(effects) : effects;
      for (const w of resolved.warnings) runEffects.log(`warning: ${w}`);
      if (!resolved.config) {
        for (const e of resolved.errors) runEffects.log(`error: ${e}`);
        runEffects.log(`error: configuration has ${resolved.errors.length} problem(s); nothing was run`);
        setExit(ExitCode.usage);
        return;
      }
      const { run, summaryLine } = await import('./pipeline.js');
      const summary = await run(resolved.config, runEffects);
      if (logFormat === 'json') runEffects.log(JSON.stringify({ event: 'run_summary', ...summary }));
      else runEffects.log(summaryLine(summary));
      if (opts.json) effects.output(JSON.stringify(summary, null, 2) + '\n');
      setExit(summary.exit_code);
    });

  program
    .command('sql')
    .description('run SQL against the database (read-only unless --write)')
    .argument('[query]', 'the SQL text')
    .option('-f, --file <file>', 'read the SQL from a file')
    .addOption(dbOption())
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json', 'ndjson']))
    .option('--out <file>', 'write the result to a .parquet, .arrow or .csv file instead')
    .option('--write', 'open the database for writing')
    .option('--parquet <dir>', 'query a folder written by "spanlens export" (views spans, turns, sessions, users) instead of the database')
    .addHelpText(
      'after',
      `
Examples:
  $ spanlens sql --parquet exports/parquet "select day, count(*) from spans group by 1 order by 1"
  $ spanlens sql "select response_model, count(*) from llm_calls group by 1"
  $ spanlens sql -f queries/examples/cost-by-session-type.sql --format csv
  $ spanlens sql "select * from turns" --out turns.parquet`,
    )
    .action(async (queryText: string | undefined, opts: { file?: string; db: string; format?: string; out?: string; write?: boolean; parquet?: string }) => {
      const sql = opts.file ? readFileSync(opts.file, 'utf8') : queryText;
      if (!sql || sql.trim() === '') throw new UsageError('give the SQL as an argument or with -f FILE');
      const { runSql, exportSql } = await import('./inspect/run-sql.js');
      if (opts.out && opts.parquet) throw new UsageError('--out reads the database only; with --parquet, write a COPY statement in the query');
      if (opts.out) {
        const n = await exportSql(opts.db, sql, opts.out);
        effects.log(`wrote ${n} rows to ${opts.out}`);
        return;
      }
      const { formatAligned, formatCsv, formatJson, formatNdjson } = await import('./inspect/format-table.js');
      const { columns, rows } = await runSql(opts.db, sql, { write: Boolean(opts.write), ...(opts.parquet ? { parquetDir: opts.parquet } : {}) });
      const format = opts.format ?? (process.stdout.isTTY ? 'table' : 'csv');
      const text =
        format === 'csv' ? formatCsv(columns, rows) : format === 'json' ? formatJson(rows) : format === 'ndjson' ? formatNdjson(rows) : formatAligned(columns, rows);
      effects.output(text + (text.endsWith('\n') || text === '' ? '' : '\n'));
    });

  program
    .command('export')
    .description('write spans, turns, sessions and users as Parquet, partitioned by day (hive layout), atomically')
    .addOption(new Option('--format <format>', 'output format').choices(['parquet']).default('parquet'))
    .requiredOption('--out <dir>', 'folder to write (replaced whole: written beside it, then renamed into place)')
    .addOption(dbOption())
    .option('--json', 'print rows per table as JSON')
    .addHelpText(
      'after',
      `
Layout: <dir>/spans/day=2026-11-24/data_0.parquet, likewise turns, sessions (by started_at) and users (by first_seen_at).

Examples:
  $ spanlens export --format parquet --out /srv/spanlens/parquet
  $ spanlens sql --parquet /srv/spanlens/parquet "select day, count(*) from turns group by 1"`,
    )
    .action(async (opts: { out: string; db: string; json?: boolean }) => {
      const { exportParquet } = await import('./export/export-parquet.js');
      const counts = await exportParquet(opts.db, opts.out);
      if (opts.json) effects.output(JSON.stringify({ out: opts.out, tables: counts }, null, 2) + '\n');
      else effects.output(Object.entries(counts).map(([t, n]) => `${t.padEnd(10)}${n.toLocaleString('en-US')} rows`).join('\n') + `\nwritten to ${opts.out}\n`);
    });

  program
    .command('trace')
    .description('print one trace as a span tree with durations, models, tokens, status and the failing step')
    .argument('<trace_id>', '32 hex digits')
    .addOption(dbOption())
    .addHelpText('after', '\nExample:\n  $ spanlens trace 5b8efff798038103d269b633813fc60c')
    .action(async (traceId: string, opts: { db: string }) => {
      const { showTrace } = await import('./inspect/show-trace.js');
      effects.output((await showTrace(opts.db, traceId)) + '\n');
    });

  program
    .command('report')
    .description('write the self-contained HTML report (overview + pages of the worst sessions) from the metric tables')
    .addOption(dbOption())
    .addOption(new Option('--out <dir>', 'output folder (index.html, sessions/)').default(defaultReportDirectory()))
    .option('--since <date>', 'first UTC day included (YYYY-MM-DD)')
    .option('--until <date>', 'last UTC day included (YYYY-MM-DD)')
    .option('--top-sessions <k>', 'per-session pages for the k sessions with most failures and the k most costly', positiveInt('--top-sessions'), 20)
    .option('--json', 'print the report summary as one JSON document on stdout')
    .addHelpText(
      'after',
      `
The page opens from file:// with no network: the Vega runtime and the data are inlined.
With --since/--until, rates, means, rankings and cost curves are recomputed for those days.

Examples:
  $ spanlens report
  $ spanlens report --db nightly.duckdb --out /srv/www/spanlens --json
  $ spanlens report --since 2026-11-01 --until 2026-11-07 --out reports/week-45

Exit codes: 0 ok, 2 usage error (or no build yet), 4 database locked, 1 bug.`,
    )
    .action(async (opts: { db: string; out: string; since?: string; until?: string; topSessions: number; json?: boolean }) => {
      const { writeReport } = await import('./report/write-report.js');
      const summary = await writeReport(
        { dbPath: opts.db, outDir: opts.out, topSessions: opts.topSessions, version: packageVersion(), generatedAt: new Date(), ...(opts.since ? { since: opts.since } : {}), ...(opts.until ? { until: opts.until } : {}) },
        effects,
      );
      if (opts.json) effects.output(JSON.stringify(summary, null, 2) + '\n');
      else effects.output(`report          ${summary.index}\npages           1 overview (${summary.charts} charts, ${summary.tables} tables), ${summary.session_pages} session pages\nsize            ${(summary.bytes / 1024).toFixed(0)} KiB\ntime            ${summary.duration_ms} ms\n`);
    });

  program
    .command('session')
    .description('print one session turn by turn: time, model, tokens, cumulative cost, failure kind, quality')
    .argument('<session_id>')
    .addOption(dbOption())
    .option('--json', 'print the turns as JSON')
    .addHelpText('after', '\nExample:\n  $ spanlens session sess-0042')
    .action(async (sessionId: string, opts: { db: string; json?: boolean }) => {
      const { showSession, sessionTurns } = await import('./inspect/show-trace.js');
      if (opts.json) {
        const { formatJson } = await import('./inspect/format-table.js');
        effects.output(formatJson(await sessionTurns(opts.db, sessionId)) + '\n');
      } else effects.output((await showSession(opts.db, sessionId)) + '\n');
    });

  // ── compare / changes (issue 6) ──
  program
    .command('compare')
    .description('compare turn metrics before vs after (two windows, a detected model change, or two snapshots), with 95% CIs and Holm-adjusted p-values')
    .option('--before <FROM..TO>', 'before window: dates (both ends included) or timestamps, e.g. 2026-11-01..2026-11-07')
    .option('--after <FROM..TO>', 'after window; with --snapshot/--vs, the period both are compared over')
    .option('--change <id>', 'a detected change (see spanlens changes): its model, --window-days before vs after its day')
    .option('--snapshot <old>', 'compare turns answered by this response-model snapshot ...')
    .option('--vs <new>', '... with turns answered by this one, on the days both answered')
    .option('--model <request_model>', 'only turns of this request model')
    .option('--provider <provider>', 'only turns of this provider (e.g. openai)')
    .option('--type <session_type>', 'only sessions of this type')
    .option('--metric <names...>', 'only these metrics (default: all): failure_rate mean_quality latency_p50_ms latency_p95_ms tokens_per_turn cost_per_turn_usd truncation_rate tool_error_rate')
    .option('--min-n <n>', 'a side with fewer turns than this gets "too little data", never a verdict', positiveInt('--min-n'), DEFAULT_BUILD_OPTIONS.minSampleSize)
    .option('--min-sessions <n>', 'likewise for a side with fewer sessions than this (turns of one session are alike)', positiveInt('--min-sessions'), 30)
    .option('--window-days <n>', 'with --change: days on each side of the change day (the build\'s --impact-window-days)', positiveInt('--window-days'), DEFAULT_BUILD_OPTIONS.impactWindowDays)
    .option('--bootstrap-resamples <n>', 'seeded bootstrap resamples for latency quantiles (their p-values cannot go below 2/(n+1))', positiveInt('--bootstrap-resamples'), 2000)
    .option('--fail-on-regression [metrics...]', 'exit 5 when a metric (default: every compared one) got significantly worse overall, mix-adjusted or in any session type')
    .option('--json', 'print the comparison as one JSON document on stdout')
    .option('--html <file>', 'also write a self-contained HTML page (deltas with CI bars, daily series, per-type breakdown, worst sessions)')
    .addOption(dbOption())
    .addHelpText(
      'after',
      `
Rows: overall, mix-adjusted (per-type differences weighted by the before side's session-type mix)
and each session type. Holm adjusts all rows together (metrics × scopes), so the chance of any
false "better"/"worse" in the table, and of a false --fail-on-regression, is at most 5%.
This is observational: the windows differ in more than the model.

Examples:
  $ spanlens changes
  $ spanlens compare --change 964a3521
  $ spanlens compare --before 2026-11-01..2026-11-07 --after 2026-11-08..2026-11-14 --model gpt-4o
  $ spanlens compare --snapshot gpt-4o-2024-08-06 --vs gpt-4o-2024-11-20 --type billing
  $ spanlens compare --change 964a3521 --fail-on-regression failure_rate mean_quality --json
  $ spanlens compare --change 964a3521 --html compare.html

Exit codes: 0 ok (or no regression), 5 --fail-on-regression and a gated metric got significantly
worse, 2 usage error or a window without turns, 4 database locked, 1 bug.`,
    )
    .action(async (opts: {
      before?: string; after?: string; change?: string; snapshot?: string; vs?: string; model?: string; provider?: string; type?: string;
      metric?: string[]; minN: number; minSessions: number; windowDays: number; bootstrapResamples: number; failOnRegression?: boolean | string[]; json?: boolean; html?: string; db: string;
    }) => {
      const { runCompare } = await import('./compare/run-compare.js');
      const { regressionGate } = await import('./compare/regression-gate.js');
      const { renderCompare } = await import('./compare/render-compare.js');
      const split = (xs: string[] | undefined) => (xs ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
      const gated = opts.failOnRegression === undefined ? null : split(Array.isArray(opts.failOnRegression) ? opts.failOnRegression : []);
      const metrics = split(opts.metric);
      if (gated && metrics.length) {
        const missing = gated.filter((m) => !metrics.includes(m));
        if (missing.length) throw new UsageError(`--fail-on-regression ${missing.join(', ')}: not among the compared --metric ${metrics.join(', ')}`);
      }
      const result = await runCompare({
        dbPath: opts.db, before: opts.before, after: opts.after, change: opts.change, snapshot: opts.snapshot, vs: opts.vs,
        model: opts.model, provider: opts.provider, type: opts.type, metrics, minN: opts.minN, minSessions: opts.minSessions, windowDays: opts.windowDays, bootstrapResamples: opts.bootstrapResamples,
      });
      if (gated) {
        const unknown = gated.filter((m) => !result.metrics.includes(m));
        if (unknown.length) throw new UsageError(`--fail-on-regression: unknown metric ${unknown.join(', ')}; known: ${result.metrics.join(', ')}`);
      }
      const gate = gated ? regressionGate(result, gated) : null;
      if (opts.html) {
        const { writeCompareHtml } = await import('./report/write-compare-html.js');
        const regressions = gate ? gate.regressions.map((r) => `${r.metric} ${r.scope === 'session_type' ? `type ${r.segment}` : r.scope} ${r.difference > 0 ? '+' : ''}${r.difference.toPrecision(3)} (p ${r.p_holm.toPrecision(2)})`) : null;
        const page = await writeCompareHtml(result, { file: opts.html, dbPath: opts.db, version: packageVersion(), generatedAt: new Date(), regressions });
        for (const w of page.warnings) effects.log(`warning: ${w}`);
        effects.log(`compare page: ${opts.html} (${(page.bytes / 1024).toFixed(0)} KiB)`);
      }
      if (opts.json) effects.output(JSON.stringify(gate ? { ...result, regression_gate: gate } : result, null, 2) + '\n');
      else effects.output(renderCompare(result, gate) + '\n');
      if (gate) setExit(gate.exit_code);
    });

  program
    .command('changes')
    .description('list detected model-snapshot changes with their stable ids (for spanlens compare --change)')
    .addOption(dbOption())
    .option('--json', 'print the changes as a JSON array')
    .addHelpText(
      'after',
      `
An id is the first 8 hex digits of sha256(provider, request model, new snapshot, change day): it stays
the same across rebuilds and new data. Listed by change day, provider, request model, snapshot.

Examples:
  $ spanlens changes
  $ spanlens changes --json | jq -r '.[].id' | xargs -n1 spanlens compare --fail-on-regression --change`,
    )
    .action(async (opts: { db: string; json?: boolean }) => {
      const { listChanges } = await import('./compare/run-compare.js');
      const { renderChanges } = await import('./compare/render-changes.js');
      const changes = await listChanges(opts.db);
      effects.output((opts.json ? JSON.stringify(changes, null, 2) : renderChanges(changes)) + '\n');
    });
  // ── end compare / changes ──

  return program;
}

/** Returns effects whose stderr lines are JSON objects (one per line) for log collectors. */
function jsonLogEffects(effects: Effects): Effects {
  return {
    ...effects,
    color: false,
    log: (line) => {
      if (line.startsWith('{')) return effects.log(line);
      const level = /^(error|warning):/.exec(line)?.[1] ?? 'info';
      effects.log(JSON.stringify({ time: new Date().toISOString(), level: level === 'warning' ? 'warn' : level, message: line.replace(/^(error|warning): /, '') }));
    },
  };
}

function formatIngestSummary(s: import('./ingest/ingest-paths.js').IngestSummary): string {
  const lines = [
    `database        ${s.database}`,
    `files           ${s.files_seen} seen, ${s.files_ingested} ingested, ${s.files_skipped} skipped (already ingested), ${s.files_rejected} rejected`,
    `spans           ${s.spans_read.toLocaleString('en-US')} read, ${s.spans_in_database.toLocaleString('en-US')} in table spans, ${s.duplicate_spans.toLocaleString('en-US')} duplicates dropped`,
    `problems        ${s.errors} errors, ${s.warnings} warnings${s.errors ? ' (select * from ingest_errors)' : ''}`,
    `time            ${s.duration_ms} ms`,
  ];
  return lines.join('\n');
}

/** Runs the CLI with the given arguments and returns the exit code. */
export async function main(argv: string[], effects: Effects = processEffects()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(effects, (code) => (exitCode = code));
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return ExitCode.ok;
      return ExitCode.usage;
    }
    if (error instanceof SpanlensError) {
      effects.log(paint(effects, `spanlens: ${error.message}`, 'red'));
      return error.exitCode;
    }
    effects.log(paint(effects, `spanlens: internal error: ${(error as Error)?.message ?? String(error)}`, 'red'));
    if (debug) effects.log(String((error as Error)?.stack ?? ''));
    else effects.log(`run with --debug for the stack, and please report it at ${ISSUES_URL}`);
    return ExitCode.internal;
  }
}

const invokedDirectly = process.argv[1] && new URL(import.meta.url).pathname === (await import('node:fs')).realpathSync(process.argv[1]);
if (invokedDirectly) {
  // a reader that stops early (`spanlens sql … | head`) closes the pipe: stop quietly, as Unix tools do
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.ok);
    throw error;
  });
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
