import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDisjoint, parseWindow } from '../../../src/compare/parse-window.js';
import { HIGHER_IS_BETTER, verdictOf } from '../../../src/compare/verdict.js';
import { UsageError } from '../../../src/errors.js';

describe('parseWindow', () => {
  it('reads dates as whole UTC days, both ends included', () => {
    const w = parseWindow('2026-11-01..2026-11-07', '--before');
    assert.equal(new Date(w.fromMs).toISOString(), '2026-11-01T00:00:00.000Z');
    assert.equal(new Date(w.toMs).toISOString(), '2026-11-08T00:00:00.000Z');
  });

  it('reads timestamps exactly, UTC unless a zone is given', () => {
    const w = parseWindow('2026-11-01T06:30..2026-11-01T10:00:00+02:00', '--after');
    assert.equal(new Date(w.fromMs).toISOString(), '2026-11-01T06:30:00.000Z');
    assert.equal(new Date(w.toMs).toISOString(), '2026-11-01T08:00:00.000Z');
  });

  for (const bad of ['2026-11-01', '2026-11-01..', '..2026-11-02', '2026-02-30..2026-03-01', 'yesterday..today', '2026-11-07..2026-11-01', '2026-11-01..2026-11-02..2026-11-03']) {
    it(`rejects ${JSON.stringify(bad)} with a usage error naming the flag`, () => {
      assert.throws(() => parseWindow(bad, '--before'), (e: unknown) => e instanceof UsageError && /^--before: /.test(e.message));
    });
  }

  it('rejects overlapping windows and accepts adjacent ones', () => {
    const a = parseWindow('2026-11-01..2026-11-07', '--before');
    assert.throws(() => assertDisjoint(a, parseWindow('2026-11-07..2026-11-14', '--after')), UsageError);
    assertDisjoint(a, parseWindow('2026-11-08..2026-11-14', '--after'));
  });
});

describe('verdictOf', () => {
  const row = (metric: string, difference: number | null, p_holm: number | null, is_small_sample = false) => ({ metric, difference, p_holm, is_small_sample });

  it('calls a significant rise in a failure rate worse and in quality better', () => {
    assert.equal(verdictOf(row('failure_rate', 0.05, 0.001)), 'worse');
    assert.equal(verdictOf(row('failure_rate', -0.05, 0.001)), 'better');
    assert.equal(verdictOf(row('mean_quality', 0.05, 0.001)), 'better');
    assert.equal(verdictOf(row('latency_p95_ms', 120, 0.01)), 'worse');
  });

  it('gives no verdict above alpha (Holm-adjusted) or below the minimum sample', () => {
    assert.equal(verdictOf(row('failure_rate', 0.05, 0.05)), 'no significant change');
    assert.equal(verdictOf(row('failure_rate', 0.5, 0.0001, true)), 'too little data');
    assert.equal(verdictOf(row('failure_rate', null, null)), 'too little data');
  });

  it('knows a direction for every metric it may be given', () => {
    for (const metric of Object.keys(HIGHER_IS_BETTER)) assert.notEqual(verdictOf(row(metric, 1, 0.001)), 'too little data');
    assert.throws(() => verdictOf(row('made_up_metric', 1, 0.001)));
  });
});
