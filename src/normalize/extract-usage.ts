/**
 * Pure: token usage of a span in one convention's terms, with stated semantics:
 * - inputTokens is the TOTAL input, including cache reads and writes. OTel GenAI (1.40+ says so),
 *   OpenAI, OpenInference and OpenLLMetry already include them; Langfuse `usage_details.input` is
 *   non-cached input, so the cache counts are added; Vercel reports either way (v5 Anthropic
 *   excluded cache), so `noCacheTokens` is used when present, and an input smaller than its own
 *   cache counts is taken as excluding them.
 * - outputTokens includes reasoning tokens.
 * - A span carrying usage in two conventions (Google ADK: gen_ai.usage.* and llm.token_count.*)
 *   gets one family's numbers, never their sum.
 */
import { GENAI, LANGFUSE, OPENINFERENCE, TRACELOOP, VERCEL } from '../semconv.js';
import { number, structured, toNumber } from './read-attributes.js';
import type { Attributes, AttrValue, Convention } from './span-input.js';

export interface Usage {
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  totalTokens: number | null;
}

const NONE: Usage = { inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null, totalTokens: null };

function otel(a: Attributes): Usage {
  return {
    inputTokens: number(a, GENAI.inputTokens, GENAI.promptTokens),
    outputTokens: number(a, GENAI.outputTokens, GENAI.completionTokens),
    cacheReadTokens: number(a, GENAI.cacheReadTokens, TRACELOOP.cacheReadTokensOld),
    cacheWriteTokens: number(a, GENAI.cacheWriteTokens, GENAI.cacheCreationTokens, TRACELOOP.cacheCreationTokensOld),
    reasoningTokens: number(a, GENAI.reasoningTokens, TRACELOOP.reasoningTokens, TRACELOOP.reasoningTokensOld),
    totalTokens: number(a, GENAI.totalTokens, TRACELOOP.totalTokensOld),
  };
}

function openinference(a: Attributes): Usage {
  return {
    inputTokens: number(a, OPENINFERENCE.promptTokens),
    outputTokens: number(a, OPENINFERENCE.completionTokens),
    cacheReadTokens: number(a, OPENINFERENCE.cacheReadTokens),
    cacheWriteTokens: number(a, OPENINFERENCE.cacheWriteTokens),
    reasoningTokens: number(a, OPENINFERENCE.reasoningTokens),
    totalTokens: number(a, OPENINFERENCE.totalTokens),
  };
}

function pick(d: Record<string, unknown>, ...keys: string[]): number | null {
  for (const k of keys) {
    const n = toNumber(d[k] as AttrValue);
    if (n !== null) return n;
  }
  return null;
}

function langfuse(a: Attributes): Usage {
  const d = structured(a[LANGFUSE.usageDetails]);
  if (!d || typeof d !== 'object' || Array.isArray(d)) return NONE;
  const u = d as Record<string, unknown>;
  const cacheRead = pick(u, 'input_cached_tokens', 'cache_read_input_tokens', 'input_cache_read', 'cached_tokens');
  const cacheWrite = pick(u, 'input_cache_creation', 'cache_creation_input_tokens', 'input_cache_write');
  const uncached = pick(u, 'input', 'prompt_tokens', 'input_tokens');
  return {
    inputTokens: uncached === null ? null : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0), // Langfuse input is non-cached
    outputTokens: pick(u, 'output', 'completion_tokens', 'output_tokens'),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: pick(u, 'output_reasoning_tokens', 'reasoning_tokens', 'output_reasoning'),
    totalTokens: pick(u, 'total', 'total_tokens'),
  };
}

function vercel(a: Attributes): Usage {
  const cacheRead = number(a, VERCEL.cachedInputTokens, VERCEL.cacheReadTokens, GENAI.cacheReadTokens);
  const cacheWrite = number(a, VERCEL.cacheWriteTokens, GENAI.cacheCreationTokens);
  const noCache = number(a, VERCEL.noCacheTokens);
  const reported = number(a, VERCEL.inputTokens, VERCEL.promptTokens, GENAI.inputTokens);
  const input = noCache !== null ? noCache + (cacheRead ?? 0) + (cacheWrite ?? 0) : reported;
  return {
    inputTokens: input,
    outputTokens: number(a, VERCEL.outputTokens, VERCEL.completionTokens, GENAI.outputTokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: number(a, VERCEL.reasoningTokens),
    totalTokens: number(a, VERCEL.totalTokens),
  };
}

function hasAny(u: Usage): boolean {
  return Object.values(u).some((v) => v !== null);
}

/** Returns the span's usage, read in its own convention first, then the others as a fallback. */
export function extractUsage(a: Attributes, convention: Convention): Usage {
  const order: ((a: Attributes) => Usage)[] =
    convention === 'openinference' ? [openinference, otel]
    : convention === 'langfuse' ? [langfuse, otel, openinference]
    : convention === 'vercel_ai' ? [vercel]
    : [otel, openinference];
  let usage = NONE;
  for (const read of order) {
    usage = read(a);
    if (hasAny(usage)) break;
  }
  // an input smaller than its own cache counts excluded them: make it the total
  const cached = (usage.cacheReadTokens ?? 0) + (usage.cacheWriteTokens ?? 0);
  if (usage.inputTokens !== null && cached > 0 && usage.inputTokens < cached) {
    usage = { ...usage, inputTokens: usage.inputTokens + cached };
  }
  return usage;
}
