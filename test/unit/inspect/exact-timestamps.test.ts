import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { exactTimestampConverter, isoWithFraction } from '../../../src/inspect/exact-timestamps.js';

describe('exact timestamps', () => {
  it('keeps every digit DuckDB stores, in lists and structs too, before 1970 and at infinity', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`select
      '2026-10-02 00:25:53.574616123'::timestamp_ns as ns,
      '2026-10-02 00:25:53.574616'::timestamp as us,
      '2026-10-02 00:25:53.574616+00'::timestamptz as tz,
      ['1969-12-31 23:59:59.999999999'::timestamp_ns] as list,
      {'at': '2026-01-01 00:00:00.000000001'::timestamp_ns} as struct,
      'infinity'::timestamp_ns as inf, '-infinity'::timestamp as ninf,
      42::bigint as n, 'text' as s`);
    const [row] = reader.convertRowObjects(exactTimestampConverter);
    connection.closeSync();
    assert.deepEqual(row, {
      ns: '2026-10-02T00:25:53.574616123Z',
      us: '2026-10-02T00:25:53.574616Z',
      tz: '2026-10-02T00:25:53.574616Z',
      list: ['1969-12-31T23:59:59.999999999Z'],
      struct: { at: '2026-01-01T00:00:00.000000001Z' },
      inf: 'infinity',
      ninf: '-infinity',
      n: 42n,
      s: 'text',
    });
  });

  it('prints dates, times, intervals and timestamps beyond a JS Date as DuckDB writes them', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`select
      date '2026-01-02' as day, [date '2026-01-03'] as days, 'infinity'::date as dinf, time '12:00:00.123456' as t,
      '12:00:00+02'::timetz as tz, interval 3 day as i, timestamp '290000-01-01 00:00:01' as far,
      '-infinity'::timestamptz as ninf, null::timestamp_ns as missing,
      'infinity'::timestamp_s as sinf, '-infinity'::timestamp_s as nsinf, 'infinity'::timestamp_ms as msinf, '-infinity'::timestamp_ms as nmsinf`);
    const [row] = reader.convertRowObjects(exactTimestampConverter);
    connection.closeSync();
    assert.deepEqual(row, {
      day: '2026-01-02',
      days: ['2026-01-03'],
      dinf: 'infinity',
      t: '12:00:00.123456',
      tz: '12:00:00+02',
      i: '3 days',
      far: '290000-01-01 00:00:01',
      ninf: '-infinity',
      missing: null,
      sinf: 'infinity',
      nsinf: '-infinity',
      msinf: 'infinity',
      nmsinf: '-infinity',
    });
  });

  it('formats negative units with a positive fraction', () => {
    assert.equal(isoWithFraction(-1n, 1_000_000n, 6), '1969-12-31T23:59:59.999999999Z');
    assert.equal(isoWithFraction(1_790_900_753_574_616_001n, 1_000_000n, 6), '2026-10-02T00:25:53.574616001Z');
    assert.equal(isoWithFraction(8_640_000_000_000_001_000n, 1_000n, 3), null, 'beyond a JS Date');
  });
});
