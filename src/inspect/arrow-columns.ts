/**
 * Pure: a DuckDB result → an Arrow table, column by column, without losing what JSON would lose.
 * Each DuckDB type maps to one Arrow type and to the SQL that hands its values over exactly:
 *
 *   BIGINT / UBIGINT / UINTEGER       Int64 / Uint64 (from bigint)
 *   TINYINT … INTEGER                 Int32
 *   FLOAT, DOUBLE, DECIMAL, HUGEINT   Float64
 *   BOOLEAN                           Bool
 *   TIMESTAMP_NS                      Timestamp[ns]   (epoch_ns: nanoseconds kept)
 *   TIMESTAMP (_S, _MS), TIMESTAMPTZ  Timestamp[µs]   (TIMESTAMPTZ with zone UTC)
 *   DATE                              Date[day]
 *   LIST of text / of numbers         List<Utf8> / List<Float64>
 *   VARCHAR, JSON, ENUM, UUID, …      Utf8
 *   STRUCT, MAP, other LISTs, …       Utf8 holding the value as JSON
 */
import {
  Bool,
  DateDay,
  Field,
  Float64,
  Int32,
  Int64,
  List,
  makeData,
  makeVector,
  Table,
  TimestampMicrosecond,
  TimestampNanosecond,
  Uint64,
  Utf8,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { DuckDBListType, DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';
import { quoteIdentifier } from '../db/run-query-file.js';

type Build = 'int64' | 'uint64' | 'int32' | 'date' | 'builder';

export interface ArrowColumnPlan {
  /** The SQL expression selecting the column's values in the form the Arrow type is built from. */
  select: string;
  type: DataType;
  build: Build;
}

const INT32 = new Set([DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT]);
const FLOAT = new Set([DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT]);
const TEXT = new Set([DuckDBTypeId.VARCHAR, DuckDBTypeId.ENUM, DuckDBTypeId.UUID]);
const MICROS = new Set([DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS]);

/** Returns how one column of a DuckDB result becomes an Arrow column. */
export function planArrowColumn(name: string, type: DuckDBType): ArrowColumnPlan {
  const c = quoteIdentifier(name);
  const id = type.typeId;
  if (id === DuckDBTypeId.BIGINT) return { select: c, type: new Int64(), build: 'int64' };
  if (id === DuckDBTypeId.UINTEGER) return { select: `${c}::bigint`, type: new Int64(), build: 'int64' };
  if (id === DuckDBTypeId.UBIGINT) return { select: c, type: new Uint64(), build: 'uint64' };
  if (INT32.has(id)) return { select: `${c}::integer`, type: new Int32(), build: 'builder' };
  if (FLOAT.has(id)) return { select: `${c}::double`, type: new Float64(), build: 'builder' };
  if (id === DuckDBTypeId.BOOLEAN) return { select: c, type: new Bool(), build: 'builder' };
  if (id === DuckDBTypeId.TIMESTAMP_NS) return { select: `epoch_ns(${c})`, type: new TimestampNanosecond(), build: 'int64' };
  if (MICROS.has(id)) return { select: `epoch_us(${c})`, type: new TimestampMicrosecond(), build: 'int64' };
  if (id === DuckDBTypeId.TIMESTAMP_TZ) return { select: `epoch_us(${c})`, type: new TimestampMicrosecond('UTC'), build: 'int64' };
  if (id === DuckDBTypeId.DATE) return { select: `(${c} - date '1970-01-01')::integer`, type: new DateDay(), build: 'date' };
  if (TEXT.has(id)) return { select: `${c}::varchar`, type: new Utf8(), build: 'builder' };
  if (type instanceof DuckDBListType) {
    const child = type.valueType.typeId;
    if (TEXT.has(child)) return { select: `list_transform(${c}, x -> x::varchar)`, type: new List(new Field('item', new Utf8(), true)), build: 'builder' };
    if (INT32.has(child) || FLOAT.has(child) || child === DuckDBTypeId.BIGINT || child === DuckDBTypeId.UBIGINT || child === DuckDBTypeId.UINTEGER) {
      return { select: `list_transform(${c}, x -> x::double)`, type: new List(new Field('item', new Float64(), true)), build: 'builder' };
    }
  }
  return { select: `to_json(${c})::varchar`, type: new Utf8(), build: 'builder' };
}

/** Returns a fixed-width vector built straight from the values (bigints kept exact), nulls in its validity bitmap. */
function fixedWidth(type: DataType, values: readonly unknown[], data: BigInt64Array | BigUint64Array | Int32Array): Vector {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      nulls++;
      continue;
    }
    (data as unknown as (number | bigint)[])[i] = data instanceof Int32Array ? Number(v) : BigInt(v as bigint);
    bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return makeVector(makeData({ type, length: values.length, nullCount: nulls, data, ...(nulls > 0 ? { nullBitmap: bitmap } : {}) } as Parameters<typeof makeData>[0]));
}

/** Returns the Arrow table of columns read with the plans' SELECT expressions (getColumnsJS order). */
export function arrowTable(names: readonly string[], plans: readonly ArrowColumnPlan[], columns: readonly (readonly unknown[])[]): Table {
  const vectors: Record<string, Vector> = {};
  names.forEach((name, i) => {
    const plan = plans[i]!;
    const values = columns[i]!;
    if (plan.build === 'int64') vectors[name] = fixedWidth(plan.type, values, new BigInt64Array(values.length));
    else if (plan.build === 'uint64') vectors[name] = fixedWidth(plan.type, values, new BigUint64Array(values.length));
    else if (plan.build === 'date') vectors[name] = fixedWidth(plan.type, values, new Int32Array(values.length));
    else vectors[name] = vectorFromArray(values as unknown[], plan.type);
  });
  return new Table(vectors);
}
