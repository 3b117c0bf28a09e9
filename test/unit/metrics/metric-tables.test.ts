import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeImpacts } from '../../../src/metrics/change-impacts.js';
import { failureProne } from '../../../src/metrics/failure-prone.js';
import type { MetricSettings, TurnFact } from '../../../src/metrics/turn-fact.js';
import { turnQuality } from '../../../src/metrics/turn-quality.js';

const SETTINGS: MetricSettings = { minSampleSize: 30, turnIndexCap: 5, minSupportSessions: 20, impactWindowDays: 7, bootstrapResamples: 200 };

let next = 0;
const sessionNumbers = new Map<string, number>();
function turn(over: Partial<TurnFact>): TurnFact {
  next++;
  const t: TurnFact = {
    session_id: `s${next}`, user_id: null, session_type: 'a', turn_index: 1, session_turns: 1, session_cohort: '1-3', turn_bucket: 1,
    day: '2026-10-01', provider: 'openai', request_model: 'gpt-4o', response_model: 'gpt-4o-old', sampling_weight: 1, weight_source: 'none',
    is_failed: false, failure_kind: null, is_truncated: false, has_tool_error: false, quality: null, duration_ms: 1000, total_tokens: 500, cost_usd: 0.01,
    cumulative_tokens: 500, cumulative_cost_usd: 0.01, marginal_input_tokens: null, is_repetition: false, session_no: -1, ...over,
  };
  if (!sessionNumbers.has(t.session_id)) sessionNumbers.set(t.session_id, sessionNumbers.size);
  t.session_no = sessionNumbers.get(t.session_id)!;
  return t;
}

describe('failure-prone ranking', () => {
  it('ranks by the CI lower bound and never ranks a group below the minimum support', () => {
    const turns = [
      // 3 sessions, all failed: the highest rate, but too few to rank
      ...Array.from({ length: 3 }, () => turn({ session_type: 'tiny', is_failed: true, failure_kind: 'llm_error' })),
      ...Array.from({ length: 100 }, (_, i) => turn({ session_type: 'bad', is_failed: i < 40, failure_kind: i < 40 ? 'tool_error' : null })),
      ...Array.from({ length: 100 }, (_, i) => turn({ session_type: 'ok', is_failed: i < 5, failure_kind: i < 5 ? 'truncated' : null })),
    ];
    const rows = failureProne(turns, 'session_type', SETTINGS);
    assert.deepEqual(rows.map((r) => [r.group_key, r.rank]), [['bad', 1], ['ok', 2], ['tiny', null]]);
    assert.equal(rows[0]!.top_failure_kinds, 'tool_error:40');
    assert.ok(rows[0]!.lift! > 1 && rows[1]!.lift! < 1);
  });
});

describe('turn quality', () => {
  it('caps the turn bucket, splits by cohort, and skips repetition on turn 1', () => {
    const turns = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => turn({ session_id: 'long', session_turns: 8, session_cohort: '8+', turn_index: k, turn_bucket: Math.min(k, 5), quality: 1 - k / 10 }));
    const rows = turnQuality(turns, SETTINGS);
    const labels = [...new Set(rows.filter((r) => r.session_cohort === '8+').map((r) => r.turn_bucket_label))];
    assert.deepEqual(labels, ['1', '2', '3', '4', '5+']);
    assert.ok(!rows.some((r) => r.metric === 'repetition_rate' && r.turn_bucket === 1));
    const q5 = rows.find((r) => r.session_cohort === 'all' && r.turn_bucket === 5 && r.metric === 'mean_quality')!;
    assert.equal(q5.n, 4);
    assert.ok(Math.abs(q5.value! - (0.5 + 0.4 + 0.3 + 0.2) / 4) < 1e-12);
    assert.ok(q5.is_small_sample);
  });
});

describe('model change impacts', () => {
  it('finds a planted failure-rate jump, Holm-adjusts across metrics, and labels it observational', () => {
    const turns: TurnFact[] = [];
    for (let i = 0; i < 400; i++) turns.push(turn({ day: '2026-10-03', is_failed: i % 20 === 0, session_type: i % 2 ? 'x' : 'y' }));
    for (let i = 0; i < 400; i++) turns.push(turn({ day: '2026-10-09', response_model: 'gpt-4o-new', is_failed: i % 20 < 3, session_type: i % 2 ? 'x' : 'y' }));
    const rows = changeImpacts([{ provider: 'openai', request_model: 'gpt-4o', response_model: 'gpt-4o-new', previous_snapshot: 'gpt-4o-old', change_day: '2026-10-08' }], turns, SETTINGS);
    const f = rows.find((r) => r.scope === 'overall' && r.metric === 'failure_rate')!;
    assert.ok(Math.abs(f.difference! - 0.1) < 1e-12);
    assert.ok(f.is_significant && f.p_holm! >= f.p_value!);
    assert.ok(rows.every((r) => r.evidence === 'observational'));
    const latency = rows.find((r) => r.scope === 'overall' && r.metric === 'latency_p50_ms')!;
    assert.equal(latency.difference, 0);
    assert.ok(!latency.is_significant);
    assert.deepEqual([...new Set(rows.map((r) => `${r.scope}/${r.segment}`))], ['overall/all', 'session_type/x', 'session_type/y', 'mix_adjusted/all']);
    const mix = rows.find((r) => r.scope === 'mix_adjusted' && r.metric === 'failure_rate')!;
    assert.ok(Math.abs(mix.difference! - 0.1) < 1e-12);
    assert.ok(!rows.some((r) => r.comparison === 'concurrent'), 'no day served by both snapshots');
  });

  it('a mix-adjusted rate is small where the overall one is (fewer than 5 hits), and keeps an interval at 0 of n', () => {
    const turns: TurnFact[] = [];
    // truncations: 0 of 400 before, 2 of 400 after (all in type x)
    for (let i = 0; i < 400; i++) turns.push(turn({ day: '2026-10-03', session_type: i % 2 ? 'x' : 'y' }));
    for (let i = 0; i < 400; i++) turns.push(turn({ day: '2026-10-09', response_model: 'gpt-4o-new', is_truncated: i < 4 && i % 2 === 1, session_type: i % 2 ? 'x' : 'y' }));
    const rows = changeImpacts([{ provider: 'openai', request_model: 'gpt-4o', response_model: 'gpt-4o-new', previous_snapshot: 'gpt-4o-old', change_day: '2026-10-08' }], turns, SETTINGS);
    const overall = rows.find((r) => r.scope === 'overall' && r.metric === 'truncation_rate')!;
    const mix = rows.find((r) => r.scope === 'mix_adjusted' && r.metric === 'truncation_rate')!;
    assert.equal(overall.is_small_sample, true);
    assert.equal(mix.is_small_sample, true);
    assert.ok(mix.ci_low! < 0 && mix.ci_high! > mix.difference! && mix.p_value! > 0.05, JSON.stringify(mix));
  });

  it('one session on a side gives no difference interval or p-value, and the mix-adjusted sum keeps its type but has no interval', () => {
    const turns: TurnFact[] = [];
    const change = { provider: 'openai', request_model: 'gpt-4o', response_model: 'gpt-4o-new', previous_snapshot: 'gpt-4o-old', change_day: '2026-10-08' };
    // type "big": one session per side, 60 turns each, tokens 500 → 5000, latency 300 → 900, failures 0 → 30
    for (let i = 0; i < 60; i++) turns.push(turn({ session_id: 'big-before', session_type: 'big', day: '2026-10-03', total_tokens: 500, duration_ms: 300 }));
    for (let i = 0; i < 60; i++) turns.push(turn({ session_id: 'big-after', session_type: 'big', day: '2026-10-09', response_model: 'gpt-4o-new', total_tokens: 5000, duration_ms: 900, is_failed: i < 30 }));
    // type "many": 100 one-turn sessions per side, nothing changes
    for (let i = 0; i < 100; i++) turns.push(turn({ session_type: 'many', day: '2026-10-03', total_tokens: 500 + (i % 7) }));
    for (let i = 0; i < 100; i++) turns.push(turn({ session_type: 'many', day: '2026-10-09', response_model: 'gpt-4o-new', total_tokens: 500 + (i % 7) }));
    const rows = changeImpacts([change], turns, SETTINGS);
    const row = (scope: string, segment: string, metric: string) => rows.find((r) => r.scope === scope && r.segment === segment && r.metric === metric)!;
    for (const metric of ['failure_rate', 'tokens_per_turn', 'latency_p50_ms', 'latency_p95_ms']) {
      const big = row('session_type', 'big', metric);
      assert.ok(big.difference !== null && big.difference > 0, `${metric}: the difference itself is shown`);
      assert.deepEqual([big.ci_low, big.ci_high, big.p_value, big.p_holm, big.is_significant, big.is_small_sample], [null, null, null, null, false, true], `${metric} of one session per side`);
    }
    // the mix-adjusted tokens: big's 4500 counted at its before share (60 of 160 turns), no interval
    const mix = row('mix_adjusted', 'all', 'tokens_per_turn');
    assert.ok(Math.abs(mix.difference! - (60 / 160) * 4500) < 1e-9, String(mix.difference));
    assert.deepEqual([mix.ci_low, mix.ci_high, mix.p_value, mix.is_significant, mix.is_small_sample], [null, null, null, false, true]);
    const mixFailures = row('mix_adjusted', 'all', 'failure_rate');
    assert.deepEqual([mixFailures.ci_low, mixFailures.p_value, mixFailures.is_significant, mixFailures.is_small_sample], [null, null, false, true]);
    // the overall rows rest on 101 sessions a side: they keep their intervals
    assert.ok(row('overall', 'all', 'tokens_per_turn').ci_low !== null);
  });

  it('compares old and new snapshot on the days both served traffic', () => {
    const turns: TurnFact[] = [];
    for (let i = 0; i < 200; i++) turns.push(turn({ day: '2026-10-08', response_model: i % 2 ? 'gpt-4o-new' : 'gpt-4o-old', is_failed: i % 2 === 1 && i % 10 < 6 }));
    const rows = changeImpacts([{ provider: 'openai', request_model: 'gpt-4o', response_model: 'gpt-4o-new', previous_snapshot: 'gpt-4o-old', change_day: '2026-10-08' }], turns, SETTINGS);
    const c = rows.find((r) => r.comparison === 'concurrent' && r.metric === 'failure_rate')!;
    assert.equal(c.before_value, 0);
    assert.ok(c.after_value! > 0.5 && c.is_significant);
  });
});
