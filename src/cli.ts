#!/usr/bin/env node
/**
 * The `spanlens` command line: parses arguments, calls the pipeline, maps errors to exit codes.
 * The only module that touches process.argv, process.exit and the real streams.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { processEffects, paint, type Effects } from './effects.js';
import { ExitCode, SpanlensError, UsageError } from './errors.js';
import { defaultDatabasePath } from './paths.js';

const ISSUES_URL = 'https://github.com/spanlens/spanlens/issues';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, got "${value}"`);
    return n;
  };
}

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

Exit codes: 0 ok, 2 usage error, 3 some input rejected (see table ingest_errors), 4 database locked or unwritable, 1 bug.`,
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

  return program;
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
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
