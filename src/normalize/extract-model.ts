/**
 * Pure: who served a span (provider), which model was asked for and which answered, and the
 * sampling temperature.
 *
 * provider, first present of: `gen_ai.provider.name`, `gen_ai.system`, `llm.provider` (host),
 * `llm.system` (vendor), `ai.model.provider`; normalized to the lowercase OTel 1.37+ value:
 * - known OTel values pass (openai, anthropic, aws.bedrock, azure.ai.openai, gcp.vertex_ai, x_ai, …);
 * - a small alias table maps older spellings: xai → x_ai, mistralai / mistral → mistral_ai,
 *   vertex_ai / vertexai → gcp.vertex_ai, gemini → gcp.gemini, google → gcp.gen_ai,
 *   az.ai.openai / azure → azure.ai.openai, az.ai.inference → azure.ai.inference,
 *   bedrock / amazon-bedrock / aws → aws.bedrock;
 * - Vercel provider ids ("<provider>.<api>") keep their prefix: google.vertex.* → gcp.vertex_ai,
 *   google.generative-ai → gcp.gemini, otherwise the part before the first dot through the table
 *   above ("openai.responses" → openai, "anthropic.messages" → anthropic); on a vercel_ai span an
 *   unknown id is cut to that part too ("ollama.chat" → ollama);
 * - anything else is lowercased as is ("OpenAI" → openai, "Ollama" → ollama, "acme.ai" → acme.ai);
 * - `gcp.vertex.agent` (Google ADK's gen_ai.system) names the agent framework, not a model
 *   provider, so it is skipped in favour of the next attribute.
 *
 * requestModel: `gen_ai.request.model`, `llm.request.model_name`, `model` in
 *   `llm.invocation_parameters` JSON, `embedding.model_name`, `ai.model.id`,
 *   `langfuse.observation.model.name`.
 * responseModel: `gen_ai.response.model`, `llm.response.model_name`, `llm.model_name` (OpenInference
 *   spec: the model the API reported), `ai.response.model`, `langfuse.observation.model.name`.
 * temperature: `gen_ai.request.temperature`, `ai.settings.temperature`, `temperature` in
 *   `llm.invocation_parameters` or `langfuse.observation.model.parameters` JSON.
 */
import { GENAI, LANGFUSE, OPENINFERENCE, VERCEL } from '../semconv.js';
import { attr, field, jsonObject, text, toNumber, toText } from './read-attributes.js';
import type { Attributes, Convention } from './span-input.js';

const OTEL_PROVIDERS = new Set([
  'openai', 'anthropic', 'cohere', 'deepseek', 'groq', 'perplexity', 'x_ai', 'mistral_ai', 'ibm.watsonx.ai',
  'aws.bedrock', 'azure.ai.inference', 'azure.ai.openai', 'gcp.gemini', 'gcp.gen_ai', 'gcp.vertex_ai',
]);

const ALIASES = new Map([
  ['xai', 'x_ai'],
  ['mistralai', 'mistral_ai'],
  ['mistral', 'mistral_ai'],
  ['vertex_ai', 'gcp.vertex_ai'],
  ['vertexai', 'gcp.vertex_ai'],
  ['google-vertex', 'gcp.vertex_ai'],
  ['gemini', 'gcp.gemini'],
  ['google', 'gcp.gen_ai'],
  ['az.ai.openai', 'azure.ai.openai'],
  ['az.ai.inference', 'azure.ai.inference'],
  ['azure', 'azure.ai.openai'], // OpenInference llm.provider and Vercel @ai-sdk/azure both mean Azure OpenAI
  ['azure-openai', 'azure.ai.openai'],
  ['bedrock', 'aws.bedrock'],
  ['amazon-bedrock', 'aws.bedrock'],
  ['aws', 'aws.bedrock'],
]);

const VERCEL_PREFIXES: [string, string][] = [
  ['google.vertex', 'gcp.vertex_ai'],
  ['google.generative-ai', 'gcp.gemini'],
];

const NOT_PROVIDERS = new Set(['gcp.vertex.agent']);

/** Returns a provider name in its lowercase OTel form, e.g. "OpenAI" → "openai", "openai.responses" → "openai". */
export function normalizeProvider(raw: string, isVercelId = false): string {
  const p = raw.trim().toLowerCase();
  if (OTEL_PROVIDERS.has(p)) return p;
  const alias = ALIASES.get(p);
  if (alias) return alias;
  for (const [prefix, mapped] of VERCEL_PREFIXES) if (p === prefix || p.startsWith(prefix + '.')) return mapped;
  const head = p.split('.')[0]!;
  if (head !== p) return OTEL_PROVIDERS.has(head) ? head : (ALIASES.get(head) ?? (isVercelId ? head : p));
  return p;
}

/** Returns the span's provider, normalized (null when none is recorded). */
export function extractProvider(a: Attributes, convention: Convention): string | null {
  for (const key of [GENAI.providerName, GENAI.system, OPENINFERENCE.provider, OPENINFERENCE.system, VERCEL.modelProvider]) {
    const raw = toText(attr(a, key));
    if (raw === null || NOT_PROVIDERS.has(raw.trim().toLowerCase())) continue;
    return normalizeProvider(raw, convention === 'vercel_ai');
  }
  return null;
}

function invocationParameter(a: Attributes, key: string): unknown {
  return field(jsonObject(attr(a, OPENINFERENCE.invocationParameters)), key);
}

/** Returns the requested and the answering model. */
export function extractModels(a: Attributes): { requestModel: string | null; responseModel: string | null } {
  return {
    requestModel:
      text(a, GENAI.requestModel, OPENINFERENCE.requestModelName) ??
      toText(invocationParameter(a, 'model')) ??
      text(a, OPENINFERENCE.embeddingModelName, VERCEL.modelId, LANGFUSE.modelName),
    responseModel: text(a, GENAI.responseModel, OPENINFERENCE.responseModelName, OPENINFERENCE.modelName, VERCEL.responseModel, LANGFUSE.modelName),
  };
}

/** Returns the sampling temperature the call asked for (null when absent or not a number ≥ 0). */
export function extractTemperature(a: Attributes): number | null {
  const candidates = [
    attr(a, GENAI.temperature),
    attr(a, VERCEL.temperature),
    invocationParameter(a, 'temperature'),
    field(jsonObject(attr(a, LANGFUSE.modelParameters)), 'temperature'),
  ];
  for (const c of candidates) {
    const n = toNumber(c);
    if (n !== null && n >= 0) return n;
  }
  return null;
}
