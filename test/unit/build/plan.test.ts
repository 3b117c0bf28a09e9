import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { BUILD_MEMORY_FILE, BUILD_PLAN, BUILD_STATE_FILE, CHECK_FILES, INCREMENTAL_FILES, MARK_CURRENT_FILE, PRICE_FILE, RAW_FILES } from '../../../src/build/plan.js';
import { queriesDirectory } from '../../../src/paths.js';

// folders of queries run by commands with bound parameters, not by the build
const NOT_BUILT = new Set(['examples', 'compare', 'reports']);

function sqlFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (NOT_BUILT.has(e.name) ? [] : sqlFiles(path.join(dir, e.name), `${prefix}${e.name}/`)) : e.name.endsWith('.sql') ? [`${prefix}${e.name}`] : [],
  );
}

describe('build plan', () => {
  it('names every .sql file under queries/ exactly once', () => {
    const planned = [...RAW_FILES, BUILD_MEMORY_FILE, BUILD_STATE_FILE, PRICE_FILE, MARK_CURRENT_FILE, ...BUILD_PLAN.map((s) => s.file), ...CHECK_FILES, ...INCREMENTAL_FILES];
    assert.equal(new Set(planned).size, planned.length, 'no file planned twice');
    assert.deepEqual([...planned].sort(), sqlFiles(queriesDirectory()).sort());
  });

  it('orders layers as the data flows', () => {
    const layers = BUILD_PLAN.map((s) => s.file.split('/')[0]!);
    assert.deepEqual(layers, [...layers].sort());
  });
});
