/**
 * Pure: one table cell's value as display text, by the column's format. Missing values show as
 * an en dash, never as 0.
 */
import type { ColumnFormat } from './report-definition.js';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const num = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

function asNumber(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'bigint' ? Number(v) : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Returns a rate as a percentage with one decimal (0.1234 → "12.3%"). */
export function formatRate(v: unknown): string {
  const n = asNumber(v);
  return n === null ? '–' : `${(n * 100).toFixed(1)}%`;
}

/** Returns a US dollar amount with enough digits for sub-cent costs. */
export function formatUsd(v: unknown): string {
  const n = asNumber(v);
  if (n === null) return '–';
  return Math.abs(n) >= 1 ? `$${n.toFixed(2)}` : `$${n.toPrecision(3)}`;
}

/** Returns the display text of a value in a format; `v2` is the upper end of a "ci" cell. */
export function formatCell(v: unknown, format: ColumnFormat = 'text', v2?: unknown): string {
  switch (format) {
    case 'int': {
      const n = asNumber(v);
      return n === null ? '–' : int.format(n);
    }
    case 'number': {
      const n = asNumber(v);
      return n === null ? '–' : num.format(n);
    }
    case 'usd':
      return formatUsd(v);
    case 'rate':
      return formatRate(v);
    case 'p': {
      const n = asNumber(v);
      return n === null ? '–' : n < 0.001 ? '<0.001' : n.toFixed(3);
    }
    case 'ci': {
      const lo = asNumber(v);
      const hi = asNumber(v2);
      return lo === null || hi === null ? '–' : `[${num.format(lo)}, ${num.format(hi)}]`;
    }
    case 'flag':
      return v === true ? 'yes' : v === false ? '' : '–';
    case 'date':
    case 'text':
      return v === null || v === undefined ? '–' : String(v);
  }
}
