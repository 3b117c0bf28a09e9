/**
 * A turn as `spanlens compare` reads it (queries/compare/turn_facts_in_window.sql): the turn fact
 * the metric steps use, plus the trace id and start instant the windows and session lists need.
 */
import type { TurnFact } from '../metrics/turn-fact.js';

export interface CompareTurn extends TurnFact {
  trace_id: string;
  started_at_ms: number;
}
