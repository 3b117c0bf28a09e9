/**
 * `spanlens compare`: resolves which two sides to compare (two windows, a detected change's
 * default windows, or two snapshots over the same period), reads their turns, and assembles the
 * CompareResult. Reading is here; everything else is pure (assemble-compare.ts).
 *
 *   --before A --after B        windows: turns started in A vs in B (filters apply to both)
 *   --change ID                 change: its provider/request model, window-days before vs after the change day
 *   --snapshot OLD --vs NEW     snapshot: turns answered by OLD vs NEW on the days both answered
 *                               (or over the --after window)
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { openDatabase } from '../db/open-database.js';
import { UsageError } from '../errors.js';
import { assembleCompare, COMPARE_METRICS } from './assemble-compare.js';
import { findChange } from './change-id.js';
import type { ChangeRef, CompareMode, CompareResult, CompareSide } from './compare-result.js';
import type { CompareTurn } from './compare-turn.js';
import { assertDisjoint, parseWindow, type TimeWindow } from './parse-window.js';
import { readCompareTurns, readDetectedChanges, readTurnRange, type TurnFilter } from './read-compare-turns.js';

export interface CompareOptions {
  dbPath: string;
  before?: string;
  after?: string;
  change?: string;
  snapshot?: string;
  vs?: string;
  provider?: string;
  model?: string;
  type?: string;
  /** Empty = every metric. */
  metrics: string[];
  minN: number;
  minSessions: number;
  bootstrapResamples: number;
  /** Days on each side of a change day (`--change`); the build's --impact-window-days default. */
  windowDays: number;
}

const DAY_MS = 86_400_000;
// started_at is compared as a nanosecond timestamp, which ends in 2262
const ALL_TIME: TimeWindow = { label: 'all days', fromMs: 0, toMs: Date.UTC(2200, 0, 1) };
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Returns the mode the flags ask for; throws UsageError for a combination that means nothing. */
export function modeOf(o: Pick<CompareOptions, 'before' | 'after' | 'change' | 'snapshot' | 'vs' | 'provider' | 'model'>): CompareMode {
  if (o.snapshot !== undefined || o.vs !== undefined) {
    if (o.snapshot === undefined || o.vs === undefined) throw new UsageError('--snapshot OLD and --vs NEW go together');
    if (o.change !== undefined || o.before !== undefined) throw new UsageError('--snapshot/--vs compares two snapshots over one period: give at most --after FROM..TO, not --before or --change');
    return 'snapshot';
  }
  if (o.change !== undefined) {
    if (o.provider !== undefined || o.model !== undefined) throw new UsageError('--change already names the provider and request model; drop --provider/--model');
    if ((o.before === undefined) !== (o.after === undefined)) throw new UsageError('with --change, give both --before and --after to override its windows, or neither');
    return 'change';
  }
  if (o.before === undefined || o.after === undefined) {
    throw new UsageError('say what to compare: --before FROM..TO --after FROM..TO, or --change ID (see spanlens changes), or --snapshot OLD --vs NEW');
  }
  return 'windows';
}

function describeFilters(f: Omit<TurnFilter, 'fromMs' | 'toMs'>): string {
  const parts = [f.provider && `provider ${f.provider}`, f.requestModel && `request model ${f.requestModel}`, f.sessionType !== null && `session type ${f.sessionType}`, f.responseModel && `snapshot ${f.responseModel}`].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no filters';
}

async function noDataError(connection: DuckDBConnection, what: string, f: Omit<TurnFilter, 'fromMs' | 'toMs'>, hint: string): Promise<UsageError> {
  const range = await readTurnRange(connection);
  const held = range.turns ? `the database has ${range.turns.toLocaleString('en-US')} turns from ${range.first_started_at} to ${range.last_started_at}` : 'the database has no turns (run spanlens ingest and spanlens build)';
  return new UsageError(`no turns in ${what} (${describeFilters(f)}); ${held}. ${hint}`);
}

function sideMeta(w: TimeWindow, responseModel: string | null, days: string[] | null): Omit<CompareSide, 'turns' | 'sessions'> {
  return { label: w.label, from: iso(w.fromMs), to: iso(w.toMs), response_model: responseModel, days };
}

/** Returns the comparison the options ask for; UsageError (exit 2) for bad flags or a side without data. */
export async function runCompare(o: CompareOptions): Promise<CompareResult> {
  const mode = modeOf(o);
  const unknown = o.metrics.filter((m) => !COMPARE_METRICS.includes(m));
  if (unknown.length) throw new UsageError(`--metric: unknown ${unknown.join(', ')}; known: ${COMPARE_METRICS.join(', ')}`);
  const db = await openDatabase(o.dbPath, { readOnly: true });
  const connection = await db.connect();
  try {
    const base = { provider: o.provider ?? null, requestModel: o.model ?? null, sessionType: o.type ?? null, responseModel: null as string | null };
    const read = async (w: TimeWindow, flag: string, f: typeof base) => {
      const turns = await readCompareTurns(connection, { ...f, fromMs: w.fromMs, toMs: w.toMs });
      const what = w === ALL_TIME ? 'the database' : `${flag} ${w.label} [${iso(w.fromMs)}, ${iso(w.toMs)})`;
      if (turns.length === 0) throw await noDataError(connection, what, f, w === ALL_TIME ? 'Check the snapshot names (spanlens changes lists them).' : 'Widen the window or loosen the filters.');
      return turns;
    };
    let change: ChangeRef | null = null;
    let before: { side: Omit<CompareSide, 'turns' | 'sessions'>; turns: CompareTurn[] };
    let after: typeof before;

    if (mode === 'snapshot') {
      const period = o.after !== undefined ? parseWindow(o.after, '--after') : ALL_TIME;
      const oldTurns = await read(period, '--after', { ...base, responseModel: o.snapshot! });
      const newTurns = await read(period, '--after', { ...base, responseModel: o.vs! });
      if (o.after !== undefined) {
        before = { side: sideMeta(period, o.snapshot!, null), turns: oldTurns };
        after = { side: sideMeta(period, o.vs!, null), turns: newTurns };
      } else {
        // the concurrent comparison: only days on which both snapshots answered
        const newDays = new Set(newTurns.map((t) => t.day));
        const days = [...new Set(oldTurns.map((t) => t.day))].filter((d) => newDays.has(d)).sort();
        if (days.length === 0) {
          throw new UsageError(`no day on which both ${o.snapshot} and ${o.vs} answered turns (${describeFilters(base)}); pass --after FROM..TO to compare them over a window instead`);
        }
        const overlap = new Set(days);
        const w: TimeWindow = { label: `${days[0]}..${days[days.length - 1]}`, fromMs: Date.parse(`${days[0]}T00:00:00Z`), toMs: Date.parse(`${days[days.length - 1]}T00:00:00Z`) + DAY_MS };
        before = { side: sideMeta(w, o.snapshot!, days), turns: oldTurns.filter((t) => overlap.has(t.day)) };
        after = { side: sideMeta(w, o.vs!, days), turns: newTurns.filter((t) => overlap.has(t.day)) };
      }
    } else {
      let wb: TimeWindow;
      let wa: TimeWindow;
      let filters = base;
      if (mode === 'change') {
        const found = findChange(await readDetectedChanges(connection), o.change!);
        if ('problem' in found) throw new UsageError(found.problem);
        const c = found.change;
        change = { id: c.id, provider: c.provider, request_model: c.request_model, previous_snapshot: c.previous_snapshot, new_snapshot: c.new_snapshot, change_day: c.change_day };
        filters = { ...base, provider: c.provider, requestModel: c.request_model };
        const day = Date.parse(`${c.change_day}T00:00:00Z`);
        const label = (from: number, to: number) => `${dayOf(from)}..${dayOf(to - DAY_MS)}`;
        wb = o.before !== undefined ? parseWindow(o.before, '--before') : { label: label(day - o.windowDays * DAY_MS, day), fromMs: day - o.windowDays * DAY_MS, toMs: day };
        wa = o.after !== undefined ? parseWindow(o.after, '--after') : { label: label(day, day + o.windowDays * DAY_MS), fromMs: day, toMs: day + o.windowDays * DAY_MS };
      } else {
        wb = parseWindow(o.before!, '--before');
        wa = parseWindow(o.after!, '--after');
      }
      assertDisjoint(wb, wa);
      before = { side: sideMeta(wb, null, null), turns: await read(wb, '--before', filters) };
      after = { side: sideMeta(wa, null, null), turns: await read(wa, '--after', filters) };
    }
    return assembleCompare({
      mode,
      before,
      after,
      filters: { provider: change?.provider ?? base.provider, request_model: change?.request_model ?? base.requestModel, session_type: base.sessionType },
      change,
      metrics: o.metrics.length ? o.metrics : null,
      minN: o.minN,
      minSessions: o.minSessions,
      bootstrapResamples: o.bootstrapResamples,
      windowDays: mode === 'change' && o.before === undefined ? o.windowDays : null,
    });
  } finally {
    connection.closeSync();
    db.close();
  }
}

/** Returns the detected changes (for `spanlens changes`). */
export async function listChanges(dbPath: string) {
  const db = await openDatabase(dbPath, { readOnly: true });
  const connection = await db.connect();
  try {
    return await readDetectedChanges(connection);
  } finally {
    connection.closeSync();
    db.close();
  }
}
