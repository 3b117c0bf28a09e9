/**
 * Pure: rows → text for people (an aligned table) or programs (CSV, JSON, NDJSON).
 */

export type Row = Record<string, unknown>;

/** Returns a value as display text: null as empty, bigints exact, objects as JSON. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}

/** Returns an aligned text table; long cells are cut to `maxWidth` characters. */
export function formatAligned(columns: string[], rows: Row[], maxWidth = 60): string {
  const cut = (s: string) => {
    const one = s.replace(/\s+/g, ' ');
    return one.length > maxWidth ? one.slice(0, maxWidth - 1) + '…' : one;
  };
  const cells = rows.map((r) => columns.map((c) => cut(cellText(r[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), `(${rows.length} row${rows.length === 1 ? '' : 's'})`].join('\n');
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** Returns RFC 4180 CSV with a header row. */
export function formatCsv(columns: string[], rows: Row[]): string {
  return [columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(cellText(r[c]))).join(','))].join('\n');
}

function jsonSafe(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? (Number.isSafeInteger(Number(x)) ? Number(x) : x.toString()) : x)));
}

/** Returns a JSON array of row objects. */
export function formatJson(rows: Row[]): string {
  return JSON.stringify(jsonSafe(rows), null, 2);
}

/** Returns one JSON object per line. */
export function formatNdjson(rows: Row[]): string {
  return rows.map((r) => JSON.stringify(jsonSafe(r))).join('\n');
}
