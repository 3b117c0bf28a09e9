/**
 * Pure: two sides' turns → the CompareResult. Metrics are compared overall, mix-adjusted
 * (standardized to the before side's session-type mix) and within each session type, reusing the
 * estimators of model_change_impacts (src/metrics/change-impacts.ts). Holm adjusts every row with
 * enough data as ONE family (metrics × scopes), so the chance of any false 'better'/'worse' in
 * the whole table, and therefore of a false `--fail-on-regression`, stays ≤ alpha.
 */
import { compare, IMPACT_METRICS, mixAdjusted, type Compared } from '../metrics/change-impacts.js';
import { groupBy, type MetricSettings } from '../metrics/turn-fact.js';
import { holm } from '../stats/intervals.js';
import type { ChangeRef, CompareMode, CompareResult, CompareRow, CompareScope, CompareSide } from './compare-result.js';
import type { CompareTurn } from './compare-turn.js';
import { dailySeries } from './daily-series.js';
import { HIGHER_IS_BETTER, verdictOf } from './verdict.js';
import { worstSessions } from './worst-sessions.js';

export interface CompareInput {
  mode: CompareMode;
  before: { side: Omit<CompareSide, 'turns' | 'sessions'>; turns: CompareTurn[] };
  after: { side: Omit<CompareSide, 'turns' | 'sessions'>; turns: CompareTurn[] };
  filters: CompareResult['filters'];
  change: ChangeRef | null;
  /** Metric names to keep (IMPACT_METRICS order); null = all. */
  metrics: string[] | null;
  minN: number;
  /** A side with fewer sessions than this is too little data: turns of one session are alike. */
  minSessions: number;
  bootstrapResamples: number;
  alpha?: number;
  windowDays?: number | null;
  /** Worst sessions listed per session type. */
  worstPerType?: number;
}

/** The metric names compare knows, in output order. */
export const COMPARE_METRICS: string[] = IMPACT_METRICS.map((m) => m.name);

function settingsOf(input: CompareInput): MetricSettings {
  // only minSampleSize and bootstrapResamples are read by compare/mixAdjusted
  return { minSampleSize: input.minN, bootstrapResamples: input.bootstrapResamples, turnIndexCap: 10, minSupportSessions: 1, impactWindowDays: 1 };
}

function side(meta: Omit<CompareSide, 'turns' | 'sessions'>, turns: CompareTurn[]): CompareSide {
  return { ...meta, turns: turns.length, sessions: new Set(turns.map((t) => t.session_id)).size };
}

/** Returns the note printed above the table and carried in the JSON. */
export function observationalNote(mode: CompareMode, before: CompareSide, after: CompareSide): string {
  const what =
    mode === 'snapshot'
      ? `turns answered by ${before.response_model} vs by ${after.response_model} over the same period (${after.label})`
      : `turns in ${before.label} (before) vs ${after.label} (after)`;
  return `Compares ${what}. Observational: anything else that changed between them (traffic, prompts, users) is mixed in, so a difference is evidence, not proof of cause.`;
}

/** Returns the comparison of two sides' turns; sides may be empty only in tests (the CLI refuses). */
export function assembleCompare(input: CompareInput): CompareResult {
  const s = settingsOf(input);
  const alpha = input.alpha ?? 0.05;
  const keep = new Set(input.metrics ?? COMPARE_METRICS);
  const before = input.before.turns;
  const after = input.after.turns;
  const raw: { scope: CompareScope; segment: string; compared: Compared; sessions: [number, number] }[] = [];
  const sessionsOf = (turns: CompareTurn[]) => new Set(turns.map((t) => t.session_id)).size;
  const add = (scope: CompareScope, segment: string, list: Compared[], b: CompareTurn[], a: CompareTurn[]) => {
    const sessions: [number, number] = [sessionsOf(b), sessionsOf(a)];
    for (const c of list) if (keep.has(c.metric)) raw.push({ scope, segment, compared: c, sessions });
  };

  add('overall', 'all', compare(before, after, s, 1), before, after);
  const typesBefore = groupBy(before, (t) => t.session_type);
  const typesAfter = groupBy(after, (t) => t.session_type);
  // the standardized sum only says something new when there is a mix to standardize
  if (typesBefore.size > 1) add('mix_adjusted', 'all', mixAdjusted(before, after, s), before, after);
  const types = [...new Set([...typesBefore.keys(), ...typesAfter.keys()])].sort();
  types.forEach((type, k) => {
    const b = typesBefore.get(type) ?? [];
    const a = typesAfter.get(type) ?? [];
    add('session_type', type, compare(b, a, s, 100 + 10 * k), b, a);
  });

  const smallOverall = new Set(raw.filter((r) => r.scope === 'overall' && r.compared.small).map((r) => r.compared.metric));
  // a mix-adjusted rate is no better supported than the overall one (e.g. fewer than 5 events in all)
  const small = raw.map((r) => r.compared.small || r.sessions[0] < input.minSessions || r.sessions[1] < input.minSessions || (r.scope === 'mix_adjusted' && smallOverall.has(r.compared.metric)));
  // one Holm family: every row that can get a verdict
  const testable = raw.map((r, i) => (small[i] || r.compared.diff.delta === null ? null : r.compared.diff.p_value));
  const adjusted = holm(testable);
  const rows: CompareRow[] = raw.map(({ scope, segment, compared: c, sessions }, i) => {
    const row = {
      scope,
      segment,
      metric: c.metric,
      higher_is_better: HIGHER_IS_BETTER[c.metric]!,
      before_value: c.before_value,
      after_value: c.after_value,
      before_n: c.before_n,
      after_n: c.after_n,
      before_sessions: sessions[0],
      after_sessions: sessions[1],
      difference: c.diff.delta,
      ci_low: c.diff.ci_low,
      ci_high: c.diff.ci_high,
      p_value: c.diff.p_value,
      p_holm: adjusted[i] ?? null,
      is_small_sample: small[i]!,
    };
    return { ...row, verdict: verdictOf(row, alpha) };
  });

  const beforeSide = side(input.before.side, before);
  const afterSide = side(input.after.side, after);
  return {
    kind: 'spanlens.compare',
    version: 1,
    mode: input.mode,
    before: beforeSide,
    after: afterSide,
    filters: input.filters,
    change: input.change,
    metrics: COMPARE_METRICS.filter((m) => keep.has(m)),
    settings: { min_n: input.minN, min_sessions: input.minSessions, alpha, bootstrap_resamples: input.bootstrapResamples, window_days: input.windowDays ?? null },
    holm_family_size: testable.filter((p) => p !== null).length,
    evidence: 'observational',
    note: observationalNote(input.mode, beforeSide, afterSide),
    rows,
    daily: dailySeries(before, after, input.minN),
    worst_sessions: worstSessions(after, input.worstPerType ?? 5),
  };
}
