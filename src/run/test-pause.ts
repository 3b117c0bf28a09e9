/**
 * Test-only hook for the crash tests: with SPANLENS_TEST_PAUSE_AT=<point>, the process prints
 * "spanlens: paused at <point>" on stderr when it reaches that point and then waits forever, so a
 * test can SIGKILL it there deterministically. Points: ingest-file (a batch's rows appended, its
 * transaction not committed), after-ingest, build (inside the build transaction), after-build,
 * report-write (the new session pages written, the overview that links to them not yet).
 * Unset (always, outside tests), it does nothing.
 */

/** Returns at once unless SPANLENS_TEST_PAUSE_AT names this point; then never returns. */
export async function testPause(point: string): Promise<void> {
  if (process.env.SPANLENS_TEST_PAUSE_AT !== point) return;
  process.stderr.write(`spanlens: paused at ${point}\n`);
  await new Promise<never>(() => setInterval(() => {}, 1 << 30));
}
