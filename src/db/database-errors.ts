/**
 * Pure: which DuckDB errors are the machine's (memory, disk), not the input's or a bug. Ingest turns
 * them into exit 4 instead of rejecting files; the build retries with more memory on the first.
 */

const message = (error: unknown) => String((error as Error)?.message ?? error);

/** Returns whether an error is DuckDB running out of its memory limit (an operator that could not spill). */
export const isOutOfMemory = (error: unknown) => /Out of Memory Error/.test(message(error));

/** Returns whether a database error is the machine's: out of memory, or out of disk or unable to write temporary files. */
export function isEnvironmentFailure(error: unknown): boolean {
  return isOutOfMemory(error) || /No space left on device|Disk full|could not write|Could not (write|create|open) .*(temp|tmp)/i.test(message(error));
}
