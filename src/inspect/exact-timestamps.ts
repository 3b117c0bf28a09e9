/**
 * Pure: a DuckDB value converter for the rows `spanlens sql` prints. It is node-api's JS converter,
 * except for dates and times, which a JS Date either cuts to milliseconds (span times, TIMESTAMP_NS,
 * lost their last six digits), cannot hold at all (years past 275760, which DuckDB allows: the
 * converter threw) or which it leaves as raw numbers (a TIME as microseconds since midnight).
 * Timestamps become ISO 8601 text in UTC with nine (TIMESTAMP_NS) or six (TIMESTAMP, TIMESTAMPTZ)
 * fractional digits; infinities as 'infinity' and '-infinity', and timestamps outside a JS Date's
 * range, dates, times and intervals as DuckDB writes them ('2026-10-02', '12:00:00.123456',
 * '3 days').
 */
import {
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  JSDuckDBValueConverter,
  type DuckDBValueConverter,
  type JS,
} from '@duckdb/node-api';

/** The largest distance from the epoch a JS Date holds, in milliseconds (±100,000,000 days). */
const MAX_DATE_MS = 8_640_000_000_000_000n;

/**
 * Returns `units` since the epoch (units per millisecond: `perMs`) as ISO text with all its digits,
 * or null when the instant is beyond what a JS Date holds.
 */
export function isoWithFraction(units: bigint, perMs: bigint, digits: number): string | null {
  let ms = units / perMs;
  let rest = units % perMs;
  if (rest < 0n) {
    ms -= 1n;
    rest += perMs;
  }
  if (ms > MAX_DATE_MS || ms < -MAX_DATE_MS) return null;
  const iso = new Date(Number(ms)).toISOString(); // …SS.mmmZ
  return `${iso.slice(0, -1)}${rest.toString().padStart(digits, '0')}Z`;
}

/** The types printed as DuckDB's own text. */
const AS_DUCKDB_TEXT = new Set<DuckDBTypeId>([
  DuckDBTypeId.DATE, DuckDBTypeId.TIME, DuckDBTypeId.TIME_NS, DuckDBTypeId.TIME_TZ, DuckDBTypeId.INTERVAL,
  DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS,
]);

/** 'infinity' or '-infinity' for an infinite date or timestamp value (as DuckDB writes them), else null. */
function infinity(value: unknown): string | null {
  const v = value as { isFinite?: boolean; days?: number; seconds?: bigint; millis?: bigint; micros?: bigint; nanos?: bigint };
  if (v.isFinite !== false) return null;
  // each type keeps its own unit: TIMESTAMP_S seconds, TIMESTAMP_MS millis, DATE days
  const units = v.nanos ?? v.micros ?? v.millis ?? v.seconds ?? BigInt(v.days ?? 0);
  return units > 0n ? 'infinity' : '-infinity';
}

/** node-api's JS converter with exact dates and times (nested ones too). */
export const exactTimestampConverter: DuckDBValueConverter<JS> = (value, type, _converter) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.TIMESTAMP_NS:
      if (value instanceof DuckDBTimestampNanosecondsValue) return infinity(value) ?? isoWithFraction(value.nanos, 1_000_000n, 6) ?? value.toString();
      break;
    case DuckDBTypeId.TIMESTAMP:
      if (value instanceof DuckDBTimestampValue) return infinity(value) ?? isoWithFraction(value.micros, 1_000n, 3) ?? value.toString();
      break;
    case DuckDBTypeId.TIMESTAMP_TZ:
      if (value instanceof DuckDBTimestampTZValue) return infinity(value) ?? isoWithFraction(value.micros, 1_000n, 3) ?? value.toString();
      break;
    default:
      if (AS_DUCKDB_TEXT.has(type.typeId)) return infinity(value) ?? String(value);
  }
  return JSDuckDBValueConverter(value, type, exactTimestampConverter);
};
