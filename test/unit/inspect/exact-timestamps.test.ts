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

  it('formats negative units with a positive fraction', () => {
    assert.equal(isoWithFraction(-1n, 1_000_000n, 6), '1969-12-31T23:59:59.999999999Z');
    assert.equal(isoWithFraction(1_790_900_753_574_616_001n, 1_000_000n, 6), '2026-10-02T00:25:53.574616001Z');
  });
});
