/**
 * Pure: a stable id for a detected model-snapshot change, so a cron line can name one
 * (`spanlens compare --change 3f9a2c1d`). The id is the first 8 hex digits of the SHA-256 of
 * provider, request model, new snapshot and change day: it survives rebuilds and new data, and
 * changes only if the change itself is re-dated.
 */
import { createHash } from 'node:crypto';

export interface ChangeKey {
  provider: string;
  request_model: string;
  new_snapshot: string;
  change_day: string; // YYYY-MM-DD
}

/** Returns the change's 8-hex-digit id. */
export function changeId(c: ChangeKey): string {
  return createHash('sha256').update([c.provider, c.request_model, c.new_snapshot, c.change_day].join('\u0000')).digest('hex').slice(0, 8);
}

/** Returns the one change whose id starts with `idOrPrefix` (at least 4 hex digits), or why there is none. */
export function findChange<T extends { id: string }>(changes: T[], idOrPrefix: string): { change: T } | { problem: string } {
  const wanted = idOrPrefix.trim().toLowerCase();
  if (!/^[0-9a-f]{4,8}$/.test(wanted)) return { problem: `change id ${JSON.stringify(idOrPrefix)} is not 4–8 hex digits; list ids with: spanlens changes` };
  const hits = changes.filter((c) => c.id.startsWith(wanted));
  if (hits.length === 1) return { change: hits[0]! };
  if (hits.length === 0) return { problem: `no detected change has id ${wanted} (${changes.length} detected); list them with: spanlens changes` };
  return { problem: `change id prefix ${wanted} matches ${hits.length} changes (${hits.map((h) => h.id).join(', ')}); give more digits` };
}
