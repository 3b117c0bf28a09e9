/**
 * Pure: the sessions of the after side that did worst, per session type: most failed turns, then
 * the higher share of failed turns, then the lowest mean quality. What on-call opens first.
 */
import { groupBy } from '../metrics/turn-fact.js';
import type { WorstSession } from './compare-result.js';
import type { CompareTurn } from './compare-turn.js';

function summarize(sessionId: string, turns: CompareTurn[]): Omit<WorstSession, 'rank'> {
  const ordered = [...turns].sort((a, b) => a.turn_index - b.turn_index);
  const failed = ordered.filter((t) => t.is_failed);
  const scored = ordered.filter((t) => t.quality !== null);
  return {
    session_type: ordered[0]!.session_type,
    session_id: sessionId,
    user_id: ordered[0]!.user_id,
    turns: ordered.length,
    failed_turns: failed.length,
    failure_kinds: [...new Set(failed.map((t) => t.failure_kind ?? 'unknown'))].sort(),
    mean_quality: scored.length ? scored.reduce((a, t) => a + t.quality!, 0) / scored.length : null,
    scored_turns: scored.length,
    first_failed_trace_id: failed[0]?.trace_id ?? null,
    started_at: new Date(Math.min(...ordered.map((t) => t.started_at_ms))).toISOString(),
    response_models: [...new Set(ordered.map((t) => t.response_model).filter((m): m is string => m !== null))].sort(),
  };
}

/** Orders sessions worst first; ties broken by session id so the list is stable. */
function worseFirst(a: Omit<WorstSession, 'rank'>, b: Omit<WorstSession, 'rank'>): number {
  return (
    b.failed_turns - a.failed_turns ||
    b.failed_turns / b.turns - a.failed_turns / a.turns ||
    (a.mean_quality ?? Infinity) - (b.mean_quality ?? Infinity) ||
    a.session_id.localeCompare(b.session_id)
  );
}

/** Returns up to `perType` worst sessions of each type (types alphabetically), skipping sessions with no failure and no score. */
export function worstSessions(after: CompareTurn[], perType: number): WorstSession[] {
  const out: WorstSession[] = [];
  const byType = groupBy(after, (t) => t.session_type);
  for (const type of [...byType.keys()].sort()) {
    const sessions = [...groupBy(byType.get(type)!, (t) => t.session_id)].map(([id, turns]) => summarize(id, turns));
    sessions
      .filter((x) => x.failed_turns > 0 || x.mean_quality !== null)
      .sort(worseFirst)
      .slice(0, perType)
      .forEach((x, i) => out.push({ ...x, rank: i + 1 }));
  }
  return out;
}
