/**
 * Pure: for each model-snapshot change, the before vs after comparison of turn metrics, with the
 * difference's 95% interval, a p-value and Holm adjustment across the metrics of one comparison.
 * These are observational comparisons: anything else that changed between the windows (traffic,
 * prompts, users) is confounded with the model, which is why there is also a mix-adjusted delta
 * (standardized to the before window's session-type mix) and, where old and new snapshots served
 * traffic on the same days, the concurrent comparison (stronger evidence).
 *
 *   scope 'overall'       all turns of the (provider, request_model), before vs after
 *   scope 'session_type'  the same within each session type
 *   scope 'mix_adjusted'  Σ π_type · (after − before)_type, π = before-window turn share
 *   comparison 'concurrent'  turns answered by the old vs the new snapshot on overlap days
 *                            (overall and per session type)
 */
import { holm, type Difference } from '../stats/intervals.js';
import type { MetricSettings, TurnFact } from './turn-fact.js';
import { allRows, asColumns, gather, groupRows, groupRowsBy, presentRows, selectRows, sumOf, turnColumns, type TurnColumns, type TurnInput } from './turn-columns.js';
import {
  changeStandardError,
  meanChange,
  preparedQuantile,
  preparedQuantileChanges,
  prepareSample,
  proportionChange,
  standardizedChange,
  weightedMean,
  weightedProportion,
  type PreparedSample,
  type WeightedMean,
  type WeightedProportion,
} from './weighted-estimates.js';

/** A change as model_changes records it. */
export interface ModelChange {
  provider: string;
  request_model: string;
  response_model: string;
  previous_snapshot: string | null;
  change_day: string; // YYYY-MM-DD
}

export interface ImpactRow {
  provider: string;
  request_model: string;
  old_snapshot: string | null;
  new_snapshot: string;
  change_day: string;
  comparison: 'before_after' | 'concurrent';
  scope: 'overall' | 'session_type' | 'mix_adjusted';
  segment: string; // session type, or 'all'
  metric: string;
  before_value: number | null;
  after_value: number | null;
  before_n: number;
  after_n: number;
  difference: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
  p_holm: number | null;
  is_significant: boolean; // p_holm < 0.05
  is_small_sample: boolean;
  evidence: string; // always 'observational'
}

type Kind = 'proportion' | 'mean' | 'quantile';
interface MetricDef {
  name: string;
  kind: Kind;
  /** The turn column compared: a 0/1 flag for proportions, a number (NaN = null) otherwise. */
  column: 'is_failed' | 'quality' | 'duration_ms' | 'total_tokens' | 'cost_usd' | 'is_truncated' | 'has_tool_error';
  q?: number;
}

/** The metrics compared, in output order (the two latency quantiles share one sorted sample). */
export const IMPACT_METRICS: MetricDef[] = [
  { name: 'failure_rate', kind: 'proportion', column: 'is_failed' },
  { name: 'mean_quality', kind: 'mean', column: 'quality' },
  { name: 'latency_p50_ms', kind: 'quantile', column: 'duration_ms', q: 0.5 },
  { name: 'latency_p95_ms', kind: 'quantile', column: 'duration_ms', q: 0.95 },
  { name: 'tokens_per_turn', kind: 'mean', column: 'total_tokens' },
  { name: 'cost_per_turn_usd', kind: 'mean', column: 'cost_usd' },
  { name: 'truncation_rate', kind: 'proportion', column: 'is_truncated' },
  { name: 'tool_error_rate', kind: 'proportion', column: 'has_tool_error' },
];

/** The quantile metrics of IMPACT_METRICS grouped by the column they read (in IMPACT_METRICS order). */
const QUANTILE_METRICS_BY_COLUMN: MetricDef[][] = (() => {
  const byColumn = new Map<string, MetricDef[]>();
  for (const m of IMPACT_METRICS) if (m.kind === 'quantile') byColumn.set(m.column, [...(byColumn.get(m.column) ?? []), m]);
  return [...byColumn.values()];
})();

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

interface Side {
  values: ArrayLike<number>;
  weights: Float64Array;
  flags: Uint8Array;
  clusters: Int32Array; // session numbers: turns of one session are not independent
  prepared?: PreparedSample; // sorted once, for quantiles
}

/** Some rows of one set of turn columns: one side of a comparison. */
interface Rows {
  c: TurnColumns;
  rows: Int32Array;
}

const EMPTY_FLAGS = new Uint8Array(0);

/**
 * Returns a function giving the sample of a metric over some rows (rows where it is not null,
 * with their weights and sessions), computed once per column: several metrics and scopes read
 * the same one.
 */
function sampler({ c, rows }: Rows): (m: MetricDef) => Side {
  const weights = gather(c.sampling_weight, rows);
  const clusters = gather(c.session_no, rows);
  const cache = new Map<MetricDef['column'], Side>();
  return (m) => {
    let out = cache.get(m.column);
    if (out) return out;
    const column = c[m.column];
    if (m.kind === 'proportion') out = { flags: gather(column as Uint8Array, rows), values: [], weights, clusters };
    else {
      const present = presentRows(rows, column as Float64Array);
      out =
        present.length === rows.length
          ? { values: gather(column as Float64Array, rows), flags: EMPTY_FLAGS, weights, clusters }
          : { values: gather(column as Float64Array, present), flags: EMPTY_FLAGS, weights: gather(c.sampling_weight, present), clusters: gather(c.session_no, present) };
    }
    cache.set(m.column, out);
    return out;
  };
}

const preparedOf = (s: Side) => (s.prepared ??= prepareSample(s));

function estimate(s: Side, m: MetricDef, minN: number): WeightedProportion | WeightedMean {
  return m.kind === 'proportion' ? weightedProportion(s.flags, s.weights, minN, s.clusters) : weightedMean(s.values, s.weights, minN, s.clusters);
}

export interface Compared {
  metric: string;
  before_value: number | null;
  after_value: number | null;
  before_n: number;
  after_n: number;
  diff: Difference;
  small: boolean;
}

const everyRow = (turns: TurnFact[]): Rows => ({ c: turnColumns(turns), rows: allRows(turns.length) });

/** Returns every metric's before → after comparison of two sets of turns. */
export function compare(before: TurnFact[], after: TurnFact[], s: MetricSettings, seed: number): Compared[] {
  return compareRows(everyRow(before), everyRow(after), s, seed);
}

/**
 * The quantile metrics' differences, by metric name: the quantiles of one column come from one
 * bootstrap (seeded with the first one's position in IMPACT_METRICS), so a resample is drawn once.
 */
function quantileDiffs(sideB: (m: MetricDef) => Side, sideA: (m: MetricDef) => Side, s: MetricSettings, seed: number): Map<string, Difference> {
  const out = new Map<string, Difference>();
  for (const same of QUANTILE_METRICS_BY_COLUMN) {
    const first = same[0]!;
    const diffs = preparedQuantileChanges(preparedOf(sideB(first)), preparedOf(sideA(first)), same.map((m) => m.q!), s.bootstrapResamples, seed + IMPACT_METRICS.indexOf(first));
    same.forEach((m, j) => out.set(m.name, diffs[j]!));
  }
  return out;
}

function compareRows(before: Rows, after: Rows, s: MetricSettings, seed: number): Compared[] {
  const sideB = sampler(before);
  const sideA = sampler(after);
  const quantiles = quantileDiffs(sideB, sideA, s, seed);
  return IMPACT_METRICS.map((m) => {
    const b = sideB(m);
    const a = sideA(m);
    const n = { before_n: b.weights.length, after_n: a.weights.length };
    const small = n.before_n < s.minSampleSize || n.after_n < s.minSampleSize;
    if (m.kind === 'quantile') {
      const pb = preparedOf(b);
      const pa = preparedOf(a);
      return {
        metric: m.name,
        before_value: preparedQuantile(pb, m.q!),
        after_value: preparedQuantile(pa, m.q!),
        ...n,
        diff: quantiles.get(m.name)!,
        // one session's turns on a side stand for one observation, however many they are
        small: small || pb.clusters < 2 || pa.clusters < 2,
      };
    }
    const eb = estimate(b, m, s.minSampleSize);
    const ea = estimate(a, m, s.minSampleSize);
    const diff = m.kind === 'proportion' ? proportionChange(eb as WeightedProportion, ea as WeightedProportion) : meanChange(eb as WeightedMean, ea as WeightedMean);
    return { metric: m.name, before_value: eb.value, after_value: ea.value, ...n, diff, small: small || eb.is_small_sample || ea.is_small_sample };
  });
}

/** Returns the rows of a side grouped by session type, in first-seen order. */
const bySessionType = ({ c, rows }: Rows): Map<string, Rows> =>
  new Map([...groupRowsBy(rows, c.session_type)].map(([type, r]) => [type ?? '', { c, rows: r }]));

/** Returns Σ π·Δ per metric over session types, π = each type's weighted share of before-window turns. */
export function mixAdjusted(before: TurnFact[], after: TurnFact[], s: MetricSettings): Compared[] {
  return mixAdjustedRows(everyRow(before), everyRow(after), s);
}

function mixAdjustedRows(before: Rows, after: Rows, s: MetricSettings): Compared[] {
  const byTypeAfter = bySessionType(after);
  const types = [...bySessionType(before)].flatMap(([type, bt]) => {
    const at = byTypeAfter.get(type);
    return at ? [{ before: sampler(bt), after: sampler(at), weight: sumOf(bt.c.sampling_weight, bt.rows) }] : [];
  });
  const sideB = sampler(before);
  const sideA = sampler(after);
  return IMPACT_METRICS.filter((m) => m.kind !== 'quantile').map((m) => {
    const parts: { weight: number; delta: number; se: number | null }[] = [];
    let bv = 0;
    let av = 0;
    let total = 0;
    for (const type of types) {
      const eb = estimate(type.before(m), m, s.minSampleSize);
      const ea = estimate(type.after(m), m, s.minSampleSize);
      if (eb.value === null || ea.value === null) continue; // the metric is not measured in this type on one side
      // a type without an interval on one side (one session's turns) still counts in the estimate,
      // and then nothing says how uncertain the sum is (standardizedChange: no interval)
      parts.push({ weight: type.weight, delta: ea.value - eb.value, se: changeStandardError(eb, ea) });
      bv += type.weight * eb.value;
      av += type.weight * ea.value;
      total += type.weight;
    }
    const diff = standardizedChange(parts);
    const unknownError = parts.some((p) => p.se === null);
    const all = { before: sideB(m), after: sideA(m) };
    const n = { before_n: all.before.weights.length, after_n: all.after.weights.length };
    // small by the overall row's rules (rates: 5 hits and 5 misses too), on the same turns
    const small = estimate(all.before, m, s.minSampleSize).is_small_sample || estimate(all.after, m, s.minSampleSize).is_small_sample;
    return { metric: m.name, before_value: total ? bv / total : null, after_value: total ? av / total : null, ...n, diff, small: small || unknownError || n.before_n < s.minSampleSize || n.after_n < s.minSampleSize };
  });
}

/** Returns the impact rows of every change; `turns` are all turn facts. */
export function changeImpacts(changes: ModelChange[], turns: TurnInput, s: MetricSettings): ImpactRow[] {
  const c = asColumns(turns);
  const rows: ImpactRow[] = [];
  const byModel = groupRows(allRows(c.length), c.model_key.codes);
  const dayOf = (i: number) => c.day.values[c.day.codes[i]!]!;
  const side = (r: Int32Array): Rows => ({ c, rows: r });
  changes.forEach((change, ci) => {
    const mine = byModel.get(c.model_key.values.indexOf(`${change.provider}\u0000${change.request_model}`)) ?? new Int32Array(0);
    const from = addDays(change.change_day, -s.impactWindowDays);
    const to = addDays(change.change_day, s.impactWindowDays);
    const before = selectRows(mine, (i) => dayOf(i) >= from && dayOf(i) < change.change_day);
    const after = selectRows(mine, (i) => dayOf(i) >= change.change_day && dayOf(i) < to);
    const base = { provider: change.provider, request_model: change.request_model, old_snapshot: change.previous_snapshot, new_snapshot: change.response_model, change_day: change.change_day, evidence: 'observational' };
    const emit = (comparison: ImpactRow['comparison'], scope: ImpactRow['scope'], segment: string, compared: Compared[]) => {
      const adjusted = holm(compared.map((x) => x.diff.p_value));
      compared.forEach((x, i) =>
        rows.push({
          ...base, comparison, scope, segment, metric: x.metric,
          before_value: x.before_value, after_value: x.after_value, before_n: x.before_n, after_n: x.after_n,
          difference: x.diff.delta, ci_low: x.diff.ci_low, ci_high: x.diff.ci_high, p_value: x.diff.p_value,
          p_holm: adjusted[i]!, is_significant: adjusted[i] !== null && adjusted[i]! < 0.05, is_small_sample: x.small,
        }),
      );
    };
    /** Emits the overall comparison of two sides, then one per session type both sides have. */
    const emitWithTypes = (comparison: ImpactRow['comparison'], b: Rows, a: Rows, seed: number, typeSeed: number) => {
      emit(comparison, 'overall', 'all', compareRows(b, a, s, seed));
      const typesBefore = bySessionType(b);
      const typesAfter = bySessionType(a);
      for (const type of [...typesBefore.keys()].filter((k) => typesAfter.has(k)).sort()) {
        emit(comparison, 'session_type', type, compareRows(typesBefore.get(type)!, typesAfter.get(type)!, s, typeSeed));
      }
    };
    if (before.length > 0 && after.length > 0) {
      emitWithTypes('before_after', side(before), side(after), 1000 * ci, 1000 * ci + 100);
      emit('before_after', 'mix_adjusted', 'all', mixAdjustedRows(side(before), side(after), s));
    }
    // concurrent: days in the two windows on which both snapshots answered turns
    if (change.previous_snapshot) {
      const oldCode = c.response_model.values.indexOf(change.previous_snapshot);
      const newCode = c.response_model.values.indexOf(change.response_model);
      const windowed = selectRows(mine, (i) => dayOf(i) >= from && dayOf(i) < to);
      const answeredBy = (code: number) => new Set(selectRows(windowed, (i) => c.response_model.codes[i] === code).map((i) => c.day.codes[i]!));
      const oldDays = answeredBy(oldCode);
      const newDays = answeredBy(newCode);
      const overlap = (i: number) => oldDays.has(c.day.codes[i]!) && newDays.has(c.day.codes[i]!);
      const oldTurns = selectRows(windowed, (i) => overlap(i) && c.response_model.codes[i] === oldCode);
      const newTurns = selectRows(windowed, (i) => overlap(i) && c.response_model.codes[i] === newCode);
      if (oldTurns.length > 0 && newTurns.length > 0) emitWithTypes('concurrent', side(oldTurns), side(newTurns), 1000 * ci + 500, 1000 * ci + 600);
    }
  });
  return rows;
}
