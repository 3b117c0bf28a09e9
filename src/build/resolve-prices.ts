/**
 * Per-token prices for each (provider, model, day) that had model calls: from the user's override
 * file first, then @pydantic/genai-prices (offline, bundled, time-aware: it prices by timestamp).
 * Pure apart from reading the override file; the build writes the result to `model_prices`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { UsageError } from '../errors.js';

export interface PriceRow {
  provider: string;
  model: string;
  day: string; // YYYY-MM-DD
  input_mtok: number | null;
  cache_read_mtok: number | null;
  cache_write_mtok: number | null;
  output_mtok: number | null;
  price_source: string;
  price_model_id: string | null;
  price_valid_from: string | null;
}

/** One line of a user price override: USD per million tokens, valid from a date on. */
export interface PriceOverride {
  model: string; // exact name or a glob with *, e.g. "gpt-4o*"
  provider?: string;
  valid_from: string; // YYYY-MM-DD
  input_mtok: number;
  cached_input_mtok?: number;
  cache_write_mtok?: number;
  output_mtok: number;
}

// the package does not export its package.json: find it beside the resolved entry point
const entry = createRequire(import.meta.url).resolve('@pydantic/genai-prices');
export const PRICE_LIBRARY_VERSION = (JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;

// OpenTelemetry gen_ai.provider.name values → genai-prices provider ids
const PROVIDER_IDS: Record<string, string> = {
  openai: 'openai',
  'azure.ai.openai': 'azure',
  'az.ai.openai': 'azure',
  anthropic: 'anthropic',
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  gemini: 'google',
  vertex_ai: 'google',
  google: 'google',
  'aws.bedrock': 'aws',
  mistral_ai: 'mistral',
  deepseek: 'deepseek',
  groq: 'groq',
  x_ai: 'x-ai',
  xai: 'x-ai',
  cohere: 'cohere',
  perplexity: 'perplexity',
};

/** Returns the overrides in a JSON (array of objects) or CSV (header row) file; throws UsageError naming the bad line. */
export function readPriceOverrides(file: string): PriceOverride[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read price file ${file}: ${(error as Error).message}`);
  }
  let rows: Record<string, unknown>[];
  try {
    rows = file.endsWith('.csv') ? parseCsv(text) : (JSON.parse(text) as Record<string, unknown>[]);
  } catch (error) {
    throw new UsageError(`${file}: not valid ${file.endsWith('.csv') ? 'CSV' : 'JSON'} (${(error as Error).message})`);
  }
  if (!Array.isArray(rows)) throw new UsageError(`${file}: expected a JSON array of price objects`);
  return rows.map((r, i) => {
    const n = (k: string) => (r[k] === undefined || r[k] === '' ? undefined : Number(r[k]));
    const o = {
      model: String(r.model ?? ''),
      ...(r.provider ? { provider: String(r.provider) } : {}),
      valid_from: String(r.valid_from ?? '1970-01-01'),
      input_mtok: n('input_mtok') ?? NaN,
      output_mtok: n('output_mtok') ?? NaN,
      ...(n('cached_input_mtok') !== undefined ? { cached_input_mtok: n('cached_input_mtok')! } : {}),
      ...(n('cache_write_mtok') !== undefined ? { cache_write_mtok: n('cache_write_mtok')! } : {}),
    };
    if (!o.model || !Number.isFinite(o.input_mtok) || !Number.isFinite(o.output_mtok) || !/^\d{4}-\d{2}-\d{2}$/.test(o.valid_from)) {
      throw new UsageError(`${file}: entry ${i + 1} needs model, valid_from (YYYY-MM-DD), input_mtok and output_mtok`);
    }
    // prices are USD per million tokens: a negative one, or a million dollars and more, is a typo
    for (const k of ['input_mtok', 'output_mtok', 'cached_input_mtok', 'cache_write_mtok'] as const) {
      const v = o[k as keyof typeof o] as number | undefined;
      if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v < 1e6)) throw new UsageError(`${file}: entry ${i + 1}: ${k} must be a price in USD per million tokens from 0 to under 1,000,000, got ${v}`);
    }
    return o;
  });
}

function parseCsv(text: string): Record<string, unknown>[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i] ?? `col${i}`, v.trim()])));
}

function globMatches(pattern: string, value: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'i');
  return re.test(value);
}

/** Returns the override in force for a model on a day (latest valid_from not after the day), if any. */
export function findOverride(overrides: PriceOverride[], provider: string, model: string, day: string): PriceOverride | undefined {
  return overrides
    .filter((o) => globMatches(o.model, model) && (!o.provider || o.provider === provider) && o.valid_from <= day)
    .sort((a, b) => b.valid_from.localeCompare(a.valid_from))[0];
}

function perMillion(usage: Record<string, number>, model: string, providerId: string | undefined, at: Date) {
  const r = calcPrice(usage, model, { ...(providerId ? { providerId } : {}), timestamp: at });
  return r ? { usd: r.total_price * 1000, r } : null; // usage is per 1,000 tokens: stays on the base tier
}

/** Returns the price row for one provider/model/day. */
export function resolvePrice(provider: string, model: string, day: string, overrides: PriceOverride[], overrideFile = ''): PriceRow {
  const base = { provider, model, day };
  const o = findOverride(overrides, provider, model, day);
  if (o) {
    return {
      ...base,
      input_mtok: o.input_mtok,
      cache_read_mtok: o.cached_input_mtok ?? o.input_mtok,
      cache_write_mtok: o.cache_write_mtok ?? o.input_mtok,
      output_mtok: o.output_mtok,
      price_source: `override:${overrideFile}`,
      price_model_id: o.model,
      price_valid_from: o.valid_from,
    };
  }
  const at = new Date(`${day}T12:00:00Z`);
  const providerId = PROVIDER_IDS[provider.toLowerCase()];
  const input = perMillion({ input_tokens: 1000 }, model, providerId, at);
  const output = perMillion({ output_tokens: 1000 }, model, providerId, at);
  if (!input || !output) {
    return { ...base, input_mtok: null, cache_read_mtok: null, cache_write_mtok: null, output_mtok: null, price_source: 'unpriced', price_model_id: null, price_valid_from: null };
  }
  const read = perMillion({ input_tokens: 1000, cache_read_tokens: 1000 }, model, providerId, at);
  const write = perMillion({ input_tokens: 1000, cache_write_tokens: 1000 }, model, providerId, at);
  return {
    ...base,
    input_mtok: input.usd,
    cache_read_mtok: read?.usd ?? input.usd,
    cache_write_mtok: write?.usd ?? input.usd,
    output_mtok: output.usd,
    price_source: `genai-prices ${PRICE_LIBRARY_VERSION}`,
    price_model_id: input.r.model.id,
    price_valid_from: validFrom(input.r.model.prices, at),
  };
}

function validFrom(prices: unknown, at: Date): string | null {
  if (!Array.isArray(prices)) return null; // one price for all time
  const starts = prices
    .map((p) => (p as { constraint?: { start_date?: string } }).constraint?.start_date)
    .filter((d): d is string => typeof d === 'string' && new Date(d) <= at)
    .sort();
  return starts.at(-1) ?? null;
}
