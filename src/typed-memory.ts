import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Zeroed memory for typed arrays. Shared memory (a SharedArrayBuffer) is read by a worker thread
 * without the copy that posting an ordinary typed array makes: the turn columns of a 10M-span
 * history are ~0.36 GB, and the model_change_impacts worker reads them all.
 */
export const bytes = (n: number, shared: boolean): ArrayBuffer | SharedArrayBuffer => (shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n));

/**
 * Runs a full garbage collection now, so the typed arrays nothing references any more give their
 * memory back before what comes next. V8 frees an array's memory only when a full collection finds
 * it unreferenced, and it starts one on its own heap's growth, not on DuckDB's: after a 10M-span
 * night's metric steps the turn columns (~0.26 GB) stayed resident through the checks and the
 * report, whose queries then took the run to 1,026 MiB. The collection took 9 ms there.
 * (`gc` is V8's own function, exposed on request; the flag affects only this call's lookup.)
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
