/**
 * The per-turn rules of turn_facts, on hand-written spans: the sampling weight from each encoding
 * (CONVENTIONS §5) and the repetition rule.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { query, runCli, tempDir } from '../helpers/run-cli.js';

let traceNo = 0;
/** Returns one OTLP JSON line: a root span (session, trace state, attributes) and one chat call answering `completion`. */
function turn(session: string, completion: string, traceState: string, rootAttrs: [string, string | number][] = []): string {
  traceNo++;
  const traceId = traceNo.toString(16).padStart(32, '0');
  const t0 = 1_760_000_000_000_000_000n + BigInt(traceNo) * 1_000_000_000_000n;
  const attr = ([key, v]: [string, string | number]) => ({ key, value: typeof v === 'number' ? { intValue: v } : { stringValue: v } });
  const root = { traceId, spanId: '1'.padStart(16, '0'), traceState, name: 'turn', startTimeUnixNano: String(t0), endTimeUnixNano: String(t0 + 5_000_000_000n), attributes: [['session.id', session] as [string, string], ...rootAttrs].map(attr) };
  const chat = {
    traceId, spanId: '2'.padStart(16, '0'), parentSpanId: root.spanId, traceState, name: 'chat gpt-4o',
    startTimeUnixNano: String(t0 + 1_000_000_000n), endTimeUnixNano: String(t0 + 2_000_000_000n),
    attributes: ([['gen_ai.operation.name', 'chat'], ['gen_ai.provider.name', 'openai'], ['gen_ai.request.model', 'gpt-4o'], ['gen_ai.response.model', 'gpt-4o-2024-08-06'],
      ['gen_ai.usage.input_tokens', 100 * traceNo], ['gen_ai.usage.output_tokens', 10], ['gen_ai.completion', JSON.stringify(completion)]] as [string, string | number][]).map(attr),
  };
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [root, chat] }] }] });
}

/** Returns the words "w<from>" … "w<to − 1>", space-separated, in a shuffled order. */
const words = (from: number, to: number): string =>
  Array.from({ length: to - from }, (_, i) => `w${from + ((i * 7) % (to - from))}`).join(' ');

describe('turn_facts rules', () => {
  it('weights each turn by its adjusted count and flags near-identical consecutive completions', async () => {
    const dir = tempDir();
    const lines = [
      turn('s1', 'The refund was issued today.', 'ot=th:c'), // p = 1/4 → 4
      turn('s1', 'the refund was issued, today!', 'vendor=x,ot=rv:0123456789abcd;p:3'), // same words → repetition; 2^3 = 8
      turn('s1', 'Something entirely different here.', '', [['SampleRate', 5]]), // 1 in 5 → 5
      turn('s2', 'Hello there.', ''), // no sampling information → 1, 'none'
      turn('s2', 'Hello there, how can I help with the refund today?', 'ot=p:63'), // zero adjusted count
      // long completions (300 distinct words each, 200 shared): their intersection is counted by
      // the other method of turn_facts.sql (past 65,536 word pairs)
      turn('s3', words(0, 300), ''),
      turn('s3', words(100, 400) + ' ' + words(100, 150), ''), // repeated words count once
    ];
    writeFileSync(path.join(dir, 'a.jsonl'), lines.join('\n') + '\n');
    const db = path.join(dir, 'db.duckdb');
    assert.equal(runCli(['ingest', dir, '--db', db]).code, 0);
    const build = runCli(['build', '--db', db]);
    assert.equal(build.code, 0, build.stderr);
    const rows = await query(db, `select session_id, turn_index, sampling_weight, weight_source, is_repetition, completion_similarity, marginal_input_tokens from turn_facts order by session_id, turn_index`);
    assert.deepEqual(
      rows.map((r) => [r.session_id, Number(r.turn_index), Number(r.sampling_weight), r.weight_source, r.is_repetition]),
      [
        ['s1', 1, 4, 'ot_th', false],
        ['s1', 2, 8, 'ot_p', true],
        ['s1', 3, 5, 'sample_rate', false],
        ['s2', 1, 1, 'none', false],
        ['s2', 2, 0, 'ot_p', false],
        ['s3', 1, 1, 'none', false],
        ['s3', 2, 1, 'none', false],
      ],
    );
    assert.equal(rows[1]!.completion_similarity, 1);
    assert.equal(rows[2]!.completion_similarity, 0);
    assert.equal(rows[4]!.completion_similarity, 2 / 10); // {hello, there} of 10 words
    assert.equal(rows[6]!.completion_similarity, 200 / 400);
    assert.equal(rows[0]!.marginal_input_tokens, null);
    assert.equal(Number(rows[1]!.marginal_input_tokens), 100);
    const [record] = await query(db, `select is_weighted, has_mixed_sources, weight_sources from metric_weighting where table_name = 'overall_rates'`);
    assert.deepEqual(record, { is_weighted: true, has_mixed_sources: true, weight_sources: 'none, ot_p, ot_th, sample_rate' });
    // other sample-rate keys are read from the JSON: the default keys plus one gives the same weights,
    // and a key only this span has ("app.keep_1_in") is found there too
    const weights = async () => (await query(db, `select sampling_weight, weight_source from turn_facts order by session_id, turn_index`)).map((r) => `${Number(r.sampling_weight)}:${r.weight_source}`);
    const byColumn = await weights();
    assert.equal(runCli(['build', '--db', db, '--sample-rate-keys', 'SampleRate,sample_rate,sampling.rate,x.unused']).code, 0);
    assert.deepEqual(await weights(), byColumn);
    assert.equal(runCli(['build', '--db', db, '--sample-rate-keys', 'session.id']).code, 0);
    assert.deepEqual((await weights())[2], '1:none', 'a non-numeric value is no rate');
    assert.equal(runCli(['build', '--db', db]).code, 0);
    // a stricter rule makes the near-identical pair a non-repetition only when similarity falls below it
    const strict = runCli(['build', '--db', db, '--repetition-min-similarity', '1.01']);
    assert.equal(strict.code, 0, strict.stderr);
    const [n] = await query(db, `select count(*) filter (where is_repetition) as n from turn_facts`);
    assert.equal(Number(n!.n), 0);
  });

  it('refuses a metric option that is not a whole number', () => {
    const r = runCli(['build', '--db', path.join(tempDir(), 'x.duckdb'), '--impact-window-days', '2.5']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--impact-window-days: must be a whole number of at least 1, got "2.5"/);
  });
});

describe('model_changes: returns', () => {
  /** Returns one OTLP JSON line: `n` single-call turns on 2026-01-<day>, `request` answered by `response`. */
  function calls(day: number, request: string, response: string, n = 6): string {
    const spans = [];
    for (let i = 0; i < n; i++) {
      traceNo++;
      const t0 = BigInt(Date.UTC(2026, 0, day, 9 + i)) * 1_000_000n;
      spans.push({
        traceId: traceNo.toString(16).padStart(32, '0'), spanId: '2'.padStart(16, '0'), name: `chat ${request}`,
        startTimeUnixNano: String(t0), endTimeUnixNano: String(t0 + 1_000_000_000n),
        attributes: [['gen_ai.operation.name', 'chat'], ['gen_ai.provider.name', 'openai'], ['gen_ai.request.model', request], ['gen_ai.response.model', response],
          ['session.id', `s-${traceNo}`]].map(([key, v]) => ({ key, value: { stringValue: v } })),
      });
    }
    return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
  }

  it('a snapshot taking the lead back (a rollback) is a change of its own; a one-day blip is not, nor a new snapshot’s lead after its own blip', async () => {
    const dir = tempDir();
    const lines: string[] = [];
    for (let day = 1; day <= 30; day++) {
      lines.push(calls(day, 'gpt-4o', day <= 10 || day > 20 ? 'gpt-4o-A' : 'gpt-4o-B'));
      lines.push(calls(day, 'gpt-4o-mini', day <= 10 || day === 21 ? 'mini-C' : 'mini-D'));
      // a new snapshot's one-day blip (day 11), the old one's lead again (12–13), then the new one's
      lines.push(calls(day, 'o3', day <= 10 || day === 12 || day === 13 ? 'o3-E' : 'o3-F'));
      // data that begins the day before a change: the incumbent led one day, then comes back
      lines.push(calls(day, 'o1', day === 1 || day > 10 ? 'o1-G' : 'o1-H'));
    }
    writeFileSync(path.join(dir, 'a.jsonl'), lines.join('\n') + '\n');
    const db = path.join(dir, 'db.duckdb');
    assert.equal(runCli(['ingest', dir, '--db', db]).code, 0);
    const build = runCli(['build', '--db', db]);
    assert.equal(build.code, 0, build.stderr);
    const rows = await query(
      db,
      `select request_model, response_model, previous_snapshot, strftime(change_day, '%Y-%m-%d') as day, is_return
       from model_changes where is_change order by request_model, change_day`,
    );
    assert.deepEqual(rows, [
      { request_model: 'gpt-4o', response_model: 'gpt-4o-B', previous_snapshot: 'gpt-4o-A', day: '2026-01-11', is_return: false },
      { request_model: 'gpt-4o', response_model: 'gpt-4o-A', previous_snapshot: 'gpt-4o-B', day: '2026-01-21', is_return: true },
      { request_model: 'gpt-4o-mini', response_model: 'mini-D', previous_snapshot: 'mini-C', day: '2026-01-11', is_return: false },
      { request_model: 'o1', response_model: 'o1-H', previous_snapshot: 'o1-G', day: '2026-01-02', is_return: false },
      { request_model: 'o1', response_model: 'o1-G', previous_snapshot: 'o1-H', day: '2026-01-11', is_return: true },
      { request_model: 'o3', response_model: 'o3-F', previous_snapshot: 'o3-E', day: '2026-01-11', is_return: false },
    ]);
    // the rollback is compared like any change: the returning snapshot after, the one it replaced before
    const [impact] = await query(
      db,
      `select count(*) as n, min(before_n) as before_n, min(after_n) as after_n from model_change_impacts
       where request_model = 'gpt-4o' and old_snapshot = 'gpt-4o-B' and new_snapshot = 'gpt-4o-A' and change_day = '2026-01-21'
         and comparison = 'before_after' and scope = 'overall' and metric = 'failure_rate'`,
    );
    assert.deepEqual([Number(impact!.n), Number(impact!.before_n), Number(impact!.after_n)], [1, 42, 42]);
    const listed = runCli(['changes', '--db', db, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(JSON.parse(listed.stdout).length, 6, listed.stdout);
  });
});

describe('quality: evaluation scales', () => {
  /** Returns one OTLP JSON line: a turn of `session` whose chat span carries gen_ai.evaluation.result events. */
  function scored(session: string, scores: [string, number][]): string {
    traceNo++;
    const traceId = traceNo.toString(16).padStart(32, '0');
    const t0 = 1_760_000_000_000_000_000n + BigInt(traceNo) * 1_000_000_000_000n;
    const attr = (key: string, v: string | number) => ({ key, value: typeof v === 'number' ? { doubleValue: v } : { stringValue: v } });
    const span = {
      traceId, spanId: '2'.padStart(16, '0'), name: 'chat gpt-4o', startTimeUnixNano: String(t0), endTimeUnixNano: String(t0 + 1_000_000_000n),
      attributes: [attr('session.id', session), attr('gen_ai.operation.name', 'chat'), attr('gen_ai.request.model', 'gpt-4o')],
      events: scores.map(([name, score]) => ({
        timeUnixNano: String(t0 + 500_000_000n), name: 'gen_ai.evaluation.result',
        attributes: [attr('gen_ai.evaluation.name', name), attr('gen_ai.evaluation.score.value', score)],
      })),
    };
    return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
  }

  it('a declared scale maps to 0..1; undeclared scores outside 0..1 are left out, counted, and named by the build', async () => {
    const dir = tempDir();
    const lines = [scored('s1', [['stars', 1]]), scored('s1', [['stars', 3]]), scored('s1', [['stars', 5], ['helpfulness', 0.8]]), scored('s2', [['helpfulness', 0.4]]), scored('s3', [['stars', 7]])];
    writeFileSync(path.join(dir, 'a.jsonl'), lines.join('\n') + '\n');
    const db = path.join(dir, 'db.duckdb');
    assert.equal(runCli(['ingest', dir, '--db', db]).code, 0);
    const turnsNow = async () =>
      (await query(db, `select quality, unscaled_score_count, unscaled_quality_signals from turns order by session_id, turn_index`)).map((r) => [
        r.quality === null ? null : Math.round(Number(r.quality) * 1000) / 1000, Number(r.unscaled_score_count), r.unscaled_quality_signals,
      ]);
    const plain = runCli(['build', '--db', db, '--json']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.deepEqual(JSON.parse(plain.stdout).unscaled_evaluations, [{ name: 'stars', turns: 3 }]);
    assert.match(plain.stderr, /evaluation "stars": scores outside 0\.\.1 in 3 turns were left out of quality.*--quality-scales stars=LOW:HIGH/);
    // undeclared, a 1 of 1–5 is read as a perfect 1: the warning is what tells
    assert.deepEqual(await turnsNow(), [[1, 0, null], [null, 1, ['stars']], [0.8, 1, ['stars']], [0.4, 0, null], [null, 1, ['stars']]]);
    const reports = path.join(dir, 'reports');
    assert.equal(runCli(['report', '--db', db, '--out', reports]).code, 0);
    assert.match(readFileSync(path.join(reports, 'index.html'), 'utf8'), /evaluation scores on a scale other than 0\.\.1 not declared/);

    const declared = runCli(['build', '--db', db, '--json', '--quality-scales', 'stars=1:5']);
    assert.equal(declared.code, 0, declared.stderr);
    assert.deepEqual(JSON.parse(declared.stdout).unscaled_evaluations, []);
    // a 7 is outside the declared 1–5: left out of quality, and not counted as on an undeclared scale
    assert.deepEqual(await turnsNow(), [[0, 0, null], [0.5, 0, null], [0.9, 0, null], [0.4, 0, null], [null, 0, null]]);
    assert.doesNotMatch(declared.stderr, /stars/);
  });
});
