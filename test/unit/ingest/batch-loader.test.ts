import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openDatabase } from '../../../src/db/open-database.js';
import { ensureRawTables } from '../../../src/db/run-query-file.js';
import { isEnvironmentFailure } from '../../../src/db/database-errors.js';
import { BatchLoader, type LoadedFile, type StagedFile } from '../../../src/ingest/batch-loader.js';
import { EnvironmentError } from '../../../src/errors.js';
import { encodeRows } from '../../../src/ingest/encode-csv-rows.js';
import { SPAN_COLUMNS, type CellValue } from '../../../src/ingest/to-span-row.js';

const root = mkdtempSync(path.join(tmpdir(), 'spanlens-batch-'));
after(() => rmSync(root, { recursive: true, force: true }));

const TYPES = SPAN_COLUMNS.map(([, type]) => type);

/** A raw_spans row with the required columns set. */
function row(fileId: number, n: number): CellValue[] {
  const values: Record<string, CellValue> = {
    file_id: fileId,
    source_line: n + 1,
    trace_id: fileId.toString(16).padStart(32, '0'),
    span_id: (n + 1).toString(16).padStart(16, '0'),
    name: `span ${n}`,
    kind: 'INTERNAL',
    start_time_unix_nano: 1_760_000_000_000_000_000n + BigInt(n),
    status_code: 'UNSET',
  };
  return SPAN_COLUMNS.map(([name]) => values[name] ?? null);
}

/** Stages a file of `spans` rows in `chunks` chunk files (or `corrupt` text the database cannot read). */
function stage(staging: string, fileId: number, spans: number, chunks: number, corrupt?: string): StagedFile {
  const dir = path.join(staging, `file-${fileId}`);
  mkdirSync(dir, { recursive: true });
  const per = Math.ceil(spans / Math.max(chunks, 1));
  for (let c = 0; c < chunks; c++) {
    const rows = Array.from({ length: Math.min(per, spans - c * per) }, (_, i) => row(fileId, c * per + i));
    writeFileSync(path.join(dir, `job${fileId}-${c}.csv`), corrupt ?? encodeRows(rows, TYPES));
  }
  return { path: `/exports/${fileId}.jsonl`, fileId, dir, spans, sizeBytes: 1, sha256: String(fileId), modifiedMs: 0, format: 'otlp-json-lines', compression: 'none', issues: [], decodeMs: 1 };
}

async function setUp(name: string, memoryLimit = '256MB') {
  const dir = path.join(root, name);
  mkdirSync(dir);
  const db = await openDatabase(path.join(dir, 'db.duckdb'), { memoryLimit });
  const c = await db.connect();
  await ensureRawTables(c);
  await c.run('create table recorded (file_id integer, what varchar)');
  c.closeSync();
  const staging = path.join(dir, 'staging');
  mkdirSync(staging);
  const loaded: LoadedFile[] = [];
  const batches: { files: number; spans: number }[] = [];
  const record = (what: string) => async (connection: DuckDBConnection, f: StagedFile) => {
    await connection.run('insert into recorded values ($id, $what)', { id: f.fileId, what });
  };
  const make = (batchSpans: number) =>
    new BatchLoader(db, staging, batchSpans, record('manifest'), record('rejected'), (l, b) => {
      loaded.push(...l);
      batches.push({ files: b.files, spans: b.spans });
    });
  const query = async (sql: string) => {
    const conn = await db.connect();
    const rows = (await conn.runAndReadAll(sql)).getRowsJS();
    conn.closeSync();
    return rows;
  };
  return { db, staging, loaded, batches, make, query };
}

describe('BatchLoader', () => {
  it('loads the staged files of a batch with one COPY in one transaction, manifest rows included, and removes the chunk files', async () => {
    const t = await setUp('one-batch');
    const loader = t.make(1_000_000);
    const files = [stage(t.staging, 1, 500, 3), stage(t.staging, 2, 7, 1), stage(t.staging, 3, 0, 0)];
    for (const f of files) await loader.add(f);
    assert.equal(t.batches.length, 0, 'nothing loads before the batch is full or the run ends');
    await loader.finish();
    assert.deepEqual(t.batches, [{ files: 3, spans: 507 }]);
    assert.deepEqual(t.loaded.map((l) => [l.file.fileId, l.status]), [[1, 'ingested'], [2, 'ingested'], [3, 'ingested']]);
    assert.deepEqual(await t.query('select file_id, count(*) from raw_spans group by all order by 1'), [[1, 500n], [2, 7n]]);
    assert.deepEqual(await t.query('select file_id, what from recorded order by 1'), [[1, 'manifest'], [2, 'manifest'], [3, 'manifest']]);
    for (const f of files) assert.equal(existsSync(f.dir), false);
    assert.deepEqual(readdirSync(t.staging), [], 'no batch folder is left');
    t.db.close();
  });

  it('starts a new batch each time the staged spans reach the batch size', async () => {
    const t = await setUp('batches');
    const loader = t.make(100);
    for (const [id, n] of [[1, 60], [2, 60], [3, 10], [4, 120], [5, 5]] as const) await loader.add(stage(t.staging, id, n, 2));
    await loader.finish();
    assert.deepEqual(t.batches, [{ files: 2, spans: 120 }, { files: 2, spans: 130 }, { files: 1, spans: 5 }]);
    assert.deepEqual(await t.query('select count(*), count(distinct file_id) from raw_spans'), [[255n, 5n]]);
    t.db.close();
  });

  it('when the batch COPY fails, loads file by file: only the file the database refuses is rejected, the others are kept', async () => {
    const t = await setUp('fallback');
    const loader = t.make(1_000_000);
    await loader.add(stage(t.staging, 1, 40, 2));
    await loader.add(stage(t.staging, 2, 1, 1, 'not\u001fenough\u001ffields\n'));
    await loader.add(stage(t.staging, 3, 25, 1));
    await loader.finish();
    assert.deepEqual(t.loaded.map((l) => [l.file.fileId, l.status]), [[1, 'ingested'], [2, 'rejected'], [3, 'ingested']]);
    const rejected = t.loaded.find((l) => l.status === 'rejected')!;
    assert.equal(rejected.issue!.kind, 'unreadable_file');
    assert.match(rejected.issue!.message, /^loading into the database failed: /);
    assert.deepEqual(await t.query('select file_id, count(*) from raw_spans group by all order by 1'), [[1, 40n], [3, 25n]]);
    // the failed batch left nothing behind: each manifest row once, the refused file recorded as such
    assert.deepEqual(await t.query('select file_id, what from recorded order by 1'), [[1, 'manifest'], [2, 'rejected'], [3, 'manifest']]);
    t.db.close();
  });

  it('stops with an environment error, rejecting no file, when the database runs out of memory loading a batch', async () => {
    const t = await setUp('out-of-memory', '1MB');
    const loader = t.make(1_000_000);
    await loader.add(stage(t.staging, 1, 3000, 2));
    await loader.add(stage(t.staging, 2, 3000, 2));
    await assert.rejects(loader.finish(), (error: unknown) => error instanceof EnvironmentError && /Out of Memory/.test(error.message));
    assert.deepEqual(t.loaded, [], 'no file is reported loaded or rejected');
    assert.deepEqual(await t.query('select count(*) from recorded'), [[0n]]);
    assert.deepEqual(await t.query('select count(*) from raw_spans'), [[0n]]);
    t.db.close();
  });

  it('tells the machine\'s failures (memory, disk) from the input\'s', () => {
    assert.equal(isEnvironmentFailure(new Error('Out of Memory Error: failed to allocate data of size 32.0 MiB (1.0 MiB/1.0 MiB used)')), true);
    assert.equal(isEnvironmentFailure(new Error('IO Error: No space left on device')), true);
    assert.equal(isEnvironmentFailure(new Error('Invalid Input Error: CSV Error on Line: 1 Expected Number of Columns: 65 Found: 3')), false);
  });
});
