/**
 * Pure: the detected model-snapshot changes as the `spanlens changes` table.
 */
import type { DetectedChange } from './read-compare-turns.js';

/** Returns the aligned listing, or a sentence when nothing was detected. */
export function renderChanges(changes: DetectedChange[]): string {
  if (changes.length === 0) return 'no model-snapshot changes detected (table model_changes has no is_change rows)';
  const head = ['id', 'change day', 'provider', 'request model', 'old → new snapshot', 'calls (new)', 'dominant from'];
  const cells = changes.map((c) => [c.id, c.change_day, c.provider, c.request_model, `${c.previous_snapshot ?? '(none)'} → ${c.new_snapshot}`, c.calls.toLocaleString('en-US'), c.dominant_from_day ?? '—']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), ...cells.map(line), '', 'compare one: spanlens compare --change <id>'].join('\n');
}
