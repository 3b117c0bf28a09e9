import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { findExportFiles } from '../../../src/ingest/find-export-files.js';

const dir = mkdtempSync(path.join(tmpdir(), 'spanlens-find-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('findExportFiles', () => {
  it('walks directories in name order, follows links to files, skips hidden files, databases and links to directories', () => {
    const root = path.join(dir, 'exports');
    mkdirSync(path.join(root, 'b'), { recursive: true });
    writeFileSync(path.join(dir, 'elsewhere.jsonl'), '{}\n');
    writeFileSync(path.join(root, 'b', 'two.jsonl'), '{}\n');
    writeFileSync(path.join(root, 'a.pb'), 'x');
    writeFileSync(path.join(root, '.hidden.jsonl'), '{}\n');
    writeFileSync(path.join(root, 'spans.duckdb'), '');
    symlinkSync(path.join(dir, 'elsewhere.jsonl'), path.join(root, 'c-link.jsonl'));
    symlinkSync(path.join(root, 'b'), path.join(root, 'd-dir-link'));
    symlinkSync(path.join(dir, 'missing.jsonl'), path.join(root, 'e-dangling.jsonl'));
    const found = findExportFiles([root]).map((f) => path.relative(root, f.path));
    assert.deepEqual(found, ['a.pb', path.join('b', 'two.jsonl'), 'c-link.jsonl']);
  });
});
