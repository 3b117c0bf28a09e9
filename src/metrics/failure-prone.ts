/**
 * Pure: which session types and users fail most. Per group: sessions, turns, session failure
 * rate (any failed turn) and turn failure rate with Wilson intervals, lift vs the overall rate,
 * the top failure kinds; ranked by the session failure rate's CI lower bound, and only groups
 * with at least `minSupportSessions` sessions are ranked (so three sessions cannot top the list).
 * A session's weight is the mean sampling weight of its kept turns (an approximation when a
 * sampler split the session; exact under session-consistent sampling).
 */
import { groupBy, summarizeSessions, type MetricSettings, type TurnFact } from './turn-fact.js';
import { weightedProportion } from './weighted-estimates.js';

export interface FailureProneRow {
  group_key: string; // the session type or user id
  rank: number | null; // 1 = most failure-prone; null when below the minimum support
  n: number; // sessions
  weighted_n: number;
  turns: number;
  session_failure_rate: number | null;
  ci_low: number | null; // of session_failure_rate
  ci_high: number | null;
  turn_failure_rate: number | null;
  turn_ci_low: number | null;
  turn_ci_high: number | null;
  lift: number | null; // session failure rate / overall session failure rate
  top_failure_kinds: string; // e.g. "tool_error:12, truncated:3"
  is_small_sample: boolean;
  is_ranked: boolean;
}

function topKinds(turns: TurnFact[]): string {
  const counts = new Map<string, number>();
  for (const t of turns) if (t.failure_kind) counts.set(t.failure_kind, (counts.get(t.failure_kind) ?? 0) + t.sampling_weight);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([k, n]) => `${k}:${Math.round(n)}`)
    .join(', ');
}

/** Returns one row per group, ranked. */
export function failureProne(turns: TurnFact[], key: (t: TurnFact) => string | null, s: MetricSettings): FailureProneRow[] {
  const all = summarizeSessions(turns);
  const overall = weightedProportion(all.map((x) => x.failed), all.map((x) => x.weight), s.minSampleSize).value;
  const rows: FailureProneRow[] = [];
  for (const [group, ts] of groupBy(turns.filter((t) => key(t) !== null), (t) => key(t)!)) {
    const sessions = summarizeSessions(ts);
    const sr = weightedProportion(sessions.map((x) => x.failed), sessions.map((x) => x.weight), s.minSampleSize);
    const tr = weightedProportion(ts.map((t) => t.is_failed), ts.map((t) => t.sampling_weight), s.minSampleSize, ts.map((t) => t.session_no));
    const ranked = sessions.length >= s.minSupportSessions;
    rows.push({
      group_key: group,
      rank: null,
      n: sessions.length,
      weighted_n: sr.weighted_n,
      turns: ts.length,
      session_failure_rate: sr.value,
      ci_low: sr.ci_low,
      ci_high: sr.ci_high,
      turn_failure_rate: tr.value,
      turn_ci_low: tr.ci_low,
      turn_ci_high: tr.ci_high,
      lift: overall && sr.value !== null ? sr.value / overall : null,
      top_failure_kinds: topKinds(ts),
      is_small_sample: sr.is_small_sample,
      is_ranked: ranked,
    });
  }
  rows.sort((a, b) => Number(b.is_ranked) - Number(a.is_ranked) || (b.ci_low ?? -1) - (a.ci_low ?? -1) || a.group_key.localeCompare(b.group_key));
  rows.forEach((r, i) => (r.rank = r.is_ranked ? i + 1 : null));
  return rows;
}

export interface FailureKindRow {
  session_type: string;
  failure_kind: string;
  n: number; // turns of the type
  weighted_n: number;
  failed_turns: number; // turns of the type whose first failure is this kind
  rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  share_of_failures: number | null; // of the type's failed turns
  lift: number | null; // rate / the kind's rate over all types
  is_small_sample: boolean;
}

/** Returns one row per (session type, failure kind seen anywhere). */
export function failureKindsByType(turns: TurnFact[], s: MetricSettings): FailureKindRow[] {
  const kinds = [...new Set(turns.map((t) => t.failure_kind).filter((k): k is string => k !== null))].sort();
  const w = turns.map((t) => t.sampling_weight);
  const overall = new Map(kinds.map((k) => [k, weightedProportion(turns.map((t) => t.failure_kind === k), w, s.minSampleSize).value]));
  const rows: FailureKindRow[] = [];
  for (const [type, ts] of [...groupBy(turns, (t) => t.session_type)].sort(([a], [b]) => a.localeCompare(b))) {
    const tw = ts.map((t) => t.sampling_weight);
    const failedWeight = ts.reduce((a, t) => a + (t.is_failed ? t.sampling_weight : 0), 0);
    for (const kind of kinds) {
      const e = weightedProportion(ts.map((t) => t.failure_kind === kind), tw, s.minSampleSize, ts.map((t) => t.session_no));
      const kindWeight = ts.reduce((a, t) => a + (t.failure_kind === kind ? t.sampling_weight : 0), 0);
      const o = overall.get(kind);
      rows.push({
        session_type: type,
        failure_kind: kind,
        n: e.n,
        weighted_n: e.weighted_n,
        failed_turns: ts.filter((t) => t.failure_kind === kind).length,
        rate: e.value,
        ci_low: e.ci_low,
        ci_high: e.ci_high,
        share_of_failures: failedWeight > 0 ? kindWeight / failedWeight : null,
        lift: o && e.value !== null ? e.value / o : null,
        is_small_sample: e.is_small_sample,
      });
    }
  }
  return rows;
}
