/**
 * Pure: a compare result → the datasets reports/compare reads (rows by scope, daily series with the
 * start of the after side as a marker, worst sessions), and the page's header notices.
 */
import type { CompareResult } from '../compare/compare-result.js';
import type { Row } from './compile-chart.js';

/** Returns the datasets named in reports/compare/report.json `provided`. */
export function compareDatasets(result: CompareResult): Record<string, Row[]> {
  const order = new Map(result.metrics.map((m, i) => [m, i]));
  const rows = result.rows.map((r) => ({ ...r, metric_order: order.get(r.metric) ?? 99, scope: r.scope === 'mix_adjusted' ? 'mix-adjusted' : r.scope }) as unknown as Row);
  const marker = result.after.days ? null : result.after.from.slice(0, 10);
  return {
    compare_rows: rows,
    compare_overall: rows.filter((r) => r.scope !== 'session_type'),
    compare_by_type: rows.filter((r) => r.scope === 'session_type'),
    compare_daily: result.daily.map((d) => ({ ...d, marker }) as unknown as Row),
    compare_worst_sessions: result.worst_sessions.map((w) => ({ ...w, failure_kinds: w.failure_kinds.join(', ') }) as unknown as Row),
  };
}

/** Returns the header lines: what was compared with what, filters, the change, and the caveat. */
export function compareNotices(result: CompareResult, regressions: string[] | null): string[] {
  const side = (s: CompareResult['before']) =>
    `${s.label}${s.response_model ? ` (snapshot ${s.response_model})` : ''}: ${s.turns.toLocaleString('en-US')} turns, ${s.sessions.toLocaleString('en-US')} sessions`;
  const f = result.filters;
  const filters = [f.provider && `provider ${f.provider}`, f.request_model && `request model ${f.request_model}`, f.session_type && `session type ${f.session_type}`].filter(Boolean);
  const lines = [
    `Before — ${side(result.before)}. After — ${side(result.after)}.`,
    `Filters: ${filters.length ? filters.join(', ') : 'none'}. Minimum sample: ${result.settings.min_n} turns per side; Holm family: ${result.holm_family_size} tests; alpha ${result.settings.alpha}.`,
  ];
  if (result.change) {
    const c = result.change;
    lines.push(`Change ${c.id}: ${c.provider} ${c.request_model} ${c.previous_snapshot ?? '(none)'} → ${c.new_snapshot} on ${c.change_day}.`);
  }
  if (regressions) lines.push(regressions.length ? `Regression gate failed: ${regressions.join('; ')}.` : 'Regression gate passed: no gated metric got significantly worse.');
  lines.push(result.note);
  return lines;
}
