import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { meanT, welch, wilson } from '../../../src/stats/intervals.js';
import {
  changeStandardError,
  effectiveN,
  meanChange,
  proportionChange,
  prepareSample,
  quantileChange,
  quantileAnchor,
  randomState,
  resampledQuantiles,
  preparedQuantileChange,
  preparedQuantileChanges,
  seededRandom,
  standardizedChange,
  weightedMean,
  weightedProportion,
  weightedQuantiles,
  describingQuantiles,
} from '../../../src/metrics/weighted-estimates.js';

const ones = (n: number) => Array.from({ length: n }, () => 1);

describe('weighted estimates', () => {
  it('equal weights give exactly the unweighted Wilson interval', () => {
    const flags = [...Array(81).fill(true), ...Array(182).fill(false)] as boolean[];
    const w = weightedProportion(flags, ones(263), 30);
    const u = wilson(81, 263);
    assert.equal(w.value, u.value);
    assert.ok(Math.abs(w.ci_low! - u.ci_low!) < 1e-12 && Math.abs(w.ci_high! - u.ci_high!) < 1e-12);
    // the same rows all weighted 10 (one sampling rate everywhere): same rate, same interval
    const ten = weightedProportion(flags, flags.map(() => 10), 30);
    assert.ok(Math.abs(ten.ci_low! - u.ci_low!) < 1e-12);
    assert.equal(ten.weighted_n, 2630);
  });

  it('reweights by the adjusted count: kept errors weigh 1, kept successes 10', () => {
    // population 100 errors, 900 successes; tail sampling keeps all errors and 90 successes
    const flags = [...Array(100).fill(true), ...Array(90).fill(false)] as boolean[];
    const weights = flags.map((f) => (f ? 1 : 10));
    const w = weightedProportion(flags, weights, 30);
    assert.ok(Math.abs(w.value! - 0.1) < 1e-12);
    assert.ok(w.ci_low! < 0.1 && w.ci_high! > 0.1);
    assert.ok(w.n_eff < 190, 'unequal weights lower the effective n');
    assert.ok(Math.abs(effectiveN(weights) - (1000 * 1000) / (100 + 9000)) < 1e-9);
  });

  it('equal weights give the t interval and Welch test of src/stats', () => {
    const a = [3.1, 2.9, 3.4, 3.0, 2.7, 3.3, 3.6, 2.8];
    const b = [3.9, 4.1, 3.7, 4.4, 3.8, 4.0, 4.2];
    const ma = weightedMean(a, ones(a.length), 30);
    const t = meanT(a);
    assert.ok(Math.abs(ma.ci_low! - t.ci_low!) < 1e-9 && Math.abs(ma.ci_high! - t.ci_high!) < 1e-9);
    const d = meanChange(ma, weightedMean(b, ones(b.length), 30));
    const ref = welch(a, b);
    assert.ok(Math.abs(d.delta! - ref.delta!) < 1e-12);
    assert.ok(Math.abs(d.ci_low! - ref.ci_low!) < 1e-9 && Math.abs(d.p_value! - ref.p_value!) < 1e-9);
  });

  it('tests a change in a proportion', () => {
    const before = weightedProportion([...Array(20).fill(true), ...Array(380).fill(false)], ones(400), 30);
    const after = weightedProportion([...Array(60).fill(true), ...Array(340).fill(false)], ones(400), 30);
    const d = proportionChange(before, after);
    assert.ok(Math.abs(d.delta! - 0.1) < 1e-12);
    assert.ok(d.ci_low! > 0 && d.p_value! < 1e-4);
    const same = proportionChange(before, before);
    assert.ok(same.delta === 0 && same.p_value! > 0.999);
  });

  it('weighted quantiles follow the weights', () => {
    assert.equal(weightedQuantiles([1, 2, 3, 4], [1, 1, 1, 1], [0.5])[0], 2);
    assert.equal(weightedQuantiles([1, 2, 3, 4], [1, 1, 1, 10], [0.5])[0], 4);
    assert.equal(weightedQuantiles([], [], [0.5])[0], null);
    assert.equal(weightedQuantiles([1, 2], [0, 0], [0.5])[0], null, 'rows that weigh nothing have no quantile');
  });

  it('quantiles that describe a distribution give the usual median under equal weights', () => {
    assert.deepEqual(describingQuantiles([4, 1, 3, 2], [1, 1, 1, 1], [0.5]), [2.5]);
    assert.deepEqual(describingQuantiles([1, 2, 3], [1, 1, 1], [0.5]), [2]);
    assert.deepEqual(describingQuantiles([1, 2, 3, 4], [1, 1, 1, 10], [0.5]), [4], 'weights still decide');
    assert.deepEqual(describingQuantiles([1, 2, 3, 4], [2, 0, 1, 1], [0.5]), [2], 'between 1 and 3: the zero-weight 2 is skipped');
    assert.deepEqual(describingQuantiles(Array.from({ length: 10 }, (_, i) => i + 1), Array(10).fill(1), [0.9]), [9.5]);
    assert.deepEqual(describingQuantiles([5], [1], [0.5, 0.9]), [5, 5]);
    assert.deepEqual(describingQuantiles([], [], [0.5]), [null]);
  });

  it('small samples are judged on the effective n: a few heavy rows are not many', () => {
    // 5 errors kept at weight 1, 25 successes at weight 10: 30 rows, Kish n ≈ 26, ≈ 0.5 effective errors
    const flags = [...Array(5).fill(true), ...Array(25).fill(false)] as boolean[];
    const p = weightedProportion(flags, flags.map((f) => (f ? 1 : 10)), 30);
    assert.equal(p.is_small_sample, true);
    assert.equal(weightedProportion(flags, ones(30), 30).is_small_sample, false, 'the same rows unweighted are enough');
    // one row weighing 1000 among 39 of weight 1: n_eff ≈ 1.08, below one degree of freedom
    const values = Array.from({ length: 40 }, (_, i) => i);
    const m = weightedMean(values, values.map((i) => (i === 0 ? 1000 : 1)), 30);
    assert.ok(m.n_eff < 2);
    assert.deepEqual([m.ci_low, m.ci_high, m.is_small_sample], [null, null, true]);
    assert.equal(weightedMean(values, ones(40), 30).is_small_sample, false);
  });

  it('rows of one cluster (one session) give no interval', () => {
    const flags = [...Array(25).fill(true), ...Array(25).fill(false)] as boolean[];
    const one = new Int32Array(50).fill(7);
    const p = weightedProportion(flags, ones(50), 30, one);
    assert.deepEqual([p.value, p.ci_low, p.ci_high, p.is_small_sample], [0.5, null, null, true]);
    const m = weightedMean(Array.from({ length: 50 }, (_, i) => i), ones(50), 30, one);
    assert.deepEqual([m.value, m.ci_low, m.ci_high, m.is_small_sample], [24.5, null, null, true]);
    // a rate of 1 (or 0) of one cluster: no interval either
    const all = weightedProportion(Array(50).fill(true) as boolean[], ones(50), 30, one);
    assert.deepEqual([all.value, all.ci_low, all.ci_high], [1, null, null]);
    // two clusters, their ids interleaved: an interval
    const two = weightedProportion(flags, ones(50), 30, Int32Array.from({ length: 50 }, (_, i) => i % 2));
    assert.ok(two.ci_low !== null && two.ci_high !== null && two.ci_low < 0.5 && two.ci_high > 0.5);
    const oneOfTwo = weightedProportion(Array(50).fill(true) as boolean[], ones(50), 30, Int32Array.from({ length: 50 }, (_, i) => i % 2));
    assert.ok(oneOfTwo.ci_low !== null && oneOfTwo.ci_high === 1, 'a rate of 1 over two clusters has a Wilson interval');
  });

  it('a bootstrap p-value is never below 2/(B+1)', () => {
    const base = Array.from({ length: 60 }, (_, i) => 100 + i);
    const d = quantileChange({ values: base, weights: ones(60) }, { values: base.map((v) => v + 1000), weights: ones(60) }, 0.5, 500, 3);
    assert.equal(d.p_value, 2 / 501);
  });

  it('a mix-adjusted piece keeps uncertainty at 0 of n and n of n', () => {
    const none = weightedProportion(Array(10).fill(false), ones(10), 30);
    const all = weightedProportion(Array(10).fill(true), ones(10), 30);
    const se = changeStandardError(none, all)!;
    // (0+1)/(10+2) and (10+1)/(10+2): each variance (1/12)(11/12)/12
    assert.ok(Math.abs(se - Math.sqrt((2 * (1 / 12) * (11 / 12)) / 12)) < 1e-12);
    const d = standardizedChange([{ weight: 1, delta: 1, se }]);
    assert.ok(d.ci_low! < 1 && d.p_value! > 0);
  });

  it('bootstraps a quantile difference reproducibly and finds a large shift', () => {
    const base = Array.from({ length: 200 }, (_, i) => 100 + (i % 50));
    const before = { values: base, weights: ones(200) };
    const after = { values: base.map((v) => v + 40), weights: ones(200) };
    const d1 = quantileChange(before, after, 0.5, 300, 7);
    const d2 = quantileChange(before, after, 0.5, 300, 7);
    assert.deepEqual(d1, d2);
    assert.equal(d1.delta, 40);
    assert.ok(d1.ci_low! > 0 && d1.p_value! < 0.01);
    const none = quantileChange(before, before, 0.5, 300, 7);
    assert.ok(none.p_value! > 0.05);
  });

  it('resampled quantiles, walked from their anchors (up or down), are the weighted quantiles of one resample of the rows', () => {
    const u = seededRandom(3);
    const n = 300;
    const values = Array.from({ length: n }, () => Math.round(u() * 1000)); // ties included
    const positive = Array.from({ length: n }, () => 1 + Math.floor(u() * 4));
    const withZeros = Array.from({ length: n }, () => Math.floor(u() * 3)); // sampling weight 0 (ot=p:63) included
    const clusters = Array.from({ length: n }, (_, i) => Math.floor(i / 3));
    const qs = [0.001, 0.1, 0.5, 0.9, 0.95, 0.999];
    // all six from one draw, and each alone
    for (const [weights, wanted] of [positive, withZeros].flatMap((w) => [qs, ...qs.map((q) => [q])].map((q) => [w, q] as const))) {
      const p = prepareSample({ values, weights, clusters });
      const anchors = wanted.map((q) => quantileAnchor(p, q));
      for (let r = 0; r < 20; r++) {
        // replay the draw to know the multiplicities, then expand the resample by them
        const seed = 100 * r + Math.round(wanted[0]! * 100);
        const counts = new Int32Array(p.clusters);
        const got = new Float64Array(wanted.length);
        resampledQuantiles(p, wanted, randomState(seed), counts, anchors, got);
        const draw = seededRandom(seed);
        const m = new Int32Array(p.clusters);
        for (let k = 0; k < p.clusters; k++) m[Math.floor(draw() * p.clusters)]!++;
        // drawClusters writes the generator out again (for speed): it must give seededRandom's draws
        assert.deepEqual(counts, m);
        const rv: number[] = [];
        const rw: number[] = [];
        for (let i = 0; i < p.values.length; i++) {
          if (m[p.cluster[i]!]! > 0) {
            rv.push(p.values[i]!);
            rw.push(p.weights[i]! * m[p.cluster[i]!]!);
          }
        }
        assert.deepEqual([...got], weightedQuantiles(rv, rw, wanted), `q ${wanted.join(',')} resample ${r}${weights === withZeros ? ' with zero weights' : ''}`);
      }
    }
  });

  it('quantile differences from one bootstrap: the first as its own bootstrap gives it, the others from the same resamples', () => {
    const u = seededRandom(11);
    const sample = (shift: number) => {
      const values = Array.from({ length: 400 }, () => Math.round(u() * 1000) + shift);
      return prepareSample({ values, weights: values.map(() => 1 + Math.floor(u() * 3)), clusters: values.map((_, i) => Math.floor(i / 4)) });
    };
    const before = sample(0);
    const after = sample(60);
    const both = preparedQuantileChanges(before, after, [0.5, 0.95], 300, 5);
    // the first reads the stream its own bootstrap would; the second reads the same resamples
    assert.deepEqual(both[0], preparedQuantileChange(before, after, 0.5, 300, 5));
    assert.equal(both[1]!.delta, preparedQuantileChange(before, after, 0.95, 300, 5).delta);
    assert.ok(both.every((d) => d.ci_low! <= d.delta! && d.delta! <= d.ci_high!));
    assert.ok(both[0]!.ci_low! > 0, 'a shift of 60 on values spread over 1000 with 100 clusters a side');
    // one row or one cluster a side: the differences alone
    const one = prepareSample({ values: [5, 7], weights: [1, 1], clusters: [0, 0] });
    assert.deepEqual(preparedQuantileChanges(one, after, [0.5, 0.95], 300, 5).map((d) => d.ci_low), [null, null]);
  });

  it('a standardized change of one stratum is that stratum’s change', () => {
    const d = standardizedChange([{ weight: 5, delta: 0.1, se: 0.02 }]);
    assert.ok(Math.abs(d.delta! - 0.1) < 1e-12 && Math.abs(d.ci_low! - (0.1 - 1.959964 * 0.02)) < 1e-5);
    const two = standardizedChange([{ weight: 3, delta: 0.2, se: 0.05 }, { weight: 1, delta: 0, se: 0.05 }]);
    assert.ok(Math.abs(two.delta! - 0.15) < 1e-12);
    // a stratum without a standard error counts in the estimate; the sum then has no interval
    const unknown = standardizedChange([{ weight: 3, delta: 0.2, se: 0.05 }, { weight: 1, delta: 0, se: null }]);
    assert.ok(Math.abs(unknown.delta! - 0.15) < 1e-12);
    assert.deepEqual([unknown.ci_low, unknown.ci_high, unknown.p_value], [null, null, null]);
  });

  it('clusters: five copies of each session’s turn carry the evidence of one turn, not five', () => {
    const flags = Array.from({ length: 40 }, (_, i) => i % 4 === 0);
    const copies = flags.flatMap((f) => [f, f, f, f, f]);
    const clusters = flags.flatMap((_, i) => Array(5).fill(i) as number[]);
    const naive = weightedProportion(copies, ones(200), 30);
    const robust = weightedProportion(copies, ones(200), 30, clusters);
    const single = weightedProportion(flags, ones(40), 30);
    assert.ok(Math.abs(naive.n_eff - 200) < 1e-9);
    assert.ok(Math.abs(robust.n_eff - 39) < 1e-9, `n_eff ${robust.n_eff}`); // 40 sessions, C/(C−1) correction
    assert.ok(Math.abs(robust.ci_low! - single.ci_low!) < 0.01 && robust.ci_low! < single.ci_low!);
    const values = Array.from({ length: 40 }, (_, i) => (i * 7) % 13);
    const m = weightedMean(values.flatMap((v) => [v, v, v, v, v]), ones(200), 30, clusters);
    const m1 = weightedMean(values, ones(40), 30);
    assert.equal(m.df, 39);
    assert.ok(Math.abs(m.ci_high! - m1.ci_high!) < 0.05 * (m1.ci_high! - m1.value!), 'about the width of the 40 distinct turns');
  });

  it('clusters: rows of a cluster need not be adjacent (interleaved order gives the same estimate)', () => {
    const n = 120;
    const cluster = Array.from({ length: n }, (_, i) => Math.floor(i / 4)); // adjacent: 30 clusters of 4
    const flags = cluster.map((c, i) => (c * 3 + i) % 5 === 0);
    const values = cluster.map((c, i) => c + (i % 4) * 0.5);
    const weights = cluster.map((_, i) => 1 + (i % 3));
    const order = Array.from({ length: n }, (_, i) => (i * 7) % n); // a permutation that interleaves clusters
    const pick = <T>(xs: T[]) => order.map((i) => xs[i]!);
    const a = weightedProportion(flags, weights, 30, cluster);
    const b = weightedProportion(pick(flags), pick(weights), 30, pick(cluster));
    assert.ok(Math.abs(a.n_eff - b.n_eff) < 1e-9 && a.n_eff < n);
    const ma = weightedMean(values, weights, 30, cluster);
    const mb = weightedMean(pick(values), pick(weights), 30, pick(cluster));
    assert.ok(Math.abs(ma.se2! - mb.se2!) < 1e-12 && ma.df === 29 && mb.df === 29);
  });
});
