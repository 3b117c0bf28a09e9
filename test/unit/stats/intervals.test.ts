import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalCdf, normalQuantile, tQuantile, twoSidedNormalP, twoSidedTP } from '../../../src/stats/distributions.js';
import { holm, meanT, proportionDifference, welch, wilson } from '../../../src/stats/intervals.js';

const close = (a: number | null, b: number, tol = 1e-3) => assert.ok(a !== null && Math.abs(a - b) < tol, `${a} ≉ ${b}`);

describe('distributions', () => {
  it('matches published quantiles', () => {
    close(normalQuantile(0.975), 1.959964, 1e-6);
    close(normalCdf(1.959964), 0.975, 1e-6);
    close(tQuantile(0.975, 10), 2.228139, 1e-4); // t table
    close(tQuantile(0.975, 1), 12.7062, 1e-3);
    close(twoSidedTP(2.228139, 10), 0.05, 1e-5);
  });
  it('two-sided normal p-values keep their tail (no rounding to 0 past z ≈ 8.3) and are 1 at z = 0', () => {
    close(twoSidedNormalP(1.959964), 0.05, 1e-6);
    assert.equal(twoSidedNormalP(0), 1);
    const far = twoSidedNormalP(10); // 1.5240e-23
    assert.ok(far > 1.45e-23 && far < 1.6e-23, String(far)); // the erf approximation's own error, a few % this far out
    assert.equal(twoSidedNormalP(-10), far);
  });
});

describe('wilson', () => {
  it('matches the textbook interval for 81/263 (Newcombe 1998, example)', () => {
    const e = wilson(81, 263);
    close(e.ci_low, 0.2553, 1e-4);
    close(e.ci_high, 0.3662, 1e-4);
    assert.equal(e.is_small_sample, false);
  });
  it('flags small samples and handles zero', () => {
    assert.equal(wilson(1, 3).is_small_sample, true);
    assert.equal(wilson(0, 0).value, null);
    close(wilson(0, 10).ci_low, 0);
  });
  it('always contains the estimate: 0 of n starts at 0, n of n ends at 1 (rounding missed by 1e-16)', () => {
    for (let n = 1; n <= 2000; n++) {
      assert.equal(wilson(0, n).ci_low, 0, `0 of ${n}`);
      assert.equal(wilson(n, n).ci_high, 1, `${n} of ${n}`);
    }
  });
});

describe('differences', () => {
  it("gives Newcombe's method-10 interval for 56/70 vs 48/80 (Newcombe 1998 table II)", () => {
    const d = proportionDifference(48, 80, 56, 70); // p2 - p1 = 0.8 - 0.6
    close(d.delta, 0.2, 1e-9);
    close(d.ci_low, 0.0524, 1e-3);
    close(d.ci_high, 0.3339, 1e-3);
    assert.ok(d.p_value! < 0.01);
  });
  it('Welch: identical samples give p = 1, shifted samples a small p', () => {
    const a = Array.from({ length: 50 }, (_, i) => i % 10);
    assert.equal(welch(a, a).p_value, 1);
    const b = a.map((x) => x + 3);
    const w = welch(a, b);
    close(w.delta, 3, 1e-9);
    assert.ok(w.p_value! < 1e-4 && w.ci_low! > 1.5 && w.ci_low! < 3 && w.ci_high! > 3 && w.ci_high! < 4.5);
  });
  it('mean t interval', () => {
    const e = meanT([1, 2, 3, 4, 5]);
    close(e.value, 3);
    close(e.ci_low, 3 - 2.776445 * Math.sqrt(2.5 / 5), 1e-4);
  });
});

describe('holm', () => {
  it('adjusts and keeps order, monotone', () => {
    assert.deepEqual(holm([0.01, 0.04, null, 0.03]).map((p) => (p === null ? null : Math.round(p * 1000) / 1000)), [0.03, 0.06, null, 0.06]);
  });
  it('leaves a NaN out (as null) instead of voiding the family', () => {
    assert.deepEqual(holm([Number.NaN, 0.01, 0.02]), [null, 0.02, 0.02]);
  });
});
