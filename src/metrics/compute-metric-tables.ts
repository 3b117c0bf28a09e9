/**
 * The metric steps written from TypeScript (statistics SQL does badly: Wilson and t intervals on
 * effective sample sizes, Holm across metrics, bootstrap). Each reads `turn_facts` (and, for
 * impacts, `model_changes`), calls a pure function, and appends the rows to the table its DDL
 * file in queries/4-metrics created.
 */
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { BUILD_PLAN } from '../build/plan.js';
import { appendTableRows } from './append-table-rows.js';
import type { ModelChange } from './change-impacts.js';
import { impactsInWorker, type RunningImpacts } from './impacts-in-worker.js';
import { costByTurn } from './cost-by-turn.js';
import { failureKindsByType, failureProne } from './failure-prone.js';
import { readTurnColumns } from './read-turn-facts.js';
import { allRows, asColumns, selectRows, type TurnColumns, type TurnInput } from './turn-columns.js';
import { groupBy, type MetricSettings } from './turn-fact.js';
import { overallRates } from './overall-rates.js';
import { describingQuantiles, weightedMean, weightedProportion } from './weighted-estimates.js';
import { turnQuality } from './turn-quality.js';
import { collectGarbage } from '../typed-memory.js';

/** The metric tables computed from turn facts alone (so a report can recompute them for a window). */
export const TURN_FACT_TABLES = ['overall_rates', 'turn_quality', 'cost_by_turn', 'failure_prone_session_types', 'failure_prone_users', 'failure_kinds_by_type'] as const;

/** Returns the rows of a metric table computed from turn facts alone, or null for other tables. */
export function turnFactTableRows(table: string, turns: TurnInput, s: MetricSettings): Record<string, unknown>[] | null {
  switch (table) {
    case 'overall_rates':
      return overallRates(turns, s) as never;
    case 'turn_quality':
      return turnQuality(turns, s) as never;
    case 'cost_by_turn':
      return costByTurn(turns, s) as never;
    case 'failure_prone_session_types':
      return failureProne(turns, 'session_type', s).map(({ group_key, ...r }) => ({ session_type: group_key, ...r }));
    case 'failure_prone_users':
      return failureProne(turns, 'user_id', s).map(({ group_key, ...r }) => ({ user_id: group_key, ...r }));
    case 'failure_kinds_by_type':
      return failureKindsByType(turns, s) as never;
    default:
      return null;
  }
}

/** Returns the weighting record of the turns (rows) a table reads. */
function weighting(table: string, c: TurnColumns, rows: Int32Array) {
  const seen = new Set<number>();
  let weighted = 0;
  for (let j = 0; j < rows.length; j++) {
    const code = c.weight_source.codes[rows[j]!]!;
    seen.add(code);
    if (c.weight_source.values[code] !== 'none') weighted++;
  }
  const sources = [...seen].map((code) => c.weight_source.values[code]!).sort();
  return {
    table_name: table,
    turns: rows.length,
    weighted_turns: weighted,
    unweighted_turns: rows.length - weighted,
    weight_sources: sources.join(', '),
    is_weighted: weighted > 0,
    has_mixed_sources: sources.length > 1,
  };
}

/** What the metric steps of one build share: the turn columns, read once, and the impacts being computed in a worker. */
export interface MetricCache {
  turns?: TurnColumns;
  changes?: ModelChange[];
  impacts?: RunningImpacts;
  /** Called once the turn columns are read (the build lowers DuckDB's memory limit there). */
  onTurnsRead?: () => Promise<void>;
}

/**
 * Lets go of what the metric steps held (the turn columns, the impacts worker) and collects it at
 * once: the checks and the report that follow run without the turn columns' memory. The worker
 * has exited first (shared memory is freed only once no thread holds it).
 */
export async function releaseMetricCache(cache: MetricCache): Promise<void> {
  await cache.impacts?.stop();
  delete cache.turns;
  delete cache.changes;
  delete cache.impacts;
  collectGarbage();
}

/** Returns the model changes model_change_impacts compares (model_changes is built before any TypeScript step). */
async function readModelChanges(connection: DuckDBConnection): Promise<ModelChange[]> {
  const reader = await connection.runAndReadAll(
    `select provider, request_model, response_model, previous_snapshot, strftime(change_day, '%Y-%m-%d') as change_day
     from model_changes where is_change order by provider, request_model, change_day, response_model`,
  );
  return reader.getRowObjectsJS() as unknown as ModelChange[];
}

/**
 * Computes one TypeScript-written metric table; returns its row count. The first call reads the
 * turn columns and starts model_change_impacts in a worker thread, so its bootstrap runs on the
 * second core while this thread computes the other tables.
 */
export async function computeMetricTable(connection: DuckDBConnection, table: string, s: MetricSettings, cache: MetricCache): Promise<number> {
  if (!cache.turns) {
    cache.turns = await readTurnColumns(connection);
    await cache.onTurnsRead?.();
    cache.changes = await readModelChanges(connection);
    cache.impacts = impactsInWorker({ changes: cache.changes, turns: cache.turns, settings: s });
  }
  const turns = cache.turns;
  const rows = turnFactTableRows(table, turns, s);
  if (rows) return appendTableRows(connection, table, rows);
  switch (table) {
    case 'growth_by_session_type': {
      const reader = await connection.runAndReadAll(
        `select coalesce(session_type, '') as session_type, growth_exponent, is_super_linear, sampling_weight from session_growth where growth_exponent is not null`,
      );
      const sessions = reader.getRowObjectsJS() as { session_type: string; growth_exponent: number; is_super_linear: boolean; sampling_weight: number }[];
      const rows = [];
      // weighted like every other metric table (a session's weight: its turns' mean adjusted count)
      for (const [type, list] of [...groupBy(sessions, (x) => x.session_type)].sort(([a], [b]) => a.localeCompare(b))) {
        const xs = list.map((x) => x.growth_exponent);
        const ws = list.map((x) => x.sampling_weight);
        const m = weightedMean(xs, ws, s.minSampleSize);
        const median = describingQuantiles(xs, ws, [0.5])[0] ?? null;
        rows.push({ session_type: type, metric: 'mean_growth_exponent', value: m.value, median, n: m.n, ci_low: m.ci_low, ci_high: m.ci_high, is_small_sample: m.is_small_sample });
        const w = weightedProportion(list.map((x) => x.is_super_linear), ws, s.minSampleSize);
        rows.push({ session_type: type, metric: 'super_linear_rate', value: w.value, median: null, n: w.n, ci_low: w.ci_low, ci_high: w.ci_high, is_small_sample: w.is_small_sample });
      }
      return appendTableRows(connection, table, rows);
    }
    case 'model_change_impacts':
      return appendTableRows(connection, table, (await cache.impacts!.rows) as never);
    case 'metric_weighting': {
      const changed = new Set(cache.changes!.filter((x) => x.provider !== null && x.request_model !== null).map((x) => `${x.provider}\u0000${x.request_model}`));
      // every metric table in the plan; impacts read only the turns of changed models
      const tables = BUILD_PLAN.filter((p) => p.file.startsWith('4-metrics/')).map((p) => path.basename(p.file, '.sql')).filter((t) => t !== table);
      const c = asColumns(turns);
      const all = allRows(c.length);
      const ofChanged = selectRows(all, (i) => changed.has(c.model_key.values[c.model_key.codes[i]!]!));
      const every = weighting('', c, all);
      const rows = tables.map((t) => (t === 'model_change_impacts' ? weighting(t, c, ofChanged) : { ...every, table_name: t }));
      return appendTableRows(connection, table, rows);
    }
    default:
      throw new Error(`internal: no TypeScript step for metric table ${table}`);
  }
}
