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
import { LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
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
}

/** Returns the query's columns, the `coded` ones decoded from their dictionaries. */
export async function readCodedColumns(connection: DuckDBConnection, query: CodedQuery): Promise<ResultColumns> {
  const { columns, dictionaries } = await readColumnCodes(connection, query);
  for (const [column, dictionary] of Object.entries(dictionaries)) {
    columns[column] = (columns[column] as (number | null)[]).map((code) => (code === null ? null : dictionary[code]));
  }
  return columns;
}

/**
 * Returns the query's columns with the `coded` ones left as codes (null for a null value) and
 * each coded column's dictionary: code k stands for dictionaries[column][k].
 */
export async function readColumnCodes(connection: DuckDBConnection, query: CodedQuery): Promise<{ columns: ResultColumns; dictionaries: Record<string, string[]> }> {
  const q = { ...query, select: query.select.trim().replace(/;\s*$/, '') };
  const names = q.coded.map(quoteIdentifier);
  const dictionaries = await readDictionaries(connection, q, names);
  const dictionaryParams: Record<string, DuckDBValue> = { ...q.params };
  const dictionaryTypes: Record<string, DuckDBType> = { ...q.types };
  const joins = names.map((name, i) => {
    dictionaryParams[`dictionary_${i}`] = listValue(dictionaries[i]!);
    dictionaryTypes[`dictionary_${i}`] = LIST(VARCHAR);
    return `left join (select unnest($dictionary_${i}) as value, cast(unnest(range(len($dictionary_${i}))) as integer) as code) as d${i}
        on q.${name} = d${i}.value`;
  });
  const replaced = names.map((name, i) => `d${i}.code as ${name}`).join(', ');
  const sql = `select q.* replace (${replaced}) from (${q.select}) as q\n${joins.join('\n')}\norder by ${qualify(q.orderBy)}`;
  const columns = (await connection.runAndReadAll(sql, dictionaryParams, dictionaryTypes)).getColumnsObjectJS() as ResultColumns;
  return { columns, dictionaries: Object.fromEntries(q.coded.map((column, i) => [column, dictionaries[i]!])) };
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
