/**
 * I/O: a query's result as columns (what DuckDB's getColumnsObjectJS returns), except that the text
 * columns named as repetitive travel as integer codes into a dictionary read once. Turning a DuckDB
 * string into a JS string costs far more than an integer does, and a value repeated on 200k rows
 * then exists once in memory instead of 200k times.
 *
 *   1. select list(distinct c) for each coded column   → the dictionaries (JS string arrays)
 *   2. the query, each coded column joined to its dictionary (bound back as a list parameter)
 *      on value → code                                  → integer columns, decoded by array lookup
 *
 * The dictionaries go back to DuckDB as bound parameters: span text is never spliced into SQL.
 */
import { DuckDBTypeId, LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBDataChunk, type DuckDBType, type DuckDBValue, type DuckDBVector } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { bytes } from '../typed-memory.js';
import { quoteIdentifier } from './run-query-file.js';

/** Query result columns by name, as DuckDB's getColumnsObjectJS returns them. */
export type ResultColumns = Record<string, unknown[]>;

export interface CodedQuery {
  /** Any select; its rows are returned in `orderBy` order. */
  select: string;
  /** The ORDER BY list applied to the select's columns, e.g. "session_id, turn_index". */
  orderBy: string;
  params?: Record<string, DuckDBValue>;
  /** Declared parameter types (a null needs one to bind). */
  types?: Record<string, DuckDBType>;
  /** Text columns of the select whose values repeat across rows. */
  coded: readonly string[];
  /** Columns of the select that only order the rows: left out of the result. */
  omit?: readonly string[];
  /**
   * Expressions added to the result, over the select's columns as `q.<column>` (e.g. a window):
   * computed with the result, not when the dictionaries are read.
   */
  extra?: string;
}

/** Returns the query's columns, the `coded` ones decoded from their dictionaries. */
export async function readCodedColumns(connection: DuckDBConnection, query: CodedQuery): Promise<ResultColumns> {
  const { sql, params, types, dictionaries } = await codedSql(connection, query);
  const columns = (await connection.runAndReadAll(sql, params, types)).getColumnsObjectJS() as ResultColumns;
  for (const [column, dictionary] of Object.entries(dictionaries)) {
    columns[column] = (columns[column] as (number | null)[]).map((code) => (code === null ? null : dictionary[code]));
  }
  return columns;
}

/** How a column is read into a typed array: numbers (null → NaN), integers or codes (null → −1), 0/1 flags, or text. */
export type ColumnKind = 'number' | 'integer' | 'flag' | 'text';
export type TypedColumn = Float64Array | Int32Array | Uint8Array | (string | null)[];

/**
 * Returns the query's columns as typed arrays of the kinds given (every column of the select needs
 * one; a coded column is 'integer'), filled chunk by chunk from a streamed result: DuckDB never
 * holds the whole result and no array of boxed values is made per column. (Holding every chunk
 * before converting them peaked at 1.6 GB reading 2.3M turn facts; the arrays alone are 0.36 GB.)
 * With `shared`, the typed arrays live on SharedArrayBuffers: a worker thread reads them without
 * a copy.
 */
export async function readTypedColumnCodes(
  connection: DuckDBConnection,
  query: CodedQuery,
  kinds: Record<string, ColumnKind>,
  options: { shared?: boolean } = {},
): Promise<{ length: number; columns: Record<string, TypedColumn>; dictionaries: Record<string, string[]> }> {
  const { sql, params, types, dictionaries, countSql } = await codedSql(connection, query);
  const counted = (await connection.runAndReadAll(countSql, query.params, query.types)).getRowsJS()[0]![0];
  const length = Number(counted);
  const result = await connection.stream(sql, params, types);
  const names = result.columnNames();
  const typeIds = result.columnTypes().map((type) => type.typeId);
  const fills = names.map((name, c) => {
    const kind = kinds[name];
    if (!kind) throw new Error(`internal: no column kind for ${name}`);
    return { name, ...columnFill(kind, length, options.shared ?? false, typeIds[c]!) };
  });
  let at = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    if (at + chunk.rowCount > length) throw new Error(`internal: the result grew past its ${length} counted rows`);
    fills.forEach((fill, c) => fill.add(chunk, c, at));
    at += chunk.rowCount;
  }
  if (at !== length) throw new Error(`internal: read ${at} rows, counted ${length}`);
  return { length, columns: Object.fromEntries(fills.map((fill) => [fill.name, fill.out])), dictionaries };
}

type Add = (chunk: DuckDBDataChunk, column: number, at: number) => void;

/**
 * An output array of the kind and the copy of one chunk's column into it at an offset: straight
 * from DuckDB's vector memory when the column's type is the kind's own (DOUBLE, INTEGER, BOOLEAN),
 * else value by value. (getItem tests validity with BigInt arithmetic on every value: it was
 * ~2.8 s of reading 2.3M turn facts.)
 */
function columnFill(kind: ColumnKind, length: number, shared: boolean, typeId: DuckDBTypeId): { out: TypedColumn; add: Add } {
  if (kind === 'number') {
    const out = new Float64Array(bytes(length * 8, shared));
    if (typeId === DuckDBTypeId.DOUBLE) return { out, add: (chunk, c, at) => copyRaw(chunk, c, at, out, Float64Array, NaN) };
    return { out, add: (chunk, c, at) => numbers(chunk.getColumnVector(c), out, at) };
  }
  if (kind === 'integer') {
    const out = new Int32Array(bytes(length * 4, shared));
    if (typeId === DuckDBTypeId.INTEGER) return { out, add: (chunk, c, at) => copyRaw(chunk, c, at, out, Int32Array, -1) };
    return { out, add: (chunk, c, at) => integers(chunk.getColumnVector(c), out, at) };
  }
  if (kind === 'flag') {
    const out = new Uint8Array(bytes(length, shared));
    if (typeId === DuckDBTypeId.BOOLEAN) return { out, add: (chunk, c, at) => copyRaw(chunk, c, at, out, Uint8Array, 0) };
    return { out, add: (chunk, c, at) => flags(chunk.getColumnVector(c), out, at) };
  }
  const out = new Array<string | null>(length).fill(null);
  return { out, add: (chunk, c, at) => texts(chunk.getColumnVector(c), out, at) };
}

type Typed = Float64Array | Int32Array | Uint8Array;

/**
 * Copies a fixed-width column of a chunk as its bytes (DuckDB stores DOUBLE, INTEGER and BOOLEAN
 * as float64, int32 and one 0/1 byte), then writes `nullValue` where the validity mask (bit i of
 * the little-endian 64-bit words, absent when every row is valid) says a row is null.
 */
function copyRaw<T extends Typed>(chunk: DuckDBDataChunk, c: number, at: number, out: T, View: { new (b: ArrayBufferLike, offset: number, n: number): T; BYTES_PER_ELEMENT: number }, nullValue: number): void {
  const n = chunk.rowCount;
  const vector = duckdb.data_chunk_get_vector(chunk.chunk, c);
  const data = duckdb.vector_get_data(vector, n * View.BYTES_PER_ELEMENT);
  out.set(new View(data.buffer, data.byteOffset, n) as never, at);
  const validity = duckdb.vector_get_validity(vector, Math.ceil(n / 64) * 8) as Uint8Array | null;
  if (!validity) return;
  for (let byte = 0, bytesUsed = Math.ceil(n / 8); byte < bytesUsed; byte++) {
    const bits = validity[byte]!;
    if (bits === 0xff) continue;
    for (let bit = 0; bit < 8; bit++) {
      const i = byte * 8 + bit;
      if (i < n && ((bits >> bit) & 1) === 0) out[at + i] = nullValue;
    }
  }
}

// one loop per kind, so each getItem call site meets one vector class (reading 2.3M turn facts
// took 10.8 s with one loop for every kind, 9.8 s with these)
function numbers(vector: DuckDBVector, out: Float64Array, at: number): void {
  for (let i = 0, n = vector.itemCount; i < n; i++) {
    const v = vector.getItem(i);
    out[at + i] = typeof v === 'number' ? v : v === null ? NaN : Number(v); // Number: a BIGINT or DECIMAL column
  }
}

function integers(vector: DuckDBVector, out: Int32Array, at: number): void {
  for (let i = 0, n = vector.itemCount; i < n; i++) {
    const v = vector.getItem(i);
    out[at + i] = typeof v === 'number' ? v : v === null ? -1 : Number(v);
  }
}

function flags(vector: DuckDBVector, out: Uint8Array, at: number): void {
  for (let i = 0, n = vector.itemCount; i < n; i++) out[at + i] = vector.getItem(i) ? 1 : 0;
}

function texts(vector: DuckDBVector, out: (string | null)[], at: number): void {
  for (let i = 0, n = vector.itemCount; i < n; i++) out[at + i] = vector.getItem(i) as string | null;
}

/** Returns the query with each coded column joined to its dictionary, and the dictionaries. */
async function codedSql(connection: DuckDBConnection, query: CodedQuery) {
  const q = { ...query, select: query.select.trim().replace(/;\s*$/, '') };
  const names = q.coded.map(quoteIdentifier);
  const dictionaries = await readDictionaries(connection, q, names);
  const params: Record<string, DuckDBValue> = { ...q.params };
  const types: Record<string, DuckDBType> = { ...q.types };
  const joins = names.map((name, i) => {
    params[`dictionary_${i}`] = listValue(dictionaries[i]!);
    types[`dictionary_${i}`] = LIST(VARCHAR);
    return `left join (select unnest($dictionary_${i}) as value, cast(unnest(range(len($dictionary_${i}))) as integer) as code) as d${i}
        on q.${name} = d${i}.value`;
  });
  const replaced = names.map((name, i) => `d${i}.code as ${name}`).join(', ');
  const omitted = q.omit?.length ? ` exclude (${q.omit.map(quoteIdentifier).join(', ')})` : '';
  const replace = names.length > 0 ? ` replace (${replaced})` : '';
  const extra = q.extra ? `, ${q.extra}` : '';
  const sql = `select q.*${omitted}${replace}${extra} from (${q.select}) as q\n${joins.join('\n')}\norder by ${qualify(q.orderBy)}`;
  const countSql = `select count(*) from (${q.select})`;
  return { sql, params, types, countSql, dictionaries: Object.fromEntries(q.coded.map((column, i) => [column, dictionaries[i]!])) as Record<string, string[]> };
}

async function readDictionaries(connection: DuckDBConnection, q: CodedQuery, names: string[]): Promise<string[][]> {
  if (names.length === 0) return [];
  const lists = names.map((n) => `coalesce(list(distinct ${n}) filter (where ${n} is not null), [])`).join(', ');
  const reader = await connection.runAndReadAll(`select ${lists} from (${q.select})`, q.params, q.types);
  return reader.getRowsJS()[0] as string[][];
}

/** Returns an ORDER BY list with each plain column name qualified by the query alias `q`. */
function qualify(orderBy: string): string {
  return orderBy
    .split(',')
    .map((term) => `q.${term.trim()}`)
    .join(', ');
}
