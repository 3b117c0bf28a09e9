/**
 * Pure: a DuckDB value converter for the rows `spanlens sql` prints. It is node-api's JS converter,
 * except that timestamps keep every digit DuckDB stores: a JS Date holds milliseconds, so span times
 * (TIMESTAMP_NS) printed through it lost their last six digits. Timestamps become ISO 8601 text in
 * UTC with nine (TIMESTAMP_NS) or six (TIMESTAMP, TIMESTAMPTZ) fractional digits; infinities as
 * 'infinity' and '-infinity', as DuckDB writes them.
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

/** Returns `units` since the epoch (units per millisecond: `perMs`) as ISO text with all its digits. */
export function isoWithFraction(units: bigint, perMs: bigint, digits: number): string {
  let ms = units / perMs;
  let rest = units % perMs;
  if (rest < 0n) {
    ms -= 1n;
    rest += perMs;
  }
  const iso = new Date(Number(ms)).toISOString(); // …SS.mmmZ
  return `${iso.slice(0, -1)}${rest.toString().padStart(digits, '0')}Z`;
}

const infinity = (units: bigint) => (units > 0n ? 'infinity' : '-infinity');

/** node-api's JS converter with exact timestamps (nested ones too). */
export const exactTimestampConverter: DuckDBValueConverter<JS> = (value, type, _converter) => {
  switch (type.typeId) {
    case DuckDBTypeId.TIMESTAMP_NS:
      if (value instanceof DuckDBTimestampNanosecondsValue) return value.isFinite ? isoWithFraction(value.nanos, 1_000_000n, 6) : infinity(value.nanos);
      break;
    case DuckDBTypeId.TIMESTAMP:
      if (value instanceof DuckDBTimestampValue) return value.isFinite ? isoWithFraction(value.micros, 1_000n, 3) : infinity(value.micros);
      break;
    case DuckDBTypeId.TIMESTAMP_TZ:
      if (value instanceof DuckDBTimestampTZValue) return value.isFinite ? isoWithFraction(value.micros, 1_000n, 3) : infinity(value.micros);
      break;
  }
  return JSDuckDBValueConverter(value, type, exactTimestampConverter);
};
