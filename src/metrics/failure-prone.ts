/**
 * Pure: which session types and users fail most. Per group: sessions, turns, session failure
 * rate (any failed turn) and turn failure rate with Wilson intervals, lift vs the overall rate,
 * the top failure kinds; ranked by the session failure rate's CI lower bound, and only groups
 * with at least `minSupportSessions` sessions are ranked (so three sessions cannot top the list).
 * A session's weight is the mean sampling weight of its kept turns (an approximation when a
 * sampler split the session; exact under session-consistent sampling).
 */
import type { MetricSettings } from './turn-fact.js';
import { allRows, asColumns, gather, groupRowsBy, sessionSummaries, weightsOf, type TurnColumns, type TurnInput } from './turn-columns.js';
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

function topKinds(c: TurnColumns, rows: Int32Array): string {
  const counts = new Map<string, number>();
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j]!;
    const kind = c.failure_kind.values[c.failure_kind.codes[i]!];
    if (kind) counts.set(kind, (counts.get(kind) ?? 0) + c.sampling_weight[i]!);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([k, n]) => `${k}:${Math.round(n)}`)
    .join(', ');
}

/** Returns one row per group (session type or user; turns without a user are left out), ranked. */
export function failureProne(turns: TurnInput, key: 'session_type' | 'user_id', s: MetricSettings): FailureProneRow[] {
  const c = asColumns(turns);
  const all = allRows(c.length);
  const every = sessionSummaries(c, all);
  const overall = weightedProportion(every.failed, every.weight, s.minSampleSize).value;
  const rows: FailureProneRow[] = [];
  for (const [group, ts] of groupRowsBy(all, c[key])) {
    if (group === null) continue;
    const sessions = sessionSummaries(c, ts);
    const sr = weightedProportion(sessions.failed, sessions.weight, s.minSampleSize);
    const tr = weightedProportion(gather(c.is_failed, ts), weightsOf(c, ts), s.minSampleSize, gather(c.session_no, ts));
    const ranked = sessions.failed.length >= s.minSupportSessions;
    rows.push({
      group_key: group,
      rank: null,
      n: sessions.failed.length,
      weighted_n: sr.weighted_n,
      turns: ts.length,
      session_failure_rate: sr.value,
      ci_low: sr.ci_low,
      ci_high: sr.ci_high,
      turn_failure_rate: tr.value,
      turn_ci_low: tr.ci_low,
      turn_ci_high: tr.ci_high,
      lift: overall && sr.value !== null ? sr.value / overall : null,
      top_failure_kinds: topKinds(c, ts),
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
export function failureKindsByType(turns: TurnInput, s: MetricSettings): FailureKindRow[] {
  const c = asColumns(turns);
  const all = allRows(c.length);
  const kindCodes = c.failure_kind.values.flatMap((k, code) => (k !== null ? [[k, code] as const] : [])).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const isKind = (rows: Int32Array, code: number) => {
    const out = new Uint8Array(rows.length);
    for (let j = 0; j < rows.length; j++) out[j] = c.failure_kind.codes[rows[j]!] === code ? 1 : 0;
    return out;
  };
  const overall = new Map(kindCodes.map(([k, code]) => [k, weightedProportion(isKind(all, code), c.sampling_weight, s.minSampleSize).value]));
  const rows: FailureKindRow[] = [];
  const byType = [...groupRowsBy(all, c.session_type)].map(([k, v]) => [k ?? '', v] as const);
  for (const [type, ts] of byType.sort(([a], [b]) => a.localeCompare(b))) {
    const tw = weightsOf(c, ts);
    const clusters = gather(c.session_no, ts);
    let failedWeight = 0;
    for (let j = 0; j < ts.length; j++) failedWeight += c.is_failed[ts[j]!] ? tw[j]! : 0;
    for (const [kind, code] of kindCodes) {
      const flags = isKind(ts, code);
      const e = weightedProportion(flags, tw, s.minSampleSize, clusters);
      let kindWeight = 0;
      let failedTurns = 0;
      for (let j = 0; j < ts.length; j++) {
        kindWeight += flags[j] ? tw[j]! : 0;
        failedTurns += flags[j]!;
      }
      const o = overall.get(kind);
      rows.push({
        session_type: type,
        failure_kind: kind,
        n: e.n,
        weighted_n: e.weighted_n,
        failed_turns: failedTurns,
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
