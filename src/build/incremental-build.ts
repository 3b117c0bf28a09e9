/**
 * Incremental builds: when the spans changed since the last build only by new files and by the rows
 * removed_traces records (retention, a changed file read again), with the same SQL, parameters and
 * prices, the link tables, turn_facts and session_growth are recomputed for the sessions those
 * traces touch and spliced into the tables as last built; the metric tables that
 * summarize all of history are rebuilt whole as before. A night whose sessions are all new then
 * reads only the new files' spans.
 *
 *   new files + removed_traces → changed_traces → scope_sessions → scope_traces
 *   each link table: rows of the scope deleted, recomputed rows inserted (its SQL unchanged: temp
 *   views named `spans`, `turns`, … shadow the full tables with the scope's rows while it runs)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, readQuery, runDdlFile } from '../db/run-query-file.js';
import { UsageError } from '../errors.js';
import { packageVersion } from '../paths.js';
import { buildParameters, type BuildOptions } from './build-options.js';
import { BUILD_PLAN, BUILD_STATE_FILE, INCREMENTAL_FILES, MARK_CURRENT_FILE } from './plan.js';
import { PRICE_LIBRARY_VERSION } from './resolve-prices.js';

/** How a table is spliced: the key its rows are replaced by, and the scope table listing the keys. */
interface DeltaTable {
  key: 'trace_id' | 'session_id' | 'user_id';
  scope: 'scope_traces' | 'scope_sessions' | 'scope_users';
  /** The rows the temp view of this table shows to the steps after it. */
  shadow: { key: 'trace_id' | 'session_id' | 'user_id'; scope: 'scope_traces' | 'scope_sessions' | 'scope_users' } | null;
}

/** The tables an incremental build splices, in plan order; every other step runs whole. */
export const DELTA_TABLES: ReadonlyMap<string, DeltaTable> = new Map<string, DeltaTable>([
  ['trace_integrity', { key: 'trace_id', scope: 'scope_traces', shadow: null }],
  ['span_failures', { key: 'trace_id', scope: 'scope_traces', shadow: { key: 'trace_id', scope: 'scope_traces' } }],
  ['model_call_costs', { key: 'trace_id', scope: 'scope_traces', shadow: { key: 'trace_id', scope: 'scope_traces' } }],
  ['turns', { key: 'trace_id', scope: 'scope_traces', shadow: { key: 'trace_id', scope: 'scope_traces' } }],
  // users reads every session of the scope's users; turn_facts joins the scope's turns to them
  ['sessions', { key: 'session_id', scope: 'scope_sessions', shadow: { key: 'user_id', scope: 'scope_users' } }],
  ['users', { key: 'user_id', scope: 'scope_users', shadow: null }],
  ['turn_facts', { key: 'trace_id', scope: 'scope_traces', shadow: { key: 'trace_id', scope: 'scope_traces' } }],
  // per session, from its turn facts
  ['session_growth', { key: 'session_id', scope: 'scope_sessions', shadow: null }],
]);

/** The last spliced step: the temp views go after it, so the steps after read whole tables. */
export const LAST_DELTA_TABLE = [...DELTA_TABLES.keys()].at(-1)!;

/**
 * An incremental build recomputes at most this share of the turns; more is rebuilt whole. (On the
 * 1M-span benchmark, a file touching 35% of the turns' sessions was still spliced faster: 4.3–4.8 s
 * for the link tables and turn_facts, against 6.7 s built whole.)
 */
export const MAX_SCOPE_SHARE = 0.5;
/**
 * Replaced rows stay in the tables' storage as deletions (the build does not vacuum); once the
 * incremental builds since the last full one have recomputed this share of the turns, the next
 * build is full and writes the tables afresh.
 */
export const MAX_REBUILT_SHARE = 1;

export interface BuildState {
  fingerprint: string;
  last_file_id: number | null;
  raw_span_rows: number;
  traces_rebuilt_since_full: number;
}

export interface BuildModeInputs {
  requested: 'auto' | 'full';
  state: BuildState | null;
  fingerprint: string;
  /** A table of the plan existed as a view (or the reverse) and was dropped. */
  droppedOtherKind: boolean;
  /** A table an incremental build splices into does not exist (dropped by hand). */
  missing_tables: boolean;
  /** raw_spans rows now, how many of them came from files newer than state.last_file_id, and how many were deleted from the rest since (removed_traces: retention, changed files read again). */
  raw_span_rows: number;
  new_raw_span_rows: number;
  removed_raw_span_rows: number;
  /** Turns as last built, and the traces an incremental build would recompute. */
  turns: number;
  scope_traces: number;
}

export interface BuildMode {
  mode: 'full' | 'incremental';
  reason: string;
}

/** Decides whether a build may splice (pure; the reasons are printed by the build). */
export function chooseBuildMode(i: BuildModeInputs): BuildMode {
  const full = (reason: string): BuildMode => ({ mode: 'full', reason });
  if (i.requested === 'full') return full('requested (--full)');
  if (i.state === null) return full('no earlier build is recorded');
  if (i.state.fingerprint !== i.fingerprint) return full('the build’s SQL, parameters, prices, spanlens or DuckDB version changed since the last build');
  if (i.droppedOtherKind) return full('a table of the plan was a view (or the reverse)');
  if (i.missing_tables) return full('a derived table is missing');
  if (i.raw_span_rows !== i.state.raw_span_rows + i.new_raw_span_rows - i.removed_raw_span_rows) {
    return full('raw spans were removed since the last build that removed_traces does not account for');
  }
  if (i.scope_traces > MAX_SCOPE_SHARE * i.turns) {
    return full(`the new spans touch ${i.scope_traces.toLocaleString('en-US')} of ${i.turns.toLocaleString('en-US')} turns' sessions (over ${MAX_SCOPE_SHARE * 100}%)`);
  }
  if (i.state.traces_rebuilt_since_full + i.scope_traces > MAX_REBUILT_SHARE * i.turns) {
    return full(`incremental builds since the last full one would have recomputed over ${MAX_REBUILT_SHARE * 100}% of the turns`);
  }
  return { mode: 'incremental', reason: `only the sessions of the new spans are recomputed: ${i.scope_traces.toLocaleString('en-US')} turns (the last build had ${i.turns.toLocaleString('en-US')})` };
}

/**
 * What a build's output depends on besides the spans: the SQL it runs, its parameters, the price
 * table's version and the overrides file's content, spanlens's version (the TypeScript steps) and
 * DuckDB's (its functions, e.g. the hash that breaks ties between spans starting together).
 */
export function buildFingerprint(options: BuildOptions, duckdbVersion: string): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ version: packageVersion(), duckdb: duckdbVersion, prices: PRICE_LIBRARY_VERSION, parameters: buildParameters(options) }));
  for (const file of [MARK_CURRENT_FILE, ...BUILD_PLAN.map((s) => s.file), ...INCREMENTAL_FILES]) hash.update(file).update(readQuery(file));
  // the path as given too: it is the price_source of the rows it priced ('override:<file>')
  if (options.pricesFile !== null) hash.update(options.pricesFile).update(readPriceFileBytes(options.pricesFile));
  return hash.digest('hex');
}

function readPriceFileBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read price file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Returns the recorded state of the last build, or null. */
export async function readBuildState(connection: DuckDBConnection): Promise<BuildState | null> {
  await runDdlFile(connection, BUILD_STATE_FILE);
  const rows = (await connection.runAndReadAll('select fingerprint, last_file_id, raw_span_rows, traces_rebuilt_since_full from build_state')).getRows();
  if (rows.length !== 1) return null;
  const [fingerprint, lastFileId, rawRows, rebuilt] = rows[0] as [string, number | null, bigint, bigint];
  return { fingerprint, last_file_id: lastFileId, raw_span_rows: Number(rawRows), traces_rebuilt_since_full: Number(rebuilt) };
}

/** Replaces the recorded state with this build's (in the build's transaction). */
export async function writeBuildState(connection: DuckDBConnection, mode: BuildMode['mode'], fingerprint: string, tracesRebuiltSinceFull: number): Promise<void> {
  await connection.run('delete from build_state');
  await connection.run(
    `insert into build_state
     select now(), $mode, $fingerprint, (select max(file_id) from ingested_files), (select count(*) from raw_spans), $rebuilt`,
    { mode, fingerprint, rebuilt: tracesRebuiltSinceFull },
  );
}

const count = async (connection: DuckDBConnection, sql: string, params: Record<string, unknown> = {}): Promise<number> =>
  Number((await connection.runAndReadAll(sql, params as never)).getRows()[0]![0]);

/** Counts what chooseBuildMode needs; with a state, also creates the scope's temp tables. */
export async function measureScope(
  connection: DuckDBConnection,
  state: BuildState | null,
): Promise<Pick<BuildModeInputs, 'raw_span_rows' | 'new_raw_span_rows' | 'removed_raw_span_rows' | 'turns' | 'scope_traces' | 'missing_tables'>> {
  const rawRows = await count(connection, 'select count(*) from raw_spans');
  const tables = await count(
    connection,
    `select count(*) from duckdb_tables()
     where database_name = current_database() and schema_name = 'main' and table_name in (select unnest($names))`,
    { names: listValue([...DELTA_TABLES.keys()]) },
  );
  const missing = tables < DELTA_TABLES.size;
  if (state === null || missing) return { raw_span_rows: rawRows, new_raw_span_rows: 0, removed_raw_span_rows: 0, turns: 0, scope_traces: 0, missing_tables: missing };
  const last = { last_file_id: state.last_file_id ?? 0 };
  const newRows = await count(connection, 'select count(*) from raw_spans where file_id > $last_file_id', last);
  // rows of files newer than the last build that were removed since are in neither count
  const removedRows = await count(connection, 'select coalesce(sum(raw_rows), 0) from removed_traces where file_id <= $last_file_id', last);
  for (const name of ['changed_traces', 'scope_sessions', 'scope_traces', 'scope_old_traces']) {
    const file = `incremental/${name}.sql`;
    const sql = readQuery(file).trim().replace(/;\s*$/, '');
    await connection.run(`create or replace temp table ${name} as\n${sql}`, (sql.includes('$last_file_id') ? last : {}) as never);
  }
  await connection.run('create or replace temp table scope_users (user_id varchar)'); // filled by spliceTable (scope_users.sql)
  return {
    missing_tables: false,
    raw_span_rows: rawRows,
    new_raw_span_rows: newRows,
    removed_raw_span_rows: removedRows,
    turns: await count(connection, 'select count(*) from turns'),
    scope_traces: await count(connection, 'select count(*) from scope_traces'),
  };
}

const catalogs = new WeakMap<DuckDBConnection, string>();

/** The catalog-qualified name of a table of the database (temp views of the same name shadow the bare one). */
async function mainName(connection: DuckDBConnection, table: string): Promise<string> {
  let catalog = catalogs.get(connection);
  if (catalog === undefined) {
    catalog = String((await connection.runAndReadAll('select current_database()')).getRows()[0]![0]);
    catalogs.set(connection, catalog);
  }
  return `${quoteIdentifier(catalog)}.main.${quoteIdentifier(table)}`;
}

/**
 * Creates the temp view that shows the steps after `spans` only the scope's spans: those of the
 * new files (raw_spans is appended in file order, so DuckDB skips older row groups by their
 * file_id range instead of reading every span's columns to match trace ids), and the older spans
 * of the scope's traces that had some, when there are any (on a night whose sessions are all new,
 * none: the steps then read the new spans alone).
 */
export async function shadowSpans(connection: DuckDBConnection): Promise<void> {
  const last = Number((await connection.runAndReadAll('select coalesce(max(last_file_id), 0) from build_state')).getRows()[0]![0]);
  if (!Number.isSafeInteger(last)) throw new Error(`internal: build_state.last_file_id is not an integer: ${last}`);
  const spans = await mainName(connection, 'spans');
  const old = await count(connection, 'select count(*) from scope_old_traces');
  await connection.run(
    `create or replace temp view spans as
     select * from ${spans} where file_id > ${last}` +
      (old > 0 ? `\n     union all\n     select * from ${spans} semi join scope_old_traces using (trace_id) where file_id <= ${last}` : ''),
  );
}

/** The temp table holding a spliced table's recomputed rows (kept until the checks have run). */
const stagedName = (table: string) => quoteIdentifier(`delta__${table}`);

/** Rows of `table` (an alias) whose key is in the scope table (user_id may be null: null-safe). */
const inScope = (table: string, key: DeltaTable['key'], scope: DeltaTable['scope']) =>
  key === 'user_id'
    ? `exists (select 1 from ${scope} as s where s.${key} is not distinct from ${table}.${key})`
    : `${table}.${key} in (select ${key} from ${scope})`;

/**
 * Shadows a spliced table with a temp view of the rows the steps after it need: its recomputed
 * rows when they are those (the scope's traces), else the table's rows filtered by the scope.
 */
async function shadowTable(connection: DuckDBConnection, name: string): Promise<void> {
  const delta = DELTA_TABLES.get(name)!;
  const s = delta.shadow;
  if (s === null) return;
  const rows = s.key === delta.key && s.scope === delta.scope
    ? `select * from ${stagedName(name)}`
    : `select * from ${await mainName(connection, name)} as t where ${inScope('t', s.key, s.scope)}`;
  await connection.run(`create or replace temp view ${quoteIdentifier(name)} as ${rows}`);
}

/**
 * Splices one table: computes its rows for the scope with its own SQL (`select`) into a temp
 * table, deletes the scope's rows from the table as last built and inserts the new ones, then
 * shadows the table. Returns the table's row count.
 */
export async function spliceTable(connection: DuckDBConnection, name: string, select: string, params: Record<string, unknown>): Promise<number> {
  const delta = DELTA_TABLES.get(name)!;
  const target = await mainName(connection, name);
  const staged = stagedName(name);
  const scopeUsers = name === 'sessions' ? readQuery('incremental/scope_users.sql').trim().replace(/;\s*$/, '') : '';
  await connection.run(`create or replace temp table ${staged} as\n${select}`, params as never);
  if (name === 'sessions') await connection.run(`insert into scope_users ${scopeUsers}`); // the users the sessions had
  await connection.run(`delete from ${target} as t where ${inScope('t', delta.key, delta.scope)}`);
  await connection.run(`insert into ${target} by name select * from ${staged}`);
  if (name === 'sessions') await connection.run(`insert into scope_users ${scopeUsers}`); // and the users they have now
  await shadowTable(connection, name);
  return count(connection, `select count(*) from ${target}`);
}

/**
 * Shadows `spans` and the spliced tables again, for the checks: rows outside the scope are as the
 * last build left them, which passed every check, so an incremental build checks the scope's rows
 * (the metric tables, rebuilt whole, are checked whole).
 */
export async function shadowScope(connection: DuckDBConnection): Promise<void> {
  await shadowSpans(connection);
  for (const name of DELTA_TABLES.keys()) await shadowTable(connection, name);
}

/** Drops the temp views, so the steps after see whole tables; `tables` also drops the scope's and the recomputed rows' temp tables. */
export async function dropScope(connection: DuckDBConnection, what: 'views' | 'tables' = 'tables'): Promise<void> {
  for (const name of ['spans', ...DELTA_TABLES.keys()]) await connection.run(`drop view if exists temp.main.${quoteIdentifier(name)}`);
  if (what === 'views') return;
  for (const name of ['changed_traces', 'scope_sessions', 'scope_traces', 'scope_old_traces', 'scope_users']) await connection.run(`drop table if exists temp.main.${quoteIdentifier(name)}`);
  for (const name of DELTA_TABLES.keys()) await connection.run(`drop table if exists temp.main.${stagedName(name)}`);
}
