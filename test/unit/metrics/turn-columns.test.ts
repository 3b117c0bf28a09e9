import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResultColumns } from '../../../src/db/read-coded-columns.js';
import { changeImpacts } from '../../../src/metrics/change-impacts.js';
import { TURN_FACT_TABLES, turnFactTableRows } from '../../../src/metrics/compute-metric-tables.js';
import { TURN_FACT_REPEATED_TEXT } from '../../../src/metrics/read-turn-facts.js';
import { columnsFromResult, gather, groupRows, selectRows, sessionSummaries, turnColumns, type TurnColumns } from '../../../src/metrics/turn-columns.js';
import { numberSessions, type MetricSettings, type TurnFact } from '../../../src/metrics/turn-fact.js';
import { seededRandom } from '../../../src/metrics/weighted-estimates.js';

const SETTINGS: MetricSettings = { minSampleSize: 10, turnIndexCap: 4, minSupportSessions: 3, impactWindowDays: 3, bootstrapResamples: 50 };

/** Returns turns of random sessions in session order, with nulls in every nullable column. */
function randomTurns(seed: number): TurnFact[] {
  const random = seededRandom(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const turns: TurnFact[] = [];
  for (let s = 0; s < 120; s++) {
    const n = 1 + Math.floor(random() * 6);
    const type = pick(['chat', 'agent', 'rag']);
    const user = pick(['u1', 'u2', 'u3', null]);
    for (let k = 1; k <= n; k++) {
      const failed = random() < 0.2;
      const day = `2026-10-${String(1 + Math.floor(random() * 8)).padStart(2, '0')}`;
      turns.push({
        session_id: `s${String(s).padStart(4, '0')}`, session_no: -1, user_id: user, session_type: type, turn_index: k, session_turns: n,
        session_cohort: n <= 3 ? '1-3' : '4-7', turn_bucket: Math.min(k, 4), day, provider: 'openai', request_model: pick(['gpt-4o', null, 'null']), // a null and the text "null" key one series, as in a template string
        response_model: day < '2026-10-05' ? pick(['old', 'old', 'new']) : pick(['new', 'new', 'old']), sampling_weight: pick([1, 1, 10]),
        weight_source: pick(['none', 'ot_th']), is_failed: failed, failure_kind: failed ? pick(['tool_error', 'truncated']) : null,
        is_truncated: random() < 0.1, has_tool_error: random() < 0.1, quality: random() < 0.5 ? null : random(), duration_ms: 100 + random() * 900,
        total_tokens: 100 * k, cost_usd: random() < 0.2 ? null : 0.001 * k, cumulative_tokens: 50 * k * (k + 1), cumulative_cost_usd: random() < 0.1 ? null : 0.002 * k,
        marginal_input_tokens: k === 1 ? null : 100, is_repetition: k > 1 && random() < 0.1,
      });
    }
  }
  return numberSessions(turns);
}

/** Returns the turns as the turn-fact query returns them: repeated text as codes into dictionaries. */
function asQueryResult(turns: TurnFact[]): { columns: ResultColumns; dictionaries: Record<string, string[]> } {
  const columns: ResultColumns = {};
  for (const key of Object.keys(turns[0]!) as (keyof TurnFact)[]) columns[key] = turns.map((t) => t[key]);
  const dictionaries: Record<string, string[]> = {};
  // the session id itself is not read: only where each session starts
  columns.starts_session = turns.map((t, i) => i === 0 || t.session_id !== turns[i - 1]!.session_id);
  delete columns.session_id;
  for (const name of [...TURN_FACT_REPEATED_TEXT, 'user_id']) {
    // dictionary order differs from first-seen order on purpose: results must not depend on it
    const dictionary = [...new Set(columns[name]!.filter((v): v is string => v !== null))].sort().reverse();
    dictionaries[name] = dictionary;
    columns[name] = columns[name]!.map((v) => (v === null ? null : dictionary.indexOf(v as string)));
  }
  return { columns, dictionaries };
}

describe('turn columns', () => {
  it('groups rows by key in first-seen order, each group in row order', () => {
    const groups = groupRows(Int32Array.from([0, 1, 2, 3, 4, 5]), Int32Array.from([7, 3, 7, 9, 3, 7]));
    assert.deepEqual([...groups].map(([k, rows]) => [k, [...rows]]), [[7, [0, 2, 5]], [3, [1, 4]], [9, [3]]]);
    // negative and far-apart keys take the map path, with the same order rules
    const wide = groupRows(Int32Array.from([5, 4, 3, 2, 1]), Int32Array.from([0, 2e9, -1, 2e9, -1, 8]));
    assert.deepEqual([...wide].map(([k, rows]) => [k, [...rows]]), [[8, [5]], [-1, [4, 2]], [2e9, [3, 1]]]);
    // a subset of rows: only their keys, groups in the subset's order
    const some = groupRows(Int32Array.from([5, 0, 3]), Int32Array.from([7, 3, 7, 9, 3, 7]));
    assert.deepEqual([...some].map(([k, rows]) => [k, [...rows]]), [[7, [5, 0]], [9, [3]]]);
    const odd = selectRows(Int32Array.from([1, 2, 3, 4]), (i) => i % 2 === 1);
    assert.deepEqual([...gather(Float64Array.from([10, 11, 12, 13, 14]), odd)], [11, 13]);
  });

  it('summarizes sessions in first-seen order, whether their numbers are close together or scattered', () => {
    for (const base of [0, 1, 5_000_000]) {
      // rows 0..5 of sessions base+[5, 5, 2, 9, 2, 9·k]: the last one far away when base is large
      const far = base === 5_000_000 ? 0 : base + 9;
      const c = {
        session_no: Int32Array.from([base + 5, base + 5, base + 2, base + 9, base + 2, far]),
        is_failed: Uint8Array.from([0, 1, 0, 0, 0, 1]),
        sampling_weight: Float64Array.from([1, 3, 2, 10, 4, 6]),
      } as unknown as TurnColumns;
      const s = sessionSummaries(c, Int32Array.from([0, 1, 2, 3, 4, 5]));
      if (far === base + 9) {
        assert.deepEqual([...s.failed], [1, 0, 1], String(base));
        assert.deepEqual([...s.weight], [2, 3, 8], String(base));
      } else {
        assert.deepEqual([...s.failed], [1, 0, 0, 1]);
        assert.deepEqual([...s.weight], [2, 3, 10, 6]);
      }
      assert.deepEqual([...sessionSummaries(c, Int32Array.from([4, 0])).weight], [4, 1]);
      assert.equal(sessionSummaries(c, new Int32Array(0)).failed.length, 0);
    }
  });

  it('gives every metric table the same rows from the query result as from turn objects', () => {
    for (const seed of [1, 2, 3]) {
      const turns = randomTurns(seed);
      const { columns, dictionaries } = asQueryResult(turns);
      const fromQuery = columnsFromResult(columns, dictionaries);
      const fromObjects = turnColumns(turns);
      assert.equal(fromQuery.length, turns.length);
      for (const table of TURN_FACT_TABLES) {
        assert.deepEqual(turnFactTableRows(table, fromQuery, SETTINGS), turnFactTableRows(table, fromObjects, SETTINGS), `${table}, seed ${seed}`);
      }
      const changes = ['gpt-4o', 'null'].map((m) => ({ provider: 'openai', request_model: m, response_model: 'new', previous_snapshot: 'old', change_day: '2026-10-05' }));
      const impacts = changeImpacts(changes, fromQuery, SETTINGS);
      assert.ok(impacts.some((r) => r.comparison === 'concurrent') && impacts.some((r) => r.scope === 'mix_adjusted'));
      assert.deepEqual(impacts, changeImpacts(changes, fromObjects, SETTINGS), `impacts, seed ${seed}`);
    }
  });
});
