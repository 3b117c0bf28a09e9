/**
 * Acceptance for the metric tables (issue 4): effects planted by the `planted` fixture scenario
 * (test/fixtures/scenarios/planted.ts) must be recovered by `spanlens build`, and nothing else.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_BUILD_OPTIONS } from '../../src/build/build-options.js';
import { DEFAULT_OPTIONS, type Truth } from '../fixtures/generate.js';
import type { SamplingMode } from '../fixtures/tail-sampler.js';
import { generateJsonLines } from '../helpers/generate-file.js';
import { query, runCli, tempDir } from '../helpers/run-cli.js';

const SESSIONS = 400;

function write(dir: string, seed: number, sampling: SamplingMode, rolloutDays = 0): Truth {
  return generateJsonLines(path.join(dir, `seed-${seed}-${sampling}.jsonl`), { ...DEFAULT_OPTIONS, family: 'otel_genai', scenario: 'planted', sessions: SESSIONS, seed, sampling, batchSize: 200, rolloutDays });
}

function ingestAndBuild(dir: string): string {
  const db = path.join(dir, 'db.duckdb');
  const ingest = runCli(['ingest', dir, '--db', db]);
  assert.equal(ingest.code, 0, ingest.stderr);
  const build = runCli(['build', '--db', db, '--json']);
  assert.equal(build.code, 0, build.stderr);
  return db;
}

const built = new Map<number, Promise<{ db: string; truth: Truth }>>();
/** Returns the database built from the planted scenario with this seed (built once per seed). */
function planted(seed: number): Promise<{ db: string; truth: Truth }> {
  let p = built.get(seed);
  if (!p) {
    p = (async () => {
      const dir = tempDir('spanlens-metrics-');
      const truth = write(dir, seed, 'none');
      return { db: ingestAndBuild(dir), truth };
    })();
    built.set(seed, p);
  }
  return p;
}

const num = (v: unknown) => (v === null ? null : Number(v));

describe('metrics: planted effects are recovered', () => {
  it('detects the snapshot change on its day; billing’s tripled failure rate is significant, flat types are not', async () => {
    const { db, truth } = await planted(11);
    const [planned] = truth.snapshot_changes;
    const changes = await query(db, `select response_model, previous_snapshot, strftime(change_day, '%Y-%m-%d') as day from model_changes where is_change`);
    assert.deepEqual(changes, [{ response_model: planned!.after, previous_snapshot: planned!.before, day: truth.snapshot_change_day }]);
    const rows = await query(db, `select segment, metric, difference, ci_low, p_value, p_holm, is_significant from model_change_impacts where scope = 'session_type'`);
    const billing = rows.find((r) => r.segment === 'billing' && r.metric === 'failure_rate')!;
    assert.equal(billing.is_significant, true);
    assert.ok(num(billing.ci_low)! > 0, 'the difference’s CI excludes 0');
    assert.ok(num(billing.difference)! > 0.05, `difference ${billing.difference}`);
    for (const type of ['steady', 'flaky', 'growing']) {
      const f = rows.find((r) => r.segment === type && r.metric === 'failure_rate')!;
      assert.equal(f.is_significant, false, `${type}: p_holm ${f.p_holm}`);
    }
  });

  it('keeps the false-positive rate of flat session types low over several seeds, and finds billing every time', async () => {
    const seeds = [11, 12, 13, 14, 15];
    let families = 0;
    const falsePositives: string[] = [];
    for (const seed of seeds) {
      const { db } = await planted(seed);
      const rows = await query(db, `select segment, metric, p_holm, is_significant from model_change_impacts where scope = 'session_type'`);
      const billing = rows.find((r) => r.segment === 'billing' && r.metric === 'failure_rate')!;
      assert.equal(billing.is_significant, true, `seed ${seed}: billing p_holm ${billing.p_holm}`);
      // a family = one flat session type's eight metrics (Holm-adjusted together)
      for (const type of ['steady', 'flaky', 'growing']) {
        families++;
        const hits = rows.filter((r) => r.segment === type && r.is_significant);
        if (hits.length > 0) falsePositives.push(`seed ${seed} ${type}: ${hits.map((h) => h.metric).join(', ')}`);
      }
    }
    // Holm keeps each family's error rate ≤ 5%: expect < 1 false positive in 15 families
    assert.ok(falsePositives.length <= 2, `false positives in ${falsePositives.length}/${families} families: ${falsePositives.join('; ')}`);
  });

  it('flags the type whose context grows without truncation as super-linear, and no other', async () => {
    const { db } = await planted(11);
    const rows = await query(db, `select session_type, ci_low, ci_high from growth_by_session_type where metric = 'mean_growth_exponent'`);
    const threshold = DEFAULT_BUILD_OPTIONS.superLinearExponent;
    for (const r of rows) {
      if (r.session_type === 'growing') assert.ok(num(r.ci_low)! > threshold, `growing: ${r.ci_low}`);
      else assert.ok(num(r.ci_high)! < threshold, `${r.session_type}: ${r.ci_high}`);
    }
    assert.equal(rows.length, 4);
  });

  it('ranks the type that fails far more often first', async () => {
    const { db } = await planted(11);
    const rows = await query(db, `select session_type, rank from failure_prone_session_types order by rank`);
    assert.equal(rows[0]!.session_type, 'flaky');
    assert.equal(num(rows[0]!.rank), 1);
  });

  it('shows quality falling with the turn index in the 8+ cohort only', async () => {
    const { db } = await planted(11);
    const rows = await query(db, `select session_cohort, turn_bucket, ci_low, ci_high from turn_quality where metric = 'mean_quality' order by session_cohort, turn_bucket`);
    const curve = (c: string) => rows.filter((r) => r.session_cohort === c);
    const long = curve('8+');
    assert.ok(num(long[0]!.ci_low)! > num(long[long.length - 1]!.ci_high)!, 'turn 1 above the last bucket, intervals apart');
    for (const cohort of ['1-3', '4-7']) {
      const c = curve(cohort);
      const first = c[0]!;
      const last = c[c.length - 1]!;
      assert.ok(num(first.ci_low)! <= num(last.ci_high)! && num(last.ci_low)! <= num(first.ci_high)!, `${cohort}: first and last turn intervals overlap`);
    }
  });
});

describe('metrics: gradual rollout', () => {
  it('dates a rolled-out snapshot by when it became dominant and compares old and new on the overlap days', async () => {
    const dir = tempDir('spanlens-metrics-rollout-');
    const truth = write(dir, 31, 'none', 4);
    const db = ingestAndBuild(dir);
    const [change] = await query(
      db,
      `select strftime(first_seen_day, '%Y-%m-%d') as first_seen, strftime(dominant_from_day, '%Y-%m-%d') as dominant_from, change_day = dominant_from_day as dated_by_dominance
       from model_changes where is_change`,
    );
    assert.equal(change!.first_seen, truth.snapshot_change_day);
    assert.ok(String(change!.dominant_from) > truth.snapshot_change_day, `dominant from ${change!.dominant_from}`);
    assert.equal(change!.dated_by_dominance, true);
    const rows = await query(db, `select scope, segment, difference, before_n, after_n from model_change_impacts where comparison = 'concurrent' and metric = 'failure_rate' order by scope, segment`);
    assert.deepEqual(rows.map((r) => `${r.scope}/${r.segment}`), ['overall/all', 'session_type/billing', 'session_type/flaky', 'session_type/growing', 'session_type/steady']);
    // every turn answered by either snapshot on a day both answered is compared, once
    const [overlap] = await query(
      db,
      `with days as (
         select day from turn_facts where response_model is not null group by day having count(distinct response_model) = 2
       )
       select count(*) as n from turn_facts where day in (select day from days) and response_model is not null`,
    );
    assert.equal(Number(rows[0]!.before_n) + Number(rows[0]!.after_n), Number(overlap!.n));
    const billing = rows.find((r) => r.segment === 'billing')!;
    assert.ok(num(billing.difference)! > 0, `billing fails more on the new snapshot: ${billing.difference}`);
  });
});

describe('metrics: sampling-aware', () => {
  it('tail-sampled data: the weighted failure rate covers the unsampled truth, the unweighted one does not', async () => {
    const dir = tempDir('spanlens-metrics-tail-');
    const truth = write(dir, 21, 'tail');
    const db = ingestAndBuild(dir);
    const population = truth.sampling!.population;
    const failed = Object.values(population.failed_turns).reduce((a, b) => a + b, 0);
    const rate = failed / population.traces;
    const rows = await query(db, `select is_weighted, value, ci_low, ci_high from overall_rates where metric = 'turn_failure_rate'`);
    const weighted = rows.find((r) => r.is_weighted === true)!;
    const unweighted = rows.find((r) => r.is_weighted === false)!;
    assert.ok(num(weighted.ci_low)! <= rate && rate <= num(weighted.ci_high)!, `truth ${rate} in [${weighted.ci_low}, ${weighted.ci_high}]`);
    assert.ok(rate < num(unweighted.ci_low)!, `truth ${rate} below the unweighted interval [${unweighted.ci_low}, ${unweighted.ci_high}]`);
    // estimated totals: the weighted ones cover the population's turns and tokens
    const totals = await query(db, `select metric, value, ci_low, ci_high from overall_rates where is_weighted and metric in ('total_turns', 'total_tokens')`);
    const expected: Record<string, number> = { total_turns: population.traces, total_tokens: population.input_tokens + population.output_tokens };
    for (const t of totals) {
      const want = expected[String(t.metric)]!;
      assert.ok(num(t.ci_low)! <= want && want <= num(t.ci_high)!, `${t.metric}: ${want} in [${t.ci_low}, ${t.ci_high}] (estimate ${t.value})`);
    }
    assert.equal(totals.length, 2);
    const [kept] = await query(db, `select value from overall_rates where not is_weighted and metric = 'total_turns'`);
    assert.equal(num(kept!.value), truth.traces);
    const [record] = await query(db, `select is_weighted, has_mixed_sources, weight_sources from metric_weighting where table_name = 'turn_quality'`);
    assert.deepEqual(record, { is_weighted: true, has_mixed_sources: false, weight_sources: 'ot_th' });
    // snapshot shares weigh each answered call by its turn's weight (the table joins only the
    // sampled turns: every other call weighs 1)
    const [shares] = await query(db, `select sum(calls) as calls, sum(weighted_calls) as weighted from model_snapshot_shares`);
    const [direct] = await query(db, `select count(*) as calls, sum(t.sampling_weight) as weighted from spans as s join turn_facts as t using (trace_id)
      where s.is_model_call and s.request_model is not null and s.response_model is not null`);
    assert.equal(num(shares!.calls), num(direct!.calls));
    assert.ok(num(direct!.weighted)! > 1.5 * num(direct!.calls)!, `weighted ${direct!.weighted} vs ${direct!.calls} calls`);
    assert.ok(Math.abs(num(shares!.weighted)! - num(direct!.weighted)!) < 1e-9 * num(direct!.weighted)!, `${shares!.weighted} vs ${direct!.weighted}`);
  });

  it('flags a table that mixes weighted and unweighted turns', async () => {
    const dir = tempDir('spanlens-metrics-mixed-');
    write(dir, 22, 'tail');
    write(dir, 23, 'none');
    const db = ingestAndBuild(dir);
    const records = await query(db, `select table_name, is_weighted, has_mixed_sources, weight_sources from metric_weighting`);
    assert.ok(records.length >= 10);
    for (const r of records) assert.deepEqual([r.is_weighted, r.has_mixed_sources, r.weight_sources], [true, true, 'none, ot_th'], String(r.table_name));
  });
});
