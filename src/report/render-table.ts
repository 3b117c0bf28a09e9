/**
 * Pure: rows → an escaped HTML table by column definitions. Small-sample rows carry a visible
 * "small n" marker; a `link: 'session'` column links to the session's page when it has one.
 */
import { escapeHtml } from './escape-html.js';
import { formatCell } from './format-cell.js';
import type { TableColumn } from './report-definition.js';
import type { Row } from './compile-chart.js';

export interface TableOptions {
  /** Page file name of a session that has one (relative to the linking page). */
  sessionHref?: (sessionId: string) => string | null;
  caption?: string;
  id?: string;
}

const NUMERIC = new Set(['int', 'number', 'usd', 'rate', 'p']);

/** Returns the table's HTML; an empty dataset renders a "no rows" line instead. */
export function renderTable(columns: TableColumn[], rows: Row[], options: TableOptions = {}): string {
  if (rows.length === 0) return `<p class="empty">No rows${options.caption ? ` — ${escapeHtml(options.caption)}` : ''}.</p>`;
  const head = columns.map((c) => `<th scope="col"${NUMERIC.has(c.format ?? '') ? ' class="num"' : ''}>${escapeHtml(c.label)}</th>`).join('');
  const body = rows
    .map((r) => {
      const small = r.is_small_sample === true;
      const cells = columns.map((c, i) => {
        let text = escapeHtml(formatCell(r[c.field], c.format, c.field2 ? r[c.field2] : undefined));
        if (c.link === 'session' && typeof r[c.field] === 'string') {
          const href = options.sessionHref?.(r[c.field] as string);
          if (href) text = `<a href="${escapeHtml(href)}">${text}</a>`;
        }
        if (i === 0 && small) text += ' <span class="small-n" title="small sample: treat with caution">small n</span>';
        const cls = NUMERIC.has(c.format ?? '') ? ' class="num"' : c.wrap ? ' class="wrap"' : '';
        return `<td${cls}>${text}</td>`;
      });
      return `<tr${small ? ' class="small"' : ''}>${cells.join('')}</tr>`;
    })
    .join('\n');
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : '';
  return `<div class="table-wrap"><table${options.id ? ` id="${escapeHtml(options.id)}"` : ''}>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`;
}
