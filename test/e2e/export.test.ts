import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_OPTIONS, generate } from '../fixtures/generate.js';
import { ExportFileWriter, initZstd } from '../fixtures/write-export.js';
import { query, runCli, tempDir } from '../helpers/run-cli.js';

describe('spanlens export --format parquet, and sql --parquet', () => {
  it('writes the four tables partitioned by day, atomically, and sql over the folder answers like the database', async () => {
    await initZstd();
    const dir = tempDir();
    mkdirSync(path.join(dir, 'in'));
    const w = new ExportFileWriter(path.join(dir, 'in', 'a.jsonl'), 'json-lines', 'none');
    generate({ ...DEFAULT_OPTIONS, family: 'mixed', sessions: 8, seed: 2, batchSize: 50 }, (b) => w.write(b));
    w.close();
    const db = path.join(dir, 'db.duckdb');
    assert.equal(runCli(['run', path.join(dir, 'in'), '--db', db]).code, 0);
    const out = path.join(dir, 'parquet');
    for (let i = 0; i < 2; i++) {
      // the second export replaces the first whole
      const r = runCli(['export', '--format', 'parquet', '--out', out, '--db', db, '--json']);
      assert.equal(r.code, 0, r.stderr);
    }
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('parquet')), ['parquet'], 'no temp or old folder left');
    assert.deepEqual(readdirSync(out).sort(), ['sessions', 'spans', 'turns', 'users']);
    assert.ok(readdirSync(path.join(out, 'spans')).every((d) => /^day=\d{4}-\d{2}-\d{2}$/.test(d)));
    const q = `select (select count(*) from spans) as spans, (select sum(input_tokens) from turns) as input,
                      (select count(*) from sessions) as sessions, (select count(*) from users) as users`;
    const fromDb = await query(db, q);
    const r = runCli(['sql', '--parquet', out, q, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).map((x: Record<string, unknown>) => Object.values(x).map(Number)), fromDb.map((x) => Object.values(x).map(Number)));
    const days = runCli(['sql', '--parquet', out, `select count(*) as n from spans where day <> strftime(started_at, '%Y-%m-%d')`, '--format', 'csv']);
    assert.equal(days.stdout.trim().split('\n')[1], '0', 'every span sits in its own day');
  });
});
