import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { removeStaleTemps, writeFileAtomic } from '../../../src/report/write-file-atomic.js';

describe('writeFileAtomic', () => {
  it('writes through a temp file and leaves only the target; stale temps of killed writers are removed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'spanlens-atomic-'));
    const file = path.join(dir, 'sub', 'index.html');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two');
    assert.equal(readFileSync(file, 'utf8'), 'two');
    assert.deepEqual(readdirSync(path.dirname(file)), ['index.html']);
    writeFileSync(path.join(dir, 'sub', '.index.html.4242.tmp'), 'half');
    writeFileSync(path.join(dir, 'sub', 'keep.tmp'), 'not ours');
    assert.equal(removeStaleTemps(path.join(dir, 'sub')), 1);
    assert.deepEqual(readdirSync(path.join(dir, 'sub')).sort(), ['index.html', 'keep.tmp']);
    assert.equal(removeStaleTemps(path.join(dir, 'missing')), 0);
  });
});
