import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance, VARCHAR } from '@duckdb/node-api';
import { readCodedColumns, readTypedColumnCodes } from '../../../src/db/read-coded-columns.js';

async function withTable<T>(use: (c: Awaited<ReturnType<DuckDBInstance['connect']>>) => Promise<T>): Promise<T> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    await c.run(`create table t as
      select i, ['b', 'a', null, '', 'it''s', 'héllo ☃', 'a'][1 + i % 7] as kind,
             case when i % 3 = 0 then null else 'model-' || (i % 4) end as model,
             cast(null as varchar) as empty, 'id-' || i as id, i * 0.5 as x
      from range(200) as r(i)`);
    return await use(c);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

describe('readCodedColumns', () => {
  it('returns exactly what the plain query returns, in the given order: nulls, empty strings, quotes, non-ASCII, an all-null column', async () => {
    await withTable(async (c) => {
      const select = 'select kind, model, empty, id, x from t where i >= $from';
      const plain = (await c.runAndReadAll(`${select} order by id desc`, { from: 5 })).getColumnsObjectJS();
      const coded = await readCodedColumns(c, { select, orderBy: 'id desc', params: { from: 5 }, coded: ['kind', 'model', 'empty'] });
      assert.deepEqual(coded, plain);
      assert.equal(coded.kind!.length, 195);
    });
  });

  it('binds the caller’s typed parameters in both of its queries (a null filter needs a declared type)', async () => {
    await withTable(async (c) => {
      const select = 'select kind, id from t where ($kind is null or kind = $kind)';
      const all = await readCodedColumns(c, { select, orderBy: 'id', params: { kind: null }, types: { kind: VARCHAR }, coded: ['kind'] });
      assert.equal(all.id!.length, 200);
      const some = await readCodedColumns(c, { select, orderBy: 'id', params: { kind: "it's" }, types: { kind: VARCHAR }, coded: ['kind'] });
      assert.ok(some.kind!.length > 0 && some.kind!.every((k) => k === "it's"));
    });
  });

  it('orders by a coded column by its text, not by its code', async () => {
    await withTable(async (c) => {
      const coded = await readCodedColumns(c, { select: 'select kind, i from t where kind is not null', orderBy: 'kind, i', coded: ['kind'] });
      const kinds = coded.kind as string[];
      assert.deepEqual(kinds, [...kinds].sort());
    });
  });
});

describe('readTypedColumnCodes', () => {
  it('copies DOUBLE, INTEGER and BOOLEAN columns from vector memory, nulls included, over chunks that do not end on a byte of the validity mask', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      // 4,999 rows: two full 2,048-row chunks and one of 903
      const select = `select cast(i as integer) as i, case when i % 3 = 0 then null else i / 8.0 end::double as d,
        case when i % 5 = 1 then null else cast(i * 7 as integer) end as n, case when i % 7 = 2 then null else i % 2 = 0 end as b
        from range(4999) as r(i)`;
      const plain = (await c.runAndReadAll(`${select} order by i`)).getColumnsObjectJS();
      const typed = await readTypedColumnCodes(c, { select, orderBy: 'i', coded: [] }, { i: 'integer', d: 'number', n: 'integer', b: 'flag' });
      assert.equal(typed.length, 4999);
      assert.deepEqual([...(typed.columns.d as Float64Array)].map((v) => (Number.isNaN(v) ? null : v)), plain.d);
      assert.deepEqual([...(typed.columns.n as Int32Array)].map((v) => (v === -1 ? null : v)), plain.n);
      assert.deepEqual([...(typed.columns.b as Uint8Array)], (plain.b as (boolean | null)[]).map((v) => (v ? 1 : 0)));
      assert.deepEqual([...(typed.columns.i as Int32Array)], plain.i);
    } finally {
      c.closeSync();
      db.closeSync();
    }
  });

  it('reads every chunk into typed arrays: numbers (null → NaN), codes (null → −1), flags, text', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      // 5,000 rows: more than two of DuckDB's 2,048-row chunks
      const select = `select i, case when i % 5 = 0 then null else i * 0.25 end as x, i % 3 = 0 as flag,
        case when i % 7 = 0 then null else 'k' || (i % 4) end as kind, case when i % 11 = 0 then null else 'id-' || i end as id from range(5000) as r(i)`;
      const plain = (await c.runAndReadAll(`${select} order by i`)).getColumnsObjectJS();
      const typed = await readTypedColumnCodes(c, { select, orderBy: 'i', coded: ['kind'] }, { i: 'integer', x: 'number', flag: 'flag', kind: 'integer', id: 'text' });
      assert.equal(typed.length, 5000);
      assert.ok(typed.columns.x instanceof Float64Array && typed.columns.flag instanceof Uint8Array && typed.columns.kind instanceof Int32Array);
      const dictionary = typed.dictionaries.kind!;
      const kinds = [...(typed.columns.kind as Int32Array)].map((code) => (code === -1 ? null : dictionary[code]));
      assert.deepEqual(kinds, plain.kind);
      assert.deepEqual([...(typed.columns.x as Float64Array)].map((v) => (Number.isNaN(v) ? null : v)), plain.x);
      assert.deepEqual([...(typed.columns.flag as Uint8Array)].map(Boolean), plain.flag);
      assert.deepEqual([...(typed.columns.i as Int32Array)], (plain.i as bigint[]).map(Number));
      assert.deepEqual(typed.columns.id, plain.id);
    } finally {
      c.closeSync();
      db.closeSync();
    }
  });
});
