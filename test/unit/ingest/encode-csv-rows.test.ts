import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { COPY_OPTIONS, encodeRows } from '../../../src/ingest/encode-csv-rows.js';
import { SPAN_COLUMNS, type CellValue } from '../../../src/ingest/to-span-row.js';
import { quoteLiteral } from '../../../src/inspect/quote-literal.js';

const dir = mkdtempSync(path.join(tmpdir(), 'spanlens-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('encodeRows → COPY round trip', () => {
  it('DuckDB reads back every text value exactly: empty vs null, separators, quotes, newlines, NUL, non-ASCII', async () => {
    const texts = ['', 'plain', 'a\u001fb', 'a\u001eb\u001e', '\u001e', 'line1\nline2\r\n', 'say "hi", ok', 'tab\there', 'nul\u0000byte', 'héllo ☃ 𝄞', '\\N', 'NULL'];
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run('create table t (id integer, s varchar, j json, n bigint, d double, b boolean)');
    const rows: CellValue[][] = texts.map((s, i) => [i, s, JSON.stringify({ s }), BigInt(i) * 10n ** 15n, i / 3, i % 2 === 0]);
    rows.push([texts.length, null, null, null, null, null]);
    const file = path.join(dir, 'rows.csv');
    writeFileSync(file, encodeRows(rows, ['int', 'text', 'json', 'bigint', 'double', 'bool']));
    await c.run(`copy t from ${quoteLiteral(file)} (${COPY_OPTIONS})`);
    const back = (await c.runAndReadAll('select s, j::varchar, n, d, b from t order by id')).getRows();
    assert.equal(back.length, rows.length);
    texts.forEach((s, i) => {
      assert.deepEqual(back[i], [s, JSON.stringify({ s }), BigInt(i) * 10n ** 15n, i / 3, i % 2 === 0], `row ${i}: ${JSON.stringify(s)}`);
    });
    assert.deepEqual(back[texts.length], [null, null, null, null, null]);
    c.closeSync();
    db.closeSync();
  });

  it('declares one type per raw_spans column, in the DDL order (all but is_current, which ingest maintains)', () => {
    const ddl = readFileSync(path.resolve(import.meta.dirname, '..', '..', '..', '..', 'queries', '1-raw', 'raw_spans.sql'), 'utf8');
    const columns = [...ddl.matchAll(/^\s{4}([a-z_]+)\s+(varchar|json|integer|bigint|double|boolean)\b/gm)].map((m) => [m[1], m[2]]);
    const family = { varchar: 'text', json: 'json', integer: 'int', bigint: 'bigint', double: 'double', boolean: 'bool' } as const;
    assert.deepEqual(
      SPAN_COLUMNS.map(([name, type]) => [name, type]),
      columns.slice(0, -1).map(([name, sqlType]) => [name, family[sqlType as keyof typeof family]]),
    );
    assert.deepEqual(columns.at(-1), ['is_current', 'boolean']);
  });
});
