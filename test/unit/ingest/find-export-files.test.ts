import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { findExportFiles } from '../../../src/ingest/find-export-files.js';

const dir = mkdtempSync(path.join(tmpdir(), 'spanlens-find-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('findExportFiles', () => {
  it('walks directories in name order, follows links to files, skips hidden files, databases, reports, Parquet and links to directories', () => {
    const root = path.join(dir, 'exports');
    mkdirSync(path.join(root, 'b'), { recursive: true });
    writeFileSync(path.join(dir, 'elsewhere.jsonl'), '{}\n');
    writeFileSync(path.join(root, 'b', 'two.jsonl'), '{}\n');
    writeFileSync(path.join(root, 'a.pb'), 'x');
    writeFileSync(path.join(root, '.hidden.jsonl'), '{}\n');
    writeFileSync(path.join(root, 'spans.duckdb'), '');
    writeFileSync(path.join(root, 'spans.duckdb.wal'), '');
    writeFileSync(path.join(root, 'spans.duckdb.run.lock'), '{"pid": 1}');
    // what `run` and `export` write beside a database kept here
    mkdirSync(path.join(root, 'reports', 'sessions'), { recursive: true });
    writeFileSync(path.join(root, 'reports', 'index.html'), '<!doctype html>');
    writeFileSync(path.join(root, 'reports', 'sessions', 'abc.html'), '<!doctype html>');
    mkdirSync(path.join(root, 'parquet', 'spans', 'day=2026-10-01'), { recursive: true });
    writeFileSync(path.join(root, 'parquet', 'spans', 'day=2026-10-01', 'data_0.parquet'), 'PAR1');
    symlinkSync(path.join(dir, 'elsewhere.jsonl'), path.join(root, 'c-link.jsonl'));
    symlinkSync(path.join(root, 'b'), path.join(root, 'd-dir-link'));
    symlinkSync(path.join(dir, 'missing.jsonl'), path.join(root, 'e-dangling.jsonl'));
    const found = findExportFiles([root]).map((f) => path.relative(root, f.path));
    assert.deepEqual(found, ['a.pb', path.join('b', 'two.jsonl'), 'c-link.jsonl']);
  });

  it('passes over the database, its log and its run lock in a glob too, but reads a file named on the command line', () => {
    const root = path.join(dir, 'globbed');
    mkdirSync(root, { recursive: true });
    for (const name of ['a.jsonl', 'db.duckdb', 'db.duckdb.wal', 'db.duckdb.run.lock']) writeFileSync(path.join(root, name), '{}\n');
    assert.deepEqual(findExportFiles([path.join(root, '*')]).map((f) => path.basename(f.path)), ['a.jsonl']);
    assert.deepEqual(findExportFiles([path.join(root, 'db.duckdb.run.lock')]).map((f) => path.basename(f.path)), ['db.duckdb.run.lock']);
  });
});
