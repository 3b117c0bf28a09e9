import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryMemoryBytes, settingBytes } from '../../../src/build/build-tables.js';
import { isOutOfMemory } from '../../../src/db/database-errors.js';

describe('build memory retry', () => {
  it('reads DuckDB memory settings as bytes', () => {
    assert.equal(settingBytes('488.2 MiB'), 488.2 * 1024 ** 2);
    assert.equal(settingBytes('2.0 GiB'), 2 * 1024 ** 3);
    assert.equal(settingBytes('16GB'), 16e9);
    assert.equal(settingBytes('512 bytes'), 512);
    assert.equal(settingBytes('lots'), null);
  });

  it('retries with half the machine, at least 2 GiB, and only on out-of-memory errors', () => {
    assert.equal(retryMemoryBytes(24 * 1024 ** 3), 12 * 1024 ** 3);
    assert.equal(retryMemoryBytes(2 * 1024 ** 3), 2 * 1024 ** 3);
    assert.ok(isOutOfMemory(new Error('Out of Memory Error: failed to allocate data of size 16.0 MiB (473.8 MiB/488.2 MiB used)')));
    assert.ok(!isOutOfMemory(new Error('Binder Error: column not found')));
  });
});
