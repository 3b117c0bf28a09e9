/**
 * Pure: build options from loosely typed values (the `build` command's flags, or the `build` object
 * of spanlens.config.json for `spanlens run`) into a BuildOptions, with every problem named by its
 * flag or key path. One validation for both, so a nightly run builds with exactly the settings an
 * interactive `spanlens build` would accept.
 *
 *   { "prices": "/etc/spanlens/prices.csv", "retrievalLowScore": 0.5, "sessionTypeKeys": ["app.flow"],
 *     "qualityScales": { "helpfulness": [1, 5] } }
 */
import { DEFAULT_BUILD_OPTIONS, type BuildOptions, type QualityScale } from './build-options.js';

/** The settable options and what each must be; `prices` is BuildOptions.pricesFile. */
const NUMBERS = ['retrievalLowScore', 'staleMaxAgeDays', 'staleMinConfidence', 'repetitionMinSimilarity', 'superLinearExponent'] as const;
const COUNTS = ['minSampleSize', 'turnIndexCap', 'growthMinTurns', 'minSupportSessions', 'impactWindowDays', 'bootstrapResamples'] as const;
const KEY_LISTS = ['sessionTypeKeys', 'sampleRateKeys'] as const;

/** Every key `resolveBuildOptions` reads (the config file's `build` object may hold only these). */
export const BUILD_OPTION_KEYS: readonly string[] = ['prices', ...NUMBERS, ...COUNTS, ...KEY_LISTS, 'qualityScales'];

export interface ResolvedBuildOptions {
  options: BuildOptions;
  errors: string[];
}

/** Returns a number from a number or a numeric string (flags arrive as text), else null. */
function numeric(v: unknown): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** Returns a key list from an array of strings or a comma-separated string, or an error. */
function keyList(v: unknown): string[] | string {
  const parts = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : null;
  if (parts === null || parts.some((p) => typeof p !== 'string')) return 'must be a list of attribute keys';
  const keys = (parts as string[]).map((k) => k.trim()).filter(Boolean);
  return keys.length > 0 ? keys : 'must name at least one attribute key';
}

/**
 * Returns evaluation scales from `{ "name": [low, high] }` (config), or `"name=low:high,…"` or
 * `["name=low:high", …]` (the name is what precedes the last "="), or an error.
 */
export function qualityScales(v: unknown): QualityScale[] | string {
  const pairs: [string, unknown][] = [];
  if (Array.isArray(v) || typeof v === 'string') {
    for (const item of typeof v === 'string' ? v.split(',').filter((x) => x.trim() !== '') : v) {
      const at = typeof item === 'string' ? item.lastIndexOf('=') : -1;
      if (at <= 0) return `must be name=low:high, got ${JSON.stringify(item)}`;
      const range = (item as string).slice(at + 1).split(':');
      pairs.push([(item as string).slice(0, at).trim(), range.length === 2 ? range : null]);
    }
  } else if (v !== null && typeof v === 'object') {
    pairs.push(...Object.entries(v));
  } else {
    return 'must map evaluation names to [low, high]';
  }
  const scales: QualityScale[] = [];
  for (const [name, range] of pairs) {
    const [low, high] = Array.isArray(range) && range.length === 2 ? range.map(numeric) : [null, null];
    if (name === '' || low === null || high === null || low === undefined || high === undefined) return `${JSON.stringify(name)}: the scale must be two numbers, low and high`;
    if (!(low < high)) return `${JSON.stringify(name)}: low must be below high, got ${low} and ${high}`;
    if (scales.some((s) => s.name === name)) return `${JSON.stringify(name)}: declared twice`;
    scales.push({ name, low, high });
  }
  return scales.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Returns the options: DEFAULT_BUILD_OPTIONS overlaid with the given values (undefined: default).
 * `label` names a key in messages, e.g. "retrievalLowScore" → "--retrieval-low-score" or
 * "build.retrievalLowScore".
 */
export function resolveBuildOptions(values: Record<string, unknown>, label: (key: string) => string): ResolvedBuildOptions {
  const errors: string[] = [];
  const options: BuildOptions = {
    ...DEFAULT_BUILD_OPTIONS,
    sessionTypeKeys: [...DEFAULT_BUILD_OPTIONS.sessionTypeKeys],
    sampleRateKeys: [...DEFAULT_BUILD_OPTIONS.sampleRateKeys],
    qualityScales: [],
  };
  for (const key of NUMBERS) {
    const v = values[key];
    if (v === undefined) continue;
    const n = numeric(v);
    if (n === null) errors.push(`${label(key)}: must be a number, got ${JSON.stringify(v)}`);
    else options[key] = n;
  }
  for (const key of COUNTS) {
    const v = values[key];
    if (v === undefined) continue;
    const n = numeric(v);
    if (n === null || !Number.isInteger(n) || n < 1) errors.push(`${label(key)}: must be a whole number of at least 1, got ${JSON.stringify(v)}`);
    else options[key] = n;
  }
  for (const key of KEY_LISTS) {
    const v = values[key];
    if (v === undefined) continue;
    const keys = keyList(v);
    if (typeof keys === 'string') errors.push(`${label(key)}: ${keys}, got ${JSON.stringify(v)}`);
    else options[key] = keys;
  }
  if (values.qualityScales !== undefined) {
    const scales = qualityScales(values.qualityScales);
    if (typeof scales === 'string') errors.push(`${label('qualityScales')}: ${scales}`);
    else options.qualityScales = scales;
  }
  const prices = values.prices;
  if (prices !== undefined && prices !== null) {
    if (typeof prices !== 'string' || prices === '') errors.push(`${label('prices')}: must be the path of a JSON or CSV price file, got ${JSON.stringify(prices)}`);
    else options.pricesFile = prices;
  }
  return { options, errors };
}
