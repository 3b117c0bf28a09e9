/**
 * Pure: estimates with 95% intervals from rows that carry a sampling weight (the adjusted count
 * 1/p, CONVENTIONS §5.4). Point estimates are weighted (Σw·x / Σw); intervals use Kish's effective
 * sample size n_eff = (Σw)² / Σw², so equal weights give exactly the unweighted Wilson, t and
 * Welch results of src/stats, and unequal weights widen the interval as they should. Given
 * cluster ids (the session of each turn), variances are cluster-robust: a long session's turns
 * are alike, and treating them as independent would overstate the evidence.
 */
import { normalQuantile, tQuantile, twoSidedNormalP, twoSidedTP } from '../stats/distributions.js';
import { pointDifference, proportionDifference, wilson, type Difference, type Estimate } from '../stats/intervals.js';
import { sortOrder } from '../stats/sort-order.js';

const Z95 = normalQuantile(0.975);

/** Returns Kish's effective sample size of a set of weights. */
export function effectiveN(weights: ArrayLike<number>): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    s += w;
    s2 += w * w;
  }
  return s2 === 0 ? 0 : (s * s) / s2;
}

/**
 * Returns the linearized (Taylor) variance of a weighted mean Σw·x / Σw when rows come in
 * clusters (turns of one session are not independent): Σ_c (Σ_{i∈c} wᵢ(xᵢ − m))² / (Σw)² · C/(C−1).
 * Cluster ids are numbers (a session's number). Turn facts are read in session order, so a
 * cluster's rows are usually adjacent and its sum is closed when the id changes; otherwise the
 * sums are kept in a map.
 */
function clusterVariance(values: ArrayLike<number>, weights: ArrayLike<number>, mean: number, sw: number, clusters: ArrayLike<number>): { variance: number; count: number } {
  let sorted = true;
  for (let i = 1; i < clusters.length && sorted; i++) sorted = clusters[i - 1]! <= clusters[i]!;
  let c = 0;
  let ss = 0;
  if (sorted) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) {
      if (i > 0 && clusters[i] !== clusters[i - 1]) {
        ss += sum * sum;
        sum = 0;
        c++;
      }
      sum += weights[i]! * (values[i]! - mean);
    }
    if (values.length > 0) {
      ss += sum * sum;
      c++;
    }
  } else {
    const sums = new Map<number, number>();
    for (let i = 0; i < values.length; i++) sums.set(clusters[i]!, (sums.get(clusters[i]!) ?? 0) + weights[i]! * (values[i]! - mean));
    c = sums.size;
    for (const v of sums.values()) ss += v * v;
  }
  return { variance: c > 1 ? (ss / (sw * sw)) * (c / (c - 1)) : 0, count: c };
}

/**
 * Whether an estimate rests on too little: fewer than minN rows, or (rates) fewer than 5 hits or 5
 * misses, counted in Kish's effective n, so that a few heavily weighted rows of tail-sampled data
 * (one success standing for ten) are not taken for many. Equal weights give the raw counts.
 */
const isSmall = (nKish: number, minN: number, p?: number) => nKish < minN - 1e-9 || (p !== undefined && (p * nKish < 5 - 1e-9 || (1 - p) * nKish < 5 - 1e-9));

/** Summary of a weighted proportion: the estimate plus what a difference test needs. */
export interface WeightedProportion extends Estimate {
  weighted_n: number;
  /** Effective sample size: Kish's, or p(1−p)/variance when clusters are given (design effect). */
  n_eff: number;
}

/**
 * Returns a weighted proportion with a Wilson interval on the effective n; small when n < minN or
 * fewer than 5 hits/misses (isSmall). With `clusters` (e.g. session numbers) the effective n also
 * accounts for rows of one cluster being alike, never exceeding Kish's; rows of one cluster only
 * give no interval (nothing says how another session would go).
 */
export function weightedProportion(flags: ArrayLike<boolean | number>, weights: ArrayLike<number>, minN: number, clusters?: ArrayLike<number>): WeightedProportion {
  const n = flags.length;
  let sw = 0;
  let swy = 0;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    sw += weights[i]!;
    if (flags[i]) {
      swy += weights[i]!;
      hits++;
    }
  }
  if (n === 0 || sw === 0) return { value: null, n, ci_low: null, ci_high: null, is_small_sample: true, weighted_n: sw, n_eff: 0 };
  const p = swy / sw;
  const kish = effectiveN(weights);
  let nEff = kish;
  if (clusters) {
    // one pass counts the clusters (one only: no interval) and gives the variance (0 when p is 0 or 1)
    const values = ArrayBuffer.isView(flags) ? (flags as unknown as ArrayLike<number>) : Uint8Array.from(flags as ArrayLike<boolean | number>, (f) => (f ? 1 : 0));
    const { variance, count } = clusterVariance(values, weights, p, sw, clusters);
    if (count < 2) return { value: p, n, ci_low: null, ci_high: null, is_small_sample: true, weighted_n: sw, n_eff: kish };
    if (variance > 0) nEff = Math.min(nEff, (p * (1 - p)) / variance);
  }
  const w = wilson(p * nEff, nEff);
  return { value: p, n, ci_low: w.ci_low, ci_high: w.ci_high, is_small_sample: hits < 5 || n - hits < 5 || isSmall(kish, minN, p), weighted_n: sw, n_eff: nEff }; // Kish's n ≤ n
}

/** Summary of a weighted mean: the estimate plus its squared standard error and degrees of freedom. */
export interface WeightedMean extends Estimate {
  weighted_n: number;
  n_eff: number;
  /** Squared standard error of the mean; null when it cannot be estimated. */
  se2: number | null;
  df: number;
}

/**
 * Returns a weighted mean with a t interval: on n_eff − 1 degrees of freedom, or, with `clusters`,
 * the cluster-robust standard error on (clusters − 1) degrees of freedom. No interval (and small)
 * below one degree of freedom (n_eff < 2: the t quantile runs off to infinity) or with rows of one
 * cluster only.
 */
export function weightedMean(values: ArrayLike<number>, weights: ArrayLike<number>, minN: number, clusters?: ArrayLike<number>): WeightedMean {
  const n = values.length;
  let sw = 0;
  let swx = 0;
  for (let i = 0; i < n; i++) {
    sw += weights[i]!;
    swx += weights[i]! * values[i]!;
  }
  if (n === 0 || sw === 0) return { value: null, n, ci_low: null, ci_high: null, is_small_sample: true, weighted_n: sw, n_eff: 0, se2: null, df: 0 };
  const mean = swx / sw;
  const nEff = effectiveN(weights);
  const none = { value: mean, n, ci_low: null, ci_high: null, is_small_sample: true, weighted_n: sw, n_eff: nEff, se2: null, df: 0 };
  if (n < 2 || nEff < 2) return none;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += weights[i]! * (values[i]! - mean) ** 2;
  let se2 = ((ss / sw) * (nEff / (nEff - 1))) / nEff;
  let df = nEff - 1;
  if (clusters) {
    // the cluster pass counts the clusters too: one cluster only, no interval
    const c = clusterVariance(values, weights, mean, sw, clusters);
    if (c.count < 2) return none;
    // never narrower than treating rows as independent
    se2 = Math.max(se2, c.variance);
    df = Math.min(df, c.count - 1);
  }
  const half = tQuantile(0.975, df) * Math.sqrt(se2);
  return { value: mean, n, ci_low: mean - half, ci_high: mean + half, is_small_sample: isSmall(nEff, minN), weighted_n: sw, n_eff: nEff, se2, df }; // Kish's n ≤ n
}

/** Returns the weighted quantile q of rows already in value order: the first whose cumulative weight reaches q·Σw. */
function sortedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, total: number, q: number): number {
  let cumulative = 0;
  for (let i = 0; i < values.length; i++) {
    cumulative += weights[i]!;
    if (cumulative >= q * total - 1e-9 * total) return values[i]!;
  }
  return values[values.length - 1]!;
}

/** Returns xs in the given row order (a plain loop: Float64Array.from with a map function was ~5× slower). */
function permuted(xs: ArrayLike<number>, order: Uint32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) out[k] = xs[order[k]!]!;
  return out;
}

/** Returns quantiles of one sample by `pick` on its rows in value order, sorting once; nulls when it is empty or weighs nothing. */
function quantilesBy(
  pick: (values: Float64Array, weights: Float64Array, total: number, q: number) => number,
  values: ArrayLike<number>,
  weights: ArrayLike<number>,
  qs: number[],
): (number | null)[] {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  if (values.length === 0 || !(total > 0)) return qs.map(() => null);
  const order = sortOrder(values);
  const v = permuted(values, order);
  const w = permuted(weights, order);
  return qs.map((q) => pick(v, w, total, q));
}

/** Returns weighted quantiles (each q in 0–1: the smallest value whose cumulative weight reaches q·Σw) of one sample, sorting it once; nulls when it is empty or weighs nothing. */
export function weightedQuantiles(values: ArrayLike<number>, weights: ArrayLike<number>, qs: number[]): (number | null)[] {
  return quantilesBy(sortedQuantile, values, weights, qs);
}

/**
 * Returns the value at q of rows in value order, for tables that describe a distribution: as
 * sortedQuantile, but where the cumulative weight meets q·Σw exactly, the midpoint of that value
 * and the next weighted one, so equal weights give the usual median (the mean of the middle two of
 * an even count) and quantiles.
 */
function sortedMidpointQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, total: number, q: number): number {
  const target = q * total;
  const eps = 1e-9 * total;
  let cumulative = 0;
  for (let i = 0; i < values.length; i++) {
    cumulative += weights[i]!;
    if (!(weights[i]! > 0) || cumulative < target - eps) continue;
    if (cumulative <= target + eps) {
      for (let j = i + 1; j < values.length; j++) if (weights[j]! > 0) return (values[i]! + values[j]!) / 2;
    }
    return values[i]!;
  }
  return values[values.length - 1]!;
}

/**
 * Returns weighted quantiles for description (medians and p90s of cost_by_turn and
 * growth_by_session_type), with the midpoint rule of sortedMidpointQuantile: equal weights give
 * what an unweighted median gives. Nulls when the sample is empty or weighs nothing.
 */
export function describingQuantiles(values: ArrayLike<number>, weights: ArrayLike<number>, qs: number[]): (number | null)[] {
  return quantilesBy(sortedMidpointQuantile, values, weights, qs);
}


/**
 * Whether an estimate has an interval, i.e. something to compare against: not one of a single
 * cluster's rows (one session says nothing about how another would go), not from too few rows.
 */
const hasInterval = (e: Estimate) => e.ci_low !== null;

/** after − before with no interval or p-value (null when either value is). */
const pointOnly = (before: Estimate, after: Estimate): Difference =>
  pointDifference(before.value === null || after.value === null ? null : after.value - before.value);

/**
 * Returns after − before for two weighted proportions: Newcombe interval and z-test on the
 * effective counts; only the difference when either side has no interval (one session's turns).
 */
export function proportionChange(before: WeightedProportion, after: WeightedProportion): Difference {
  if (before.value === null || after.value === null || !hasInterval(before) || !hasInterval(after)) return pointOnly(before, after);
  return proportionDifference(before.value * before.n_eff, before.n_eff, after.value * after.n_eff, after.n_eff);
}

/**
 * Returns after − before for two weighted means: Welch–Satterthwaite interval and p-value; only
 * the difference when either side has no standard error (one session's turns, n_eff < 2).
 */
export function meanChange(before: WeightedMean, after: WeightedMean): Difference {
  if (before.value === null || after.value === null || before.se2 === null || after.se2 === null) return pointOnly(before, after);
  const d = after.value - before.value;
  const a = before.se2;
  const b = after.se2;
  const se2 = a + b;
  if (se2 === 0) return { delta: d, ci_low: d, ci_high: d, p_value: d === 0 ? 1 : 0 };
  const df = se2 ** 2 / (a ** 2 / before.df + b ** 2 / after.df);
  const half = tQuantile(0.975, df) * Math.sqrt(se2);
  return { delta: d, ci_low: d - half, ci_high: d + half, p_value: twoSidedTP(d / Math.sqrt(se2), df) };
}

/**
 * Returns the standard error of after − before (unpooled), the piece a mix-adjusted sum needs;
 * null when either side has no interval (one session's turns, or too few rows for a mean). A
 * rate's variance is taken at (x + 1) / (n + 2) (Agresti–Caffo): at 0 of n or n of n the plain
 * p(1 − p)/n is 0, and a session type with no failure before would add no uncertainty at all.
 */
export function changeStandardError(before: WeightedProportion | WeightedMean, after: WeightedProportion | WeightedMean): number | null {
  if (before.value === null || after.value === null || !hasInterval(before) || !hasInterval(after) || before.n_eff === 0 || after.n_eff === 0) return null;
  const rateVariance = (p: number, n: number) => {
    const adjusted = (p * n + 1) / (n + 2);
    return (adjusted * (1 - adjusted)) / (n + 2);
  };
  const v = (e: WeightedProportion | WeightedMean) => ('se2' in e ? e.se2 : rateVariance(e.value!, e.n_eff));
  const vb = v(before);
  const va = v(after);
  if (vb === null || va === null) return null;
  return Math.sqrt(vb + va);
}

/**
 * Returns Σ πᵢ·dᵢ with a normal interval and z-test, from independent per-stratum differences; a
 * stratum whose difference has no standard error (null) counts in the estimate and leaves the sum
 * without interval or p-value.
 */
export function standardizedChange(parts: { weight: number; delta: number; se: number | null }[]): Difference {
  const total = parts.reduce((a, p) => a + p.weight, 0);
  if (parts.length === 0 || total === 0) return pointDifference();
  let d = 0;
  let v = 0;
  for (const p of parts) {
    const pi = p.weight / total;
    d += pi * p.delta;
    v += p.se === null ? NaN : pi * pi * p.se * p.se;
  }
  if (Number.isNaN(v)) return pointDifference(d);
  const se = Math.sqrt(v);
  return { delta: d, ci_low: d - Z95 * se, ci_high: d + Z95 * se, p_value: se === 0 ? (d === 0 ? 1 : 0) : twoSidedNormalP(d / se) };
}

/** Returns a small seeded generator (mulberry32), so bootstrap results are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * seededRandom's generator as a state that the bootstrap's draw loop advances inline: drawing 100k
 * clusters took 0.8-1.3 ms per resample through the closure, 0.5-0.7 ms inlined.
 */
export interface RandomState {
  a: number;
}

export const randomState = (seed: number): RandomState => ({ a: seed >>> 0 });

/**
 * Draws counts.length clusters with replacement, as multiplicities, with seededRandom's sequence.
 * The generator is written out here on purpose: calling a shared step function from this loop made
 * a 100k-cluster draw 2.3× slower (0.27 → 0.64 ms); a unit test holds both to one sequence.
 */
export function drawClusters(counts: Int32Array, rng: RandomState): void {
  const k = counts.length;
  counts.fill(0);
  let a = rng.a;
  for (let j = 0; j < k; j++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    counts[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * k)]!++;
  }
  rng.a = a;
}

/** A sample prepared once for quantiles and their bootstrap: rows in value order, each with its cluster number. */
export interface PreparedSample {
  values: Float64Array; // sorted
  weights: Float64Array;
  total: number; // Σ weights
  cluster: Int32Array; // cluster number (0..clusters-1) of each sorted row
  clusters: number;
  clusterWeight: Float64Array; // Σ weights of each cluster's rows
}

/** Sorts a sample once and numbers its clusters densely (a row is its own cluster when none are given). */
export function prepareSample(s: { values: ArrayLike<number>; weights: ArrayLike<number>; clusters?: ArrayLike<number> }): PreparedSample {
  const order = sortOrder(s.values);
  const n = order.length;
  const cluster = new Int32Array(n);
  let clusters = 0;
  if (s.clusters) {
    let max = -1;
    for (let i = 0; i < n; i++) max = Math.max(max, s.clusters[i]!);
    const dense = new Int32Array(max + 1).fill(-1);
    for (let k = 0; k < n; k++) {
      const id = s.clusters[order[k]!]!;
      if (dense[id] === -1) dense[id] = clusters++;
      cluster[k] = dense[id]!;
    }
  } else {
    for (let k = 0; k < n; k++) cluster[k] = clusters++;
  }
  const values = permuted(s.values, order);
  const weights = permuted(s.weights, order);
  const clusterWeight = new Float64Array(clusters);
  let total = 0;
  for (let k = 0; k < n; k++) {
    clusterWeight[cluster[k]!]! += weights[k]!;
    total += weights[k]!;
  }
  return { values, weights, total, cluster, clusters, clusterWeight };
}

/** Returns the weighted quantile q of a prepared sample (as weightedQuantiles would), or null when it is empty. */
export function preparedQuantile(p: PreparedSample, q: number): number | null {
  return p.values.length === 0 || !(p.total > 0) ? null : sortedQuantile(p.values, p.weights, p.total, q);
}

/**
 * Where the quantile search of every resample starts: the row holding the sample's own quantile,
 * and each cluster's weight in the rows up to it. A resample's cumulative weight at that row is
 * then a sum over clusters, and its quantile a few rows away; a median no longer scans half the rows.
 */
export interface QuantileAnchor {
  row: number;
  clusterWeightUpTo: Float64Array;
}

export function quantileAnchor(p: PreparedSample, q: number): QuantileAnchor {
  const n = p.values.length;
  const target = q * p.total - 1e-9 * p.total;
  let cumulative = 0;
  let row = n - 1;
  for (let i = 0; i < n; i++) {
    cumulative += p.weights[i]!;
    if (cumulative >= target) {
      row = i;
      break;
    }
  }
  const clusterWeightUpTo = new Float64Array(p.clusters);
  for (let i = 0; i <= row; i++) clusterWeightUpTo[p.cluster[i]!]! += p.weights[i]!;
  return { row, clusterWeightUpTo };
}

/**
 * Draws one bootstrap resample of a side (clusters drawn with replacement, as multiplicities) and
 * writes its weighted quantile for each of `qs` into `out`: the smallest row whose cumulative
 * resampled weight reaches q of the total. Every quantile reads the same draw, and each search
 * starts at the sample's own quantile row (`anchors[j]`, quantileAnchor of qs[j]).
 */
export function resampledQuantiles(p: PreparedSample, qs: readonly number[], rng: RandomState, counts: Int32Array, anchors: readonly QuantileAnchor[], out: Float64Array): void {
  drawClusters(counts, rng); // counts.length = p.clusters
  let total = 0;
  // the resample's weight in rows 0..anchors[j].row: for the first two anchors (p50 and p95, what
  // every caller asks today) summed in the same pass as the total, for any further one in its own
  const first = anchors[0]!.clusterWeightUpTo;
  const second = anchors.length > 1 ? anchors[1]!.clusterWeightUpTo : first;
  let c0 = 0;
  let c1 = 0;
  for (let c = 0; c < p.clusters; c++) {
    // no test for m = 0 (a third of clusters, unpredictably): adding 0 leaves a sum as it is
    const m = counts[c]!;
    total += p.clusterWeight[c]! * m;
    c0 += first[c]! * m;
    c1 += second[c]! * m;
  }
  for (let j = 0; j < qs.length; j++) {
    const cumulative = j === 0 ? c0 : j === 1 ? c1 : weightUpTo(anchors[j]!, counts);
    out[j] = p.values[walkToQuantile(p, counts, qs[j]! * total - 1e-9 * total, anchors[j]!.row, cumulative)]!;
  }
}

/** The resample's weight in the rows up to an anchor's row. */
function weightUpTo(anchor: QuantileAnchor, counts: Int32Array): number {
  let sum = 0;
  for (let c = 0; c < counts.length; c++) sum += anchor.clusterWeightUpTo[c]! * counts[c]!;
  return sum;
}

/**
 * Returns the smallest row whose cumulative resampled weight is positive and reaches the target,
 * starting at `row` whose cumulative weight is given: down while the row below still reaches it,
 * else up until one does (the last row when none does).
 */
function walkToQuantile(p: PreparedSample, counts: Int32Array, target: number, row: number, cumulative: number): number {
  const n = p.values.length;
  let i = row;
  if (cumulative > 0 && cumulative >= target) {
    while (i > 0) {
      const below = cumulative - p.weights[i]! * counts[p.cluster[i]!]!;
      if (!(below > 0 && below >= target)) break;
      cumulative = below;
      i--;
    }
    return i;
  }
  while (i < n - 1) {
    i++;
    cumulative += p.weights[i]! * counts[p.cluster[i]!]!;
    if (cumulative > 0 && cumulative >= target) return i;
  }
  return n - 1;
}

/**
 * Returns after − before of a weighted quantile with a percentile-bootstrap interval and a
 * bootstrap p-value (twice the smaller tail share of resampled differences beyond 0, at least
 * 2/(B+1)). With
 * `clusters`, whole clusters (sessions) are resampled. Each sample is sorted once; a resample is
 * a vector of cluster multiplicities, so one resample costs O(n).
 */
export function quantileChange(
  before: { values: ArrayLike<number>; weights: ArrayLike<number>; clusters?: ArrayLike<number> },
  after: { values: ArrayLike<number>; weights: ArrayLike<number>; clusters?: ArrayLike<number> },
  q: number,
  resamples: number,
  seed = 1,
): Difference {
  return preparedQuantileChange(prepareSample(before), prepareSample(after), q, resamples, seed);
}

/** quantileChange on samples already prepared (so several quantiles of one sample share the sort); only the difference when a side has one row or one cluster. */
export function preparedQuantileChange(pb: PreparedSample, pa: PreparedSample, q: number, resamples: number, seed = 1): Difference {
  return preparedQuantileChanges(pb, pa, [q], resamples, seed)[0]!;
}

/**
 * preparedQuantileChange for several quantiles of the same two samples, from one bootstrap: each
 * resample is drawn once and every quantile read from it (drawing was most of a resample's cost).
 * With one quantile it gives what preparedQuantileChange gives.
 */
export function preparedQuantileChanges(pb: PreparedSample, pa: PreparedSample, qs: readonly number[], resamples: number, seed = 1): Difference[] {
  const qb = qs.map((q) => preparedQuantile(pb, q));
  const qa = qs.map((q) => preparedQuantile(pa, q));
  // empty, or no positive weight: the same for every q
  if (qb.includes(null) || qa.includes(null)) return qs.map(() => pointDifference());
  const delta = (j: number) => qa[j]! - qb[j]!;
  // resampling one cluster (one session) only ever draws that session again: no interval
  if (pb.values.length < 2 || pa.values.length < 2 || pb.clusters < 2 || pa.clusters < 2) return qs.map((_, j) => pointDifference(delta(j)));
  const random = randomState(seed);
  const cb = new Int32Array(pb.clusters);
  const ca = new Int32Array(pa.clusters);
  const ab = qs.map((q) => quantileAnchor(pb, q));
  const aa = qs.map((q) => quantileAnchor(pa, q));
  const rb = new Float64Array(qs.length);
  const ra = new Float64Array(qs.length);
  const diffs = qs.map(() => new Float64Array(resamples));
  for (let b = 0; b < resamples; b++) {
    resampledQuantiles(pa, qs, random, ca, aa, ra);
    resampledQuantiles(pb, qs, random, cb, ab, rb);
    for (let j = 0; j < qs.length; j++) diffs[j]![b] = ra[j]! - rb[j]!;
  }
  return qs.map((_, j) => bootstrapDifference(delta(j), diffs[j]!, resamples));
}

/**
 * A percentile-bootstrap interval of resampled differences, and a bootstrap p-value: twice the
 * smaller share of them beyond 0, at least 2/(B+1).
 */
function bootstrapDifference(delta: number, diffs: Float64Array, resamples: number): Difference {
  diffs.sort();
  const at = (p: number) => diffs[Math.min(diffs.length - 1, Math.max(0, Math.floor(p * diffs.length)))]!;
  let below = 0;
  let above = 0;
  for (const x of diffs) {
    if (x <= 0) below++;
    if (x >= 0) above++;
  }
  // never below 2/(B+1): B resamples cannot show a smaller two-sided p, and a p of 0 survives any Holm multiplier
  const p = Math.min(1, Math.max((2 * Math.min(below, above)) / diffs.length, 2 / (resamples + 1)));
  return { delta, ci_low: at(0.025), ci_high: at(0.975), p_value: p };
}
