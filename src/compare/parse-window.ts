/**
 * Pure: a `--before` / `--after` window, "FROM..TO", into a half-open time range [from, to).
 * Dates are whole UTC days, both ends included ("2026-11-01..2026-11-07" is seven days);
 * timestamps (ISO 8601, with a zone or taken as UTC) are exact instants.
 */
import { UsageError } from '../errors.js';

export interface TimeWindow {
  /** As the user wrote it, for messages and output. */
  label: string;
  fromMs: number;
  /** Exclusive. */
  toMs: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function instant(text: string, end: boolean, flag: string): number {
  if (DATE.test(text)) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) throw new UsageError(`${flag}: ${text} is not a calendar date`);
    return end ? ms + DAY_MS : ms;
  }
  const withZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
  const ms = Date.parse(withZone);
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text) || Number.isNaN(ms)) {
    throw new UsageError(`${flag}: ${JSON.stringify(text)} is neither a date (YYYY-MM-DD) nor a timestamp (YYYY-MM-DDTHH:MM[:SS][Z])`);
  }
  return ms;
}

/** Returns the window; throws UsageError naming the flag for anything malformed or empty. */
export function parseWindow(text: string, flag: string): TimeWindow {
  const parts = text.split('..');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new UsageError(`${flag}: expected FROM..TO, e.g. 2026-11-01..2026-11-07, got ${JSON.stringify(text)}`);
  const fromMs = instant(parts[0].trim(), false, flag);
  const toMs = instant(parts[1].trim(), true, flag);
  if (toMs <= fromMs) throw new UsageError(`${flag}: ${text} ends before it starts`);
  return { label: text, fromMs, toMs };
}

/** Throws UsageError when the windows overlap (a turn would count on both sides). */
export function assertDisjoint(before: TimeWindow, after: TimeWindow): void {
  if (before.fromMs < after.toMs && after.fromMs < before.toMs) {
    throw new UsageError(`--before ${before.label} and --after ${after.label} overlap; a turn cannot be on both sides`);
  }
}
