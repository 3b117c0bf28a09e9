/**
 * I/O: the turns of one side of a comparison, read with queries/compare/turn_facts_in_window.sql
 * (window and filters bound as parameters, never spliced into SQL), and the detected changes.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { VARCHAR } from '@duckdb/node-api';
import { readCodedColumns, type ResultColumns } from '../db/read-coded-columns.js';
import { readQuery } from '../db/run-query-file.js';
import { UsageError } from '../errors.js';
import { TURN_FACT_REPEATED_TEXT } from '../metrics/read-turn-facts.js';
import { numberSessions, turnFactAt } from '../metrics/turn-fact.js';
import { changeId } from './change-id.js';
import type { CompareTurn } from './compare-turn.js';

export interface TurnFilter {
  fromMs: number;
  toMs: number; // exclusive
  provider: string | null;
  requestModel: string | null;
  sessionType: string | null;
  responseModel: string | null;
}

/** A row of `spanlens changes`: a detected change with its stable id. */
export interface DetectedChange {
  id: string;
  provider: string;
  request_model: string;
  previous_snapshot: string | null;
  new_snapshot: string;
  change_day: string;
  first_seen_day: string;
  dominant_from_day: string | null;
  last_seen_day: string;
  calls: number;
  weighted_calls: number;
}

/** Runs `read`, turning a missing derived table into the advice to build first. */
async function withDerivedTables<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (/Table with name \w+ does not exist/.test(String(error))) throw new UsageError('the database has no derived tables yet: run spanlens build first');
    throw error;
  }
}

async function columns(connection: DuckDBConnection, file: string): Promise<ResultColumns> {
  // column-wise conversion is several times faster than row objects (as in readTurnColumns)
  return withDerivedTables(async () => (await connection.runAndReadAll(readQuery(file))).getColumnsObjectJS() as ResultColumns);
}

async function rows(connection: DuckDBConnection, file: string): Promise<Record<string, unknown>[]> {
  const c = Object.entries(await columns(connection, file));
  const n = c[0]?.[1].length ?? 0;
  return Array.from({ length: n }, (_, i) => Object.fromEntries(c.map(([name, values]) => [name, values[i]])));
}

/** Returns the turns that started in the window and pass the filters, in session and turn order. */
export async function readCompareTurns(connection: DuckDBConnection, f: TurnFilter): Promise<CompareTurn[]> {
  const params = {
    from_ms: f.fromMs,
    to_ms: f.toMs,
    provider: f.provider,
    request_model: f.requestModel,
    session_type: f.sessionType,
    response_model: f.responseModel,
  };
  // nulls need a declared type to bind
  const types = { provider: VARCHAR, request_model: VARCHAR, session_type: VARCHAR, response_model: VARCHAR };
  const c = await withDerivedTables(() =>
    readCodedColumns(connection, {
      select: readQuery('compare/turn_facts_in_window.sql'),
      orderBy: 'session_id, turn_index',
      params,
      types,
      coded: TURN_FACT_REPEATED_TEXT,
    }),
  );
  const n = c.trace_id?.length ?? 0;
  return numberSessions(Array.from({ length: n }, (_, i): CompareTurn => ({ ...turnFactAt(c, i), trace_id: c.trace_id![i] as string, started_at_ms: Number(c.started_at_ms![i]) })));
}

/** Returns the detected changes in listing order (change day, provider, request model, snapshot), with ids. */
export async function readDetectedChanges(connection: DuckDBConnection): Promise<DetectedChange[]> {
  const out = await rows(connection, 'compare/detected_changes.sql');
  return out.map((r) => {
    const c = { ...r, calls: Number(r.calls), weighted_calls: Number(r.weighted_calls) } as unknown as Omit<DetectedChange, 'id'>;
    return { id: changeId(c), ...c };
  });
}

/** Returns how many turns the database has and when the first and last started (ISO, or null when empty). */
export async function readTurnRange(connection: DuckDBConnection): Promise<{ turns: number; first_started_at: string | null; last_started_at: string | null }> {
  const [r] = await rows(connection, 'compare/turn_facts_range.sql');
  return { turns: Number(r!.turns), first_started_at: (r!.first_started_at as string | null) ?? null, last_started_at: (r!.last_started_at as string | null) ?? null };
}
