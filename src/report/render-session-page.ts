/**
 * Pure: one session's page — its totals, the turn-by-turn table with running cost, and each
 * turn's span tree with the failing step marked. All text escaped.
 */
import { renderSpanTree, type TreeSpan } from '../inspect/render-span-tree.js';
import { escapeHtml } from './escape-html.js';
import { formatCell } from './format-cell.js';
import type { Row } from './compile-chart.js';
import { renderTable } from './render-table.js';
import type { TableColumn } from './report-definition.js';

export interface SessionDetail {
  session: Row; // a sessions row
  turns: Row[]; // turns rows in turn order, with cumulative_cost_usd
  spans: Map<string, TreeSpan[]>; // by trace_id
}

const TURN_COLUMNS: TableColumn[] = [
  { field: 'turn_index', label: 'Turn', format: 'int' },
  { field: 'started_at', label: 'Started (UTC)', format: 'text' },
  { field: 'duration_ms', label: 'Duration ms', format: 'int' },
  { field: 'model', label: 'Model', format: 'text' },
  { field: 'input_tokens', label: 'Input tok', format: 'int' },
  { field: 'output_tokens', label: 'Output tok', format: 'int' },
  { field: 'cost_usd', label: 'Cost', format: 'usd' },
  { field: 'cumulative_cost_usd', label: 'Cumulative', format: 'usd' },
  { field: 'failure_kind', label: 'Failure', format: 'text' },
  { field: 'quality', label: 'Quality', format: 'number' },
];

/** Returns the body HTML of a session page; `overviewHref` links back. */
export function renderSessionPage(detail: SessionDetail, overviewHref: string): string {
  const s = detail.session;
  const facts: [string, string][] = [
    ['User', formatCell(s.user_id)],
    ['Session type', formatCell(s.session_type)],
    ['Started (UTC)', formatCell(s.started_at)],
    ['Turns', formatCell(s.turns, 'int')],
    ['Failed turns', formatCell(s.failed_turns, 'int')],
    ['Cost', formatCell(s.cost_usd, 'usd')],
    ['Mean quality', `${formatCell(s.mean_quality, 'number')} (n = ${formatCell(s.quality_turns, 'int')} scored turns)`],
    ['Response models', Array.isArray(s.response_models) ? s.response_models.join(', ') : formatCell(s.response_models)],
    ['Model changed within session', formatCell(s.has_model_change, 'flag') || 'no'],
  ];
  const trees = detail.turns
    .map((t) => {
      const spans = detail.spans.get(String(t.trace_id)) ?? [];
      const lines = spans.length ? renderSpanTree(spans, (t.failing_span_id as string | null) ?? null, (t.failure_kind as string | null) ?? null) : ['(no spans)'];
      const html = lines.map((l) => (l.includes('◀ failing step') ? `<span class="failing">${escapeHtml(l)}</span>` : escapeHtml(l))).join('\n');
      const failed = t.failure_kind ? ` — <span class="failing">failed: ${escapeHtml(t.failure_kind)}</span>` : '';
      return `<h3 id="turn-${escapeHtml(t.turn_index)}">Turn ${escapeHtml(t.turn_index)} · trace ${escapeHtml(t.trace_id)}${failed}</h3>\n<pre class="tree">${html}</pre>`;
    })
    .join('\n');
  return `<header>
<p class="meta"><a href="${escapeHtml(overviewHref)}">← overview</a></p>
<h1>Session ${escapeHtml(s.session_id)}</h1>
<dl class="meta">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
</header>
<main>
<h2>Turn by turn</h2>
${renderTable(TURN_COLUMNS, detail.turns)}
<h2>Span trees</h2>
${trees}
</main>`;
}
