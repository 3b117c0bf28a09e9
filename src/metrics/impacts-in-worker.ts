/**
 * Runs changeImpacts in a worker thread (src/metrics/impacts-worker.ts): the returned promise
 * settles with its rows, or rejects with the worker's error; `stop` ends the worker (early, when a
 * build fails before it needs the rows) and settles once it has exited.
 */
import { Worker } from 'node:worker_threads';
import type { ImpactRow } from './change-impacts.js';
import type { ImpactsJob } from './impacts-worker.js';

export interface RunningImpacts {
  rows: Promise<ImpactRow[]>;
  stop: () => Promise<void>;
}

export function impactsInWorker(job: ImpactsJob): RunningImpacts {
  const worker = new Worker(new URL('./impacts-worker.js', import.meta.url), { workerData: job });
  const rows = new Promise<ImpactRow[]>((resolve, reject) => {
    worker.once('message', (r: ImpactRow[]) => resolve(r));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`internal: the model_change_impacts worker exited (code ${code}) without its rows`)));
  });
  rows.catch(() => undefined); // observed where the rows are awaited; never an unhandled rejection meanwhile
  return { rows, stop: () => worker.terminate().then(() => undefined) };
}
