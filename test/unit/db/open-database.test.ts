import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDatabase, STORAGE_VERSION_VARIABLE } from '../../../src/db/open-database.js';

const dirs: string[] = [];
afterEach(() => {
  delete process.env[STORAGE_VERSION_VARIABLE];
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spanlens-open-'));
  dirs.push(dir);
  return path.join(dir, 'spans.duckdb');
}

/** Returns the storage version DuckDB reports for a database file, and its string compressions. */
async function storageOf(file: string): Promise<{ version: string; compressions: string[] }> {
  const db = await openDatabase(file);
  const c = await db.connect();
  try {
    await c.run(`create table t as select 'model-' || (i % 7) as s from range(300000) as r(i)`);
    await c.run('checkpoint');
    const tags = (await c.runAndReadAll(`select tags from duckdb_databases() where path = $path`, { path: file })).getRowObjectsJS()[0]!.tags as { key: string; value: string }[];
    const compressions = (await c.runAndReadAll(`select distinct compression from pragma_storage_info('t') where segment_type = 'VARCHAR' order by 1`)).getRowsJS().map((r) => String(r[0]));
    return { version: tags.find((t) => t.key === 'storage_version')!.value, compressions };
  } finally {
    c.closeSync();
    db.close();
  }
}

describe('openDatabase', () => {
  it("creates database files in DuckDB's default storage format, which every DuckDB since 1.0 opens", async () => {
    const { version, compressions } = await storageOf(scratch());
    assert.equal(version, 'v1.0.0+');
    assert.ok(!compressions.includes('DICT_FSST'), compressions.join(', '));
  });

  it('creates files in the format SPANLENS_STORAGE_VERSION names (v1.5.0: its string compression)', async () => {
    process.env[STORAGE_VERSION_VARIABLE] = 'v1.5.0';
    const { version, compressions } = await storageOf(scratch());
    assert.equal(version, 'v1.5.0+');
    assert.deepEqual(compressions, ['DICT_FSST']);
  });

  it('leaves an existing file in the format it was created with', async () => {
    const file = scratch();
    const old = await DuckDBInstance.create(file); // DuckDB's default: v1.0's format
    old.closeSync();
    process.env[STORAGE_VERSION_VARIABLE] = 'v1.5.0';
    const { version } = await storageOf(file);
    assert.equal(version, 'v1.0.0+');
  });

  it('names the variable when DuckDB does not know the storage version it gives', async () => {
    process.env[STORAGE_VERSION_VARIABLE] = 'v9';
    await assert.rejects(openDatabase(scratch()), (error: Error) => {
      assert.equal((error as { exitCode?: number }).exitCode, 4);
      assert.match(error.message, /cannot open database .*: .*\(SPANLENS_STORAGE_VERSION=v9: DuckDB takes a version such as v1\.0\.0 or v1\.5\.0\)/);
      return true;
    });
  });
});
