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
import { groupBy, type MetricSettings, type TurnFact } from './turn-fact.js';
import {
  changeStandardError,
  meanChange,
  preparedQuantile,
  preparedQuantileChange,
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
  select: (t: TurnFact) => number | boolean | null;
  q?: number;
}

const duration = (t: TurnFact) => t.duration_ms; // one function: the two latency quantiles share a sorted sample

/** The metrics compared, in output order. */
export const IMPACT_METRICS: MetricDef[] = [
  { name: 'failure_rate', kind: 'proportion', select: (t) => t.is_failed },
  { name: 'mean_quality', kind: 'mean', select: (t) => t.quality },
  { name: 'latency_p50_ms', kind: 'quantile', select: duration, q: 0.5 },
  { name: 'latency_p95_ms', kind: 'quantile', select: duration, q: 0.95 },
  { name: 'tokens_per_turn', kind: 'mean', select: (t) => t.total_tokens },
  { name: 'cost_per_turn_usd', kind: 'mean', select: (t) => t.cost_usd },
  { name: 'truncation_rate', kind: 'proportion', select: (t) => t.is_truncated },
  { name: 'tool_error_rate', kind: 'proportion', select: (t) => t.has_tool_error },
];

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

interface Side {
  values: number[];
  weights: number[];
  flags: boolean[];
  clusters: number[]; // session numbers: turns of one session are not independent
  prepared?: PreparedSample; // sorted once, for quantiles
}

/**
 * Returns a function giving the sample of a metric over `turns` (rows where it is not null, with
 * their weights and sessions), computed once per selected column: several metrics and scopes
 * read the same one.
 */
function sampler(turns: TurnFact[]): (m: MetricDef) => Side {
  const weights = turns.map((t) => t.sampling_weight);
  const clusters = turns.map((t) => t.session_no);
  const cache = new Map<MetricDef['select'], Side>();
  return (m) => {
    let out = cache.get(m.select);
    if (out) return out;
    const raw = turns.map(m.select);
    if (m.kind === 'proportion') out = { flags: raw as boolean[], values: [], weights, clusters };
    else if (!raw.includes(null)) out = { values: raw as number[], flags: [], weights, clusters };
    else {
      out = { values: [], flags: [], weights: [], clusters: [] };
      raw.forEach((v, i) => {
        if (v === null) return;
        out!.values.push(v as number);
        out!.weights.push(weights[i]!);
        out!.clusters.push(clusters[i]!);
      });
    }
    cache.set(m.select, out);
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

export function compare(before: TurnFact[], after: TurnFact[], s: MetricSettings, seed: number): Compared[] {
  const sideB = sampler(before);
  const sideA = sampler(after);
  return IMPACT_METRICS.map((m, i) => {
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
        diff: preparedQuantileChange(pb, pa, m.q!, s.bootstrapResamples, seed + i),
        small,
      };
    }
    const eb = estimate(b, m, s.minSampleSize);
    const ea = estimate(a, m, s.minSampleSize);
    const diff = m.kind === 'proportion' ? proportionChange(eb as WeightedProportion, ea as WeightedProportion) : meanChange(eb as WeightedMean, ea as WeightedMean);
    return { metric: m.name, before_value: eb.value, after_value: ea.value, ...n, diff, small: small || eb.is_small_sample || ea.is_small_sample };
  });
}

/** Returns Σ π·Δ per metric over session types, π = each type's weighted share of before-window turns. */
export function mixAdjusted(before: TurnFact[], after: TurnFact[], s: MetricSettings): Compared[] {
  const byTypeAfter = groupBy(after, (t) => t.session_type);
  const types = [...groupBy(before, (t) => t.session_type)].flatMap(([type, bt]) => {
    const at = byTypeAfter.get(type);
    return at ? [{ before: sampler(bt), after: sampler(at), weight: bt.reduce((x, t) => x + t.sampling_weight, 0) }] : [];
  });
  const sideB = sampler(before);
  const sideA = sampler(after);
  return IMPACT_METRICS.filter((m) => m.kind !== 'quantile').map((m) => {
    const parts: { weight: number; delta: number; se: number }[] = [];
    let bv = 0;
    let av = 0;
    let total = 0;
    for (const type of types) {
      const eb = estimate(type.before(m), m, s.minSampleSize);
      const ea = estimate(type.after(m), m, s.minSampleSize);
      const se = changeStandardError(eb, ea);
      if (eb.value === null || ea.value === null || se === null) continue;
      parts.push({ weight: type.weight, delta: ea.value - eb.value, se });
      bv += type.weight * eb.value;
      av += type.weight * ea.value;
      total += type.weight;
    }
    const diff = standardizedChange(parts);
    const n = { before_n: sideB(m).weights.length, after_n: sideA(m).weights.length };
    return { metric: m.name, before_value: total ? bv / total : null, after_value: total ? av / total : null, ...n, diff, small: n.before_n < s.minSampleSize || n.after_n < s.minSampleSize };
  });
}

/** Returns the impact rows of every change; `turns` are all turn facts. */
export function changeImpacts(changes: ModelChange[], turns: TurnFact[], s: MetricSettings): ImpactRow[] {
  const rows: ImpactRow[] = [];
  const byModel = groupBy(turns, (t) => `${t.provider}\u0000${t.request_model}`);
  changes.forEach((c, ci) => {
    const mine = byModel.get(`${c.provider}\u0000${c.request_model}`) ?? [];
    const from = addDays(c.change_day, -s.impactWindowDays);
    const to = addDays(c.change_day, s.impactWindowDays);
    const before = mine.filter((t) => t.day >= from && t.day < c.change_day);
    const after = mine.filter((t) => t.day >= c.change_day && t.day < to);
    const base = { provider: c.provider, request_model: c.request_model, old_snapshot: c.previous_snapshot, new_snapshot: c.response_model, change_day: c.change_day, evidence: 'observational' };
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
    if (before.length > 0 && after.length > 0) {
      emit('before_after', 'overall', 'all', compare(before, after, s, 1000 * ci));
      const typesBefore = groupBy(before, (t) => t.session_type);
      const typesAfter = groupBy(after, (t) => t.session_type);
      for (const type of [...typesBefore.keys()].filter((k) => typesAfter.has(k)).sort()) {
        emit('before_after', 'session_type', type, compare(typesBefore.get(type)!, typesAfter.get(type)!, s, 1000 * ci + 100));
      }
      emit('before_after', 'mix_adjusted', 'all', mixAdjusted(before, after, s));
    }
    // concurrent: days in the two windows on which both snapshots answered turns
    if (c.previous_snapshot) {
      const windowed = mine.filter((t) => t.day >= from && t.day < to);
      const days = groupBy(windowed, (t) => t.day);
      const overlap = new Set([...days].filter(([, ts]) => ts.some((t) => t.response_model === c.previous_snapshot) && ts.some((t) => t.response_model === c.response_model)).map(([d]) => d));
      const oldTurns = windowed.filter((t) => overlap.has(t.day) && t.response_model === c.previous_snapshot);
      const newTurns = windowed.filter((t) => overlap.has(t.day) && t.response_model === c.response_model);
      if (oldTurns.length > 0 && newTurns.length > 0) {
        emit('concurrent', 'overall', 'all', compare(oldTurns, newTurns, s, 1000 * ci + 500));
        const typesOld = groupBy(oldTurns, (t) => t.session_type);
        const typesNew = groupBy(newTurns, (t) => t.session_type);
        for (const type of [...typesOld.keys()].filter((k) => typesNew.has(k)).sort()) {
          emit('concurrent', 'session_type', type, compare(typesOld.get(type)!, typesNew.get(type)!, s, 1000 * ci + 600));
        }
      }
    }
  });
  return rows;
}
