/**
 * Pure: the token usage of a span, read in its own convention and brought to one meaning.
 *
 * Token semantics of NormalizedGenAi:
 * - `inputTokens` is the TOTAL input, INCLUDING cache reads and cache writes. OTel GenAI (stated from
 *   1.40), OpenAI, OpenInference and OpenLLMetry already report it so. Langfuse `usage_details.input`
 *   is the non-cached input, so the cache (and other input-detail) keys are added
 *   (read-usage-details.ts). Vercel: with `ai.usage.inputTokenDetails.noCacheTokens` present,
 *   input = noCache + cacheRead + cacheWrite; otherwise the reported input, unless it is smaller
 *   than the cache counts (v5 Anthropic reported input without cache, with cache writes only in
 *   `ai.response.providerMetadata`), in which case the cache counts are added.
 * - That last rule is applied to every family: an input smaller than its own cache reads + writes
 *   cannot include them, so it is made total. Likewise an output smaller than its own reasoning
 *   count is taken as excluding it and the reasoning count is added. (An excluding input that
 *   happens to be larger than its cache counts cannot be told apart and is kept as reported.)
 * - `outputTokens` includes reasoning tokens; `cacheReadTokens`, `cacheWriteTokens` and
 *   `reasoningTokens` are subsets of input/output; `totalTokens` is as reported, never computed.
 * - One family's numbers per span, never a sum across families: the span's detected convention is
 *   read first, and other families' usage attributes only when that one has none at all (Google ADK
 *   spans carry gen_ai.usage.* and llm.token_count.*: they are OpenInference, so llm.token_count.*).
 * - Token counts are non-negative integers; anything else ("n/a", -1, 1.5) is null.
 */
import { GENAI, LANGFUSE, OPENINFERENCE, TRACELOOP, VERCEL } from '../semconv.js';
import { attr, count, field, jsonObject, toCount } from './read-attributes.js';
import { readUsageDetails } from './read-usage-details.js';
import type { Attributes, Convention } from './span-input.js';

/** The token columns of NormalizedGenAi. */
export interface Usage {
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  totalTokens: number | null;
}

type UsageReader = (a: Attributes) => Usage;

/** A span without usage: every count null. */
export const NO_USAGE: Usage = { inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null, totalTokens: null };

/** OTel GenAI 1.26 → genai repo, and OpenLLMetry's three generations (which write gen_ai.* too). */
function otelGenAi(a: Attributes): Usage {
  return {
    inputTokens: count(a, GENAI.inputTokens, GENAI.promptTokens),
    outputTokens: count(a, GENAI.outputTokens, GENAI.completionTokens),
    cacheReadTokens: count(a, GENAI.cacheReadTokens, TRACELOOP.cacheReadTokensOld),
    cacheWriteTokens: count(a, GENAI.cacheWriteTokens, GENAI.cacheCreationTokens, TRACELOOP.cacheCreationTokensOld),
    reasoningTokens: count(a, GENAI.reasoningTokens, TRACELOOP.reasoningTokens, TRACELOOP.reasoningTokensOld),
    totalTokens: count(a, TRACELOOP.totalTokens, TRACELOOP.totalTokensOld),
  };
}

function openInference(a: Attributes): Usage {
  return {
    inputTokens: count(a, OPENINFERENCE.promptTokens),
    outputTokens: count(a, OPENINFERENCE.completionTokens),
    cacheReadTokens: count(a, OPENINFERENCE.cacheReadTokens),
    cacheWriteTokens: count(a, OPENINFERENCE.cacheWriteTokens),
    reasoningTokens: count(a, OPENINFERENCE.reasoningTokens),
    totalTokens: count(a, OPENINFERENCE.totalTokens),
  };
}

function langfuse(a: Attributes): Usage {
  const details = jsonObject(attr(a, LANGFUSE.usageDetails));
  return details ? readUsageDetails(details) : NO_USAGE;
}

function vercel(a: Attributes): Usage {
  const cacheRead = count(a, VERCEL.cachedInputTokens, VERCEL.cacheReadTokens, GENAI.cacheReadTokens);
  const anthropicMetadata = field(jsonObject(attr(a, VERCEL.providerMetadata)), 'anthropic');
  const cacheWrite =
    count(a, VERCEL.cacheWriteTokens, GENAI.cacheWriteTokens, GENAI.cacheCreationTokens) ?? toCount(field(anthropicMetadata, 'cacheCreationInputTokens'));
  const noCache = count(a, VERCEL.noCacheTokens);
  return {
    inputTokens:
      noCache !== null
        ? noCache + (cacheRead ?? 0) + (cacheWrite ?? 0)
        : count(a, VERCEL.inputTokens, VERCEL.promptTokens, VERCEL.embeddingTokens, GENAI.inputTokens, GENAI.promptTokens),
    outputTokens: count(a, VERCEL.outputTokens, VERCEL.completionTokens, GENAI.outputTokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: count(a, VERCEL.reasoningTokens, VERCEL.reasoningTokensDetail, GENAI.reasoningTokens),
    totalTokens: count(a, VERCEL.totalTokens),
  };
}

const READERS: Record<Convention, UsageReader[]> = {
  otel_genai: [otelGenAi],
  openllmetry: [otelGenAi],
  openinference: [openInference, otelGenAi],
  langfuse: [langfuse, otelGenAi, openInference],
  vercel_ai: [vercel],
  unknown: [], // a span with usage attributes is never unknown
};

/** Returns whether a usage carries any count. */
export function hasUsage(u: Usage): boolean {
  return Object.values(u).some((v) => v !== null);
}

/** Makes input include its cache counts and output its reasoning count where the numbers show they did not. */
function makeInclusive(u: Usage): Usage {
  const cached = (u.cacheReadTokens ?? 0) + (u.cacheWriteTokens ?? 0);
  const inputTokens = u.inputTokens !== null && u.inputTokens < cached ? u.inputTokens + cached : u.inputTokens;
  const reasoning = u.reasoningTokens ?? 0;
  const outputTokens = u.outputTokens !== null && u.outputTokens < reasoning ? u.outputTokens + reasoning : u.outputTokens;
  return { ...u, inputTokens, outputTokens };
}

/** Returns the span's usage in its own convention (others only when it has none), with the semantics above. */
export function extractUsage(a: Attributes, convention: Convention): Usage {
  for (const read of READERS[convention]) {
    const usage = read(a);
    if (hasUsage(usage)) return makeInclusive(usage);
  }
  return NO_USAGE;
}
