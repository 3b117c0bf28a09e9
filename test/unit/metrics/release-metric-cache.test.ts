import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { releaseMetricCache, type MetricCache } from '../../../src/metrics/compute-metric-tables.js';
import type { TurnColumns } from '../../../src/metrics/turn-columns.js';

const MIB = 1024 * 1024;

// A full collection hands dead array buffers to a background thread that frees them a few ms
// later; on a loaded machine that thread had not run yet when the test read the memory (1 run in
// 30 with both cores busy, and once in CI). Sweeping them on the collecting thread makes the
// reading follow the collection, which is what this test is about; the reading also allows the
// memory up to 1 s to be counted as gone (a margin for whatever else a loaded machine delays), far
// shorter than the seconds an idle process runs before V8 collects on its own (without the
// collection the test still fails).
setFlagsFromString('--no-concurrent-array-buffer-sweeping');

/** The array buffers' bytes once they have dropped below `below`, or after `waitMs` if they do not. */
async function arrayBuffersOnceBelow(below: number, waitMs: number): Promise<number> {
  const until = Date.now() + waitMs;
  let bytes = process.memoryUsage().arrayBuffers;
  while (bytes >= below && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    bytes = process.memoryUsage().arrayBuffers;
  }
  return bytes;
}

/**
 * A cache holding 96 MiB of shared memory, touched, as the turn columns are, and a worker that holds
 * it too (as the model_change_impacts worker does) and runs until stopped. Nothing else keeps the
 * memory: the test's own scope has no reference to it.
 */
async function cacheWithWorker(): Promise<{ cache: MetricCache; worker: Worker }> {
  const shared = new Float64Array(new SharedArrayBuffer(96 * MIB));
  shared.fill(1);
  const worker = new Worker('const { workerData } = require("node:worker_threads"); globalThis.held = workerData; setInterval(() => {}, 1000);', {
    eval: true,
    workerData: shared,
  });
  await new Promise((resolve) => worker.once('online', resolve));
  const cache: MetricCache = {
    turns: { length: shared.length, cost_usd: shared } as unknown as TurnColumns,
    changes: [],
    impacts: { rows: Promise.resolve([]), stop: () => worker.terminate().then(() => undefined) },
  };
  return { cache, worker };
}

describe('releaseMetricCache', () => {
  it('gives the turn columns’ shared memory back at once, after the worker holding them has exited', async () => {
    const { cache, worker } = await cacheWithWorker();
    let exited = false;
    worker.once('exit', () => (exited = true));
    const before = process.memoryUsage().arrayBuffers;
    assert.ok(before >= 96 * MIB, `${before} bytes of array buffers held`);
    await releaseMetricCache(cache);
    assert.deepEqual(Object.keys(cache), []);
    assert.ok(exited, 'the worker has exited');
    // nothing else collected it: without the collection the memory stays until V8's next full one
    const after = await arrayBuffersOnceBelow(before - 90 * MIB, 1000);
    assert.ok(before - after >= 90 * MIB, `array buffers went from ${(before / MIB).toFixed(1)} to ${(after / MIB).toFixed(1)} MiB`);
  });
});
