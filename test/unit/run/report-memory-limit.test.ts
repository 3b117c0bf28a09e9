import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { reportMemoryLimit } from '../../../src/pipeline.js';

describe('the report step of a run', () => {
  it('reads with the incremental build’s memory limit, as a setting DuckDB accepts, and with the default otherwise', async () => {
    assert.equal(reportMemoryLimit({ mode: 'incremental', memory_limit: '305.1 MiB' }), '305.1MiB');
    assert.equal(reportMemoryLimit({ mode: 'full', memory_limit: '488.2 MiB' }), undefined);
    assert.equal(reportMemoryLimit(undefined), undefined); // no build step ran
    const db = await DuckDBInstance.create(':memory:', { memory_limit: reportMemoryLimit({ mode: 'incremental', memory_limit: '305.1 MiB' })! });
    const c = await db.connect();
    assert.equal((await c.runAndReadAll(`select current_setting('memory_limit')`)).getRows()[0]![0], '305.0 MiB');
    c.closeSync();
    db.closeSync();
  });
});
