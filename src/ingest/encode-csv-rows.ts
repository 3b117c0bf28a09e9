/**
 * Pure: `raw_spans` rows → delimited text that DuckDB loads in bulk with `COPY … FROM` (its
 * parallel CSV reader), instead of one Appender call per value.
 *
 * The dialect avoids escaping almost everything: fields are separated by U+001F (unit separator)
 * and quoted with U+001E (record separator), which JSON.stringify never leaves raw, so JSON columns
 * are written as they are. A plain text value is quoted only when it holds a control character the
 * dialect uses (U+001E, U+001F, CR, LF), with U+001E doubled inside. NULL is an empty unquoted
 * field; the empty string is an empty quoted field (DuckDB option allow_quoted_nulls = false).
 */
import type { CellValue, ColumnType } from './to-span-row.js';

export const FIELD_SEPARATOR = '\u001f';
export const QUOTE = '\u001e';

const NEEDS_QUOTING = /[\u001e\u001f\r\n]/;
const QUOTE_ALL = /\u001e/g;

/** Longest row DuckDB's reader accepts here, in bytes; a longer span is reported and left out. */
export const MAX_ROW_BYTES = 16 * 1024 * 1024;

/** The options of `COPY raw_spans FROM <file> (…)` that read this dialect. */
export const COPY_OPTIONS =
  "format csv, delimiter '\u001f', quote '\u001e', escape '\u001e', header false, new_line '\\n', " +
  `allow_quoted_nulls false, auto_detect false, max_line_size ${MAX_ROW_BYTES}, buffer_size ${2 * MAX_ROW_BYTES}`;

function text(value: string): string {
  if (value === '') return QUOTE + QUOTE;
  if (!NEEDS_QUOTING.test(value)) return value;
  return QUOTE + value.replace(QUOTE_ALL, QUOTE + QUOTE) + QUOTE;
}

/** Returns one row as a line of the dialect above, ending in "\n". */
export function encodeRow(row: readonly CellValue[], types: readonly ColumnType[]): string {
  let out = '';
  const last = types.length - 1;
  for (let i = 0; i <= last; i++) {
    const v = row[i];
    if (v !== null && v !== undefined) {
      const t = types[i];
      if (t === 'text') out += text(v as string);
      else if (t === 'json') out += v === '' ? QUOTE + QUOTE : (v as string);
      else out += String(v);
    }
    out += i === last ? '\n' : FIELD_SEPARATOR;
  }
  return out;
}

/** Returns the rows as lines of the dialect above. */
export function encodeRows(rows: readonly CellValue[][], types: readonly ColumnType[]): string {
  let out = '';
  for (const row of rows) out += encodeRow(row, types);
  return out;
}
