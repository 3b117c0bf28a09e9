/**
 * Zeroed memory for typed arrays. Shared memory (a SharedArrayBuffer) is read by a worker thread
 * without the copy that posting an ordinary typed array makes: the turn columns of a 10M-span
 * history are ~0.36 GB, and the model_change_impacts worker reads them all.
 */
export const bytes = (n: number, shared: boolean): ArrayBuffer | SharedArrayBuffer => (shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n));
