/**
 * Typed errors and the exit codes they map to. Only `src/cli.ts` turns these into process exits.
 */

/** Exit codes, documented in the README; cron jobs and alerting key off them. */
export const ExitCode = {
  ok: 0,
  internal: 1, // a bug: unexpected error
  usage: 2, // bad flags or configuration
  partial: 3, // finished, but some input was rejected (recorded in ingest_errors)
  environment: 4, // database locked, permissions, disk
  regression: 5, // `compare --fail-on-regression`: a gated metric got significantly worse
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the user can act on; its message is printed without a stack. */
export class SpanlensError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(message: string, exitCode: ExitCodeValue) {
    super(message);
    this.name = 'SpanlensError';
    this.exitCode = exitCode;
  }
}

/** A usage or configuration problem (exit 2). */
export class UsageError extends SpanlensError {
  constructor(message: string) {
    super(message, ExitCode.usage);
    this.name = 'UsageError';
  }
}

/** A problem with the environment: locked database, permissions, disk (exit 4). */
export class EnvironmentError extends SpanlensError {
  constructor(message: string) {
    super(message, ExitCode.environment);
    this.name = 'EnvironmentError';
  }
}

/** Where in an input file something went wrong: a 1-based line, or a byte offset. */
export type InputPosition = { line: number } | { byte: number } | null;

/** Returns the position as it is printed, e.g. "line 12" or "byte 4096". */
export function formatPosition(position: InputPosition): string {
  if (position === null) return '';
  return 'line' in position ? `line ${position.line}` : `byte ${position.byte}`;
}
