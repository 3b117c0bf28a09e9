/**
 * Pure: the overview page's body from the report definition, the loaded datasets and the
 * compiled charts. Every figure states its n (and how many points rest on small samples);
 * span-derived text only enters through escapeHtml / jsonForScript.
 */
import { escapeHtml, jsonForScript } from './escape-html.js';
import type { CompiledChart, Row } from './compile-chart.js';
import type { ReportDefinition, ReportItem, TableItem } from './report-definition.js';
import { renderTable } from './render-table.js';
import { describeSampleSize, sampleSize } from './sample-size.js';

export interface OverviewInput {
  definition: ReportDefinition;
  datasets: Record<string, Row[]>;
  charts: Record<string, CompiledChart>; // by item id
  /** e.g. "all data (2026-10-01 … 2026-10-14)" */
  windowLabel: string;
  databaseLabel: string;
  notices: string[];
  sessionHref: (sessionId: string) => string | null;
}

/** Returns the rows a table item shows (filtered, limited). */
export function tableRows(item: TableItem, rows: Row[]): Row[] {
  const f = item.filter;
  const kept = f ? rows.filter((r) => (f.in ? f.in.includes(r[f.field] as never) : r[f.field] === f.equals)) : rows;
  return item.limit ? kept.slice(0, item.limit) : kept;
}

function renderItem(item: ReportItem, input: OverviewInput): string {
  const rows = input.datasets[item.n.dataset] ?? [];
  const shown = item.kind === 'table' ? tableRows(item, input.datasets[item.dataset] ?? []) : rows;
  const n = describeSampleSize(sampleSize(item.n, item.kind === 'table' && item.n.dataset === item.dataset ? shown : rows));
  const titleId = `t-${item.id}`;
  let content: string;
  if (item.kind === 'chart') {
    const chart = input.charts[item.id]!;
    const empty = rows.length === 0;
    content = empty
      ? `<p class="empty">No data for this chart in this window.</p>`
      : `<div class="chart" id="chart-${escapeHtml(item.id)}" role="img" aria-label="${escapeHtml(`${item.title}. ${item.caption}`)}"></div>
<script type="application/json" data-chart="chart-${escapeHtml(item.id)}">${jsonForScript(chart.vega)}</script>`;
  } else {
    content = renderTable(item.columns, shown, { sessionHref: input.sessionHref, id: `table-${item.id}` });
  }
  return `<figure aria-labelledby="${titleId}" data-item="${escapeHtml(item.id)}">
<h3 id="${titleId}">${escapeHtml(item.title)}</h3>
${content}
<figcaption>${escapeHtml(item.caption)} <span class="n">${escapeHtml(n)}</span></figcaption>
</figure>`;
}

/** Returns the overview body HTML. */
export function renderOverview(input: OverviewInput): string {
  const d = input.definition;
  const nav = d.sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join(' ');
  const notices = input.notices.map((n) => `<p class="notice">${escapeHtml(n)}</p>`).join('\n');
  const sections = d.sections
    .map(
      (s) => `<section id="${escapeHtml(s.id)}">
<h2>${escapeHtml(s.title)}</h2>
${s.intro ? `<p>${escapeHtml(s.intro)}</p>` : ''}
${s.items.map((item) => renderItem(item, input)).join('\n')}
</section>`,
    )
    .join('\n');
  return `<header>
<h1>${escapeHtml(d.title)}</h1>
<p class="meta">${escapeHtml(d.description)}</p>
<p class="meta">Window: ${escapeHtml(input.windowLabel)} · database: ${escapeHtml(input.databaseLabel)}</p>
<nav>${nav}</nav>
${notices}
</header>
<main>
${sections}
</main>`;
}
