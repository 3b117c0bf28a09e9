import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assembleCompare, COMPARE_METRICS, type CompareInput } from '../../../src/compare/assemble-compare.js';
import { changeId, findChange } from '../../../src/compare/change-id.js';
import type { CompareTurn } from '../../../src/compare/compare-turn.js';
import { regressionGate } from '../../../src/compare/regression-gate.js';
import { formatDelta, formatP, formatValue, renderCompare, tableCells, TABLE_COLUMNS } from '../../../src/compare/render-compare.js';
import { modeOf } from '../../../src/compare/run-compare.js';
import { UsageError } from '../../../src/errors.js';
import { seededRandom } from '../../../src/metrics/weighted-estimates.js';
import { numberSessions } from '../../../src/metrics/turn-fact.js';

/** Returns turns of `sessions` sessions of each type, 4 turns each, failing with probability `fail(type)`. */
function turns(side: 'b' | 'a', day: string, types: string[], sessions: number, fail: (type: string) => number): CompareTurn[] {
  const out: CompareTurn[] = [];
  const u = seededRandom(side === 'b' ? 1 : 2); // seeded: the same turns every run
  types.forEach((type) => {
    for (let s = 0; s < sessions; s++) {
      for (let i = 1; i <= 4; i++) {
        const r = u();
        out.push({
          trace_id: `${side}-${type}-${s}-${i}`, session_id: `${side}-${type}-${s}`, user_id: null, session_type: type, turn_index: i, session_turns: 4, session_cohort: '4-7',
          turn_bucket: i, day, provider: 'openai', request_model: 'gpt-4o', response_model: side === 'b' ? 'old' : 'new', sampling_weight: 1, weight_source: 'none',
          is_failed: r < fail(type), failure_kind: r < fail(type) ? 'llm_error' : null, is_truncated: false, has_tool_error: false, quality: 0.5 + 0.4 * u(),
          duration_ms: 1000 + 1000 * u(), total_tokens: 500 + 100 * u(), cost_usd: 0.001 + 0.001 * u(), cumulative_tokens: 0,
          cumulative_cost_usd: null, marginal_input_tokens: null, is_repetition: false, started_at_ms: Date.parse(`${day}T12:00:00Z`) + s * 60_000 + i * 1000,
          session_no: 0, // set by numberSessions below
        });
      }
    }
  });
  return numberSessions(out);
}

function input(before: CompareTurn[], after: CompareTurn[], extra: Partial<CompareInput> = {}): CompareInput {
  const side = (label: string) => ({ label, from: '2026-10-01T00:00:00Z', to: '2026-10-08T00:00:00Z', response_model: null, days: null });
  return {
    mode: 'windows', before: { side: side('b'), turns: before }, after: { side: side('a'), turns: after },
    filters: { provider: null, request_model: null, session_type: null }, change: null, metrics: null, minN: 30, minSessions: 30, bootstrapResamples: 200, ...extra,
  };
}

const TYPES = ['alpha', 'beta', 'gamma'];
const planted = () => assembleCompare(input(turns('b', '2026-10-01', TYPES, 80, () => 0.05), turns('a', '2026-10-09', TYPES, 80, (t) => (t === 'beta' ? 0.3 : 0.05))));

describe('assembleCompare', () => {
  it('gives rows overall, mix-adjusted, then per type, metrics in order, with sample sizes on every row', () => {
    const r = planted();
    const scopes = [...new Set(r.rows.map((x) => `${x.scope}/${x.segment}`))];
    assert.deepEqual(scopes, ['overall/all', 'mix_adjusted/all', 'session_type/alpha', 'session_type/beta', 'session_type/gamma']);
    assert.deepEqual(r.rows.filter((x) => x.scope === 'overall').map((x) => x.metric), COMPARE_METRICS);
    // quantiles have no mix-adjusted row
    assert.ok(!r.rows.some((x) => x.scope === 'mix_adjusted' && x.metric.startsWith('latency')));
    const beta = r.rows.find((x) => x.segment === 'beta' && x.metric === 'failure_rate')!;
    assert.deepEqual([beta.before_n, beta.after_n, beta.before_sessions, beta.after_sessions], [320, 320, 80, 80]);
    assert.deepEqual([r.before.turns, r.before.sessions], [960, 240]);
  });

  it('applies Holm once across every testable row (metrics × scopes), and finds the planted type worse', () => {
    const r = planted();
    const tested = r.rows.filter((x) => x.p_holm !== null);
    assert.equal(r.holm_family_size, tested.length);
    assert.ok(tested.length > COMPARE_METRICS.length, 'the family spans scopes, not one scope');
    // Holm over m tests: the smallest p is multiplied by m
    const smallest = tested.reduce((a, b) => (a.p_value! < b.p_value! ? a : b));
    assert.ok(Math.abs(smallest.p_holm! - Math.min(1, smallest.p_value! * tested.length)) < 1e-12);
    assert.equal(r.rows.find((x) => x.segment === 'beta' && x.metric === 'failure_rate')!.verdict, 'worse');
    // a rate with no events overall has too little data mix-adjusted as well
    assert.equal(r.rows.find((x) => x.scope === 'mix_adjusted' && x.metric === 'truncation_rate')!.verdict, 'too little data');
    for (const t of ['alpha', 'gamma']) assert.notEqual(r.rows.find((x) => x.segment === t && x.metric === 'failure_rate')!.verdict, 'worse');
  });

  it('says "too little data" below --min-n turns or --min-sessions sessions, and leaves those rows out of Holm', () => {
    const r = assembleCompare(input(turns('b', '2026-10-01', ['x'], 20, () => 0.2), turns('a', '2026-10-09', ['x'], 20, () => 0.6)));
    assert.ok(r.rows.every((x) => x.verdict === 'too little data' && x.p_holm === null && x.is_small_sample));
    assert.equal(r.holm_family_size, 0);
    const enough = assembleCompare(input(turns('b', '2026-10-01', ['x'], 20, () => 0.2), turns('a', '2026-10-09', ['x'], 20, () => 0.6), { minSessions: 10 }));
    assert.equal(enough.rows.find((x) => x.metric === 'failure_rate')!.verdict, 'worse');
    // one session type: no mix to adjust for
    assert.ok(!enough.rows.some((x) => x.scope === 'mix_adjusted'));
  });

  it('keeps only the --metric names, and the family shrinks with them', () => {
    const r = assembleCompare({ ...input(turns('b', '2026-10-01', TYPES, 80, () => 0.05), turns('a', '2026-10-09', TYPES, 80, () => 0.05)), metrics: ['failure_rate'] });
    assert.deepEqual([...new Set(r.rows.map((x) => x.metric))], ['failure_rate']);
    assert.deepEqual(r.metrics, ['failure_rate']);
    assert.equal(r.holm_family_size, 5);
  });

  it('carries daily series with n per day, and the worst sessions of the after side per type', () => {
    const r = planted();
    const failureDays = r.daily.filter((d) => d.metric === 'failure_rate');
    assert.deepEqual(failureDays.map((d) => `${d.side} ${d.day} ${d.n}`), ['before 2026-10-01 960', 'after 2026-10-09 960']);
    const beta = r.worst_sessions.filter((w) => w.session_type === 'beta');
    assert.deepEqual(beta.map((w) => w.rank), [1, 2, 3, 4, 5]);
    for (let i = 1; i < beta.length; i++) assert.ok(beta[i - 1]!.failed_turns >= beta[i]!.failed_turns);
    assert.equal(beta[0]!.first_failed_trace_id?.startsWith(`${beta[0]!.session_id}-`), true);
  });
});

describe('regressionGate', () => {
  it('exits 5 when a gated metric is worse in any scope, 0 otherwise; no names gate every metric', () => {
    const r = planted();
    assert.equal(regressionGate(r, ['failure_rate']).exit_code, 5);
    assert.deepEqual(regressionGate(r, ['failure_rate']).regressions.map((x) => `${x.scope}/${x.segment}`).includes('session_type/beta'), true);
    assert.equal(regressionGate(r, ['latency_p50_ms']).exit_code, 0);
    assert.deepEqual(regressionGate(r, []).metrics, COMPARE_METRICS);
    assert.equal(regressionGate(r, []).exit_code, 5);
  });
});

describe('render-compare', () => {
  it('formats rates in % and pp, other metrics rounded, p-values to 3 places', () => {
    assert.equal(formatValue('failure_rate', 0.1234), '12.3%');
    assert.equal(formatDelta('failure_rate', 0.051), '+5.1pp');
    assert.equal(formatDelta('mean_quality', -0.0123), '-0.012');
    assert.equal(formatValue('latency_p95_ms', 1234.4), '1234');
    assert.equal(formatP(0.0004), '<0.001');
    assert.equal(formatP(null), '—');
  });

  it('renders the table from the result: one line per row, cells without double spaces, windows and note on top', () => {
    const r = planted();
    const cells = tableCells(r);
    assert.equal(cells.length, r.rows.length);
    for (const row of cells) {
      assert.equal(row.length, TABLE_COLUMNS.length);
      for (const c of row) assert.ok(!/\s{2}/.test(c), c);
    }
    const text = renderCompare(r, regressionGate(r, ['failure_rate']));
    assert.match(text, /^before  b  \[2026-10-01T00:00:00Z, 2026-10-08T00:00:00Z\)  960 turns in 240 sessions/);
    assert.ok(text.includes(r.note) && /Observational/.test(r.note));
    assert.match(text, /Holm-adjusted across all \d+ tests/);
    assert.match(text, /regression gate \(failure_rate\): FAILED, significantly worse: .*failure_rate \(type beta\)/);
    assert.match(text, /worst sessions after.*\n  beta #1  a-beta-\d+/);
  });
});

describe('change ids', () => {
  const key = { provider: 'openai', request_model: 'gpt-4o', new_snapshot: 'gpt-4o-2024-11-20', change_day: '2026-10-08' };
  it('are 8 hex digits, stable, and differ when the change differs', () => {
    assert.match(changeId(key), /^[0-9a-f]{8}$/);
    assert.equal(changeId(key), changeId({ ...key }));
    assert.equal(changeId(key), '964a3521'); // pinned: cron lines depend on it
    assert.notEqual(changeId(key), changeId({ ...key, change_day: '2026-10-09' }));
  });

  it('are found by a unique prefix of at least 4 digits', () => {
    const list = [{ id: 'abcd1234' }, { id: 'abce9999' }];
    assert.deepEqual(findChange(list, 'ABCD'), { change: list[0] });
    assert.match((findChange(list, 'abc') as { problem: string }).problem, /4–8 hex/);
    assert.match((findChange(list, 'ffff') as { problem: string }).problem, /no detected change/);
    assert.match((findChange([...list, { id: 'abcd5678' }], 'abcd') as { problem: string }).problem, /matches 2 changes/);
  });
});

describe('modeOf', () => {
  it('reads the mode from the flags and refuses combinations that mean nothing', () => {
    assert.equal(modeOf({ before: 'a', after: 'b' }), 'windows');
    assert.equal(modeOf({ change: 'abcd' }), 'change');
    assert.equal(modeOf({ snapshot: 'o', vs: 'n' }), 'snapshot');
    assert.equal(modeOf({ snapshot: 'o', vs: 'n', after: 'x' }), 'snapshot');
    for (const bad of [{}, { before: 'a' }, { snapshot: 'o' }, { snapshot: 'o', vs: 'n', before: 'a' }, { change: 'abcd', model: 'gpt-4o' }, { change: 'abcd', before: 'a' }]) {
      assert.throws(() => modeOf(bad), UsageError, JSON.stringify(bad));
    }
  });
});
