/**
 * Pure: token usage from a Langfuse `langfuse.observation.usage_details` JSON object. Its keys are
 * free-form usage types; Langfuse's own convention (its OpenAI mapping and its UI, which counts every
 * key containing "input" as input and every key containing "output" as output) is:
 * - `input` is the NON-cached, non-audio input; cache reads/writes and other input details are
 *   separate keys (`input_cached_tokens`, `input_cache_read`, `input_cache_creation`,
 *   `input_audio_tokens`, …), so total input = the sum of all keys containing "input";
 * - `output` likewise excludes `output_reasoning_tokens` etc., so total output = the sum of all keys
 *   containing "output".
 * Objects in OpenAI's own shape (`prompt_tokens` / `input_tokens` with `*_tokens_details`) are read
 * with OpenAI's semantics instead: prompt/input tokens already include cached tokens.
 */
import { field, type JsonObject, toCount } from './read-attributes.js';
import type { Usage } from './extract-usage.js';

function sumWhere(d: JsonObject, keep: (key: string) => boolean): number | null {
  let total: number | null = null;
  for (const key of Object.keys(d)) {
    if (!keep(key)) continue;
    const n = toCount(d[key]);
    if (n !== null) total = (total ?? 0) + n;
  }
  return total;
}

const isCacheRead = (k: string): boolean => k.includes('input') && /cache_read|cached/.test(k);
const isCacheWrite = (k: string): boolean => k.includes('input') && /cache_creation|cache_write/.test(k);

function langfuseShape(d: JsonObject): Usage {
  return {
    inputTokens: sumWhere(d, (k) => k.includes('input')),
    outputTokens: sumWhere(d, (k) => k.includes('output')),
    cacheReadTokens: sumWhere(d, isCacheRead),
    cacheWriteTokens: sumWhere(d, isCacheWrite),
    reasoningTokens: sumWhere(d, (k) => k.includes('output') && k.includes('reasoning')),
    totalTokens: toCount(field(d, 'total')),
  };
}

function openAiShape(d: JsonObject): Usage {
  const inDetails = field(d, 'prompt_tokens_details') ?? field(d, 'input_tokens_details');
  const outDetails = field(d, 'completion_tokens_details') ?? field(d, 'output_tokens_details');
  return {
    inputTokens: toCount(field(d, 'prompt_tokens') ?? field(d, 'input_tokens')),
    outputTokens: toCount(field(d, 'completion_tokens') ?? field(d, 'output_tokens')),
    cacheReadTokens: toCount(field(inDetails, 'cached_tokens')),
    cacheWriteTokens: null,
    reasoningTokens: toCount(field(outDetails, 'reasoning_tokens')),
    totalTokens: toCount(field(d, 'total_tokens') ?? field(d, 'total')),
  };
}

/** Returns the usage in a usage_details object, input made total (cache included). */
export function readUsageDetails(d: JsonObject): Usage {
  const isOpenAi = field(d, 'input') === undefined && (field(d, 'prompt_tokens') !== undefined || field(d, 'input_tokens') !== undefined);
  return isOpenAi ? openAiShape(d) : langfuseShape(d);
}
