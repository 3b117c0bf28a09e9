/**
 * Pure: which instrumentation family wrote a span. One answer per span, by precedence (most
 * specific vendor marker first): Langfuse → OpenInference → Vercel AI SDK → OpenLLMetry → OTel GenAI.
 * e.g. Google ADK spans carry both gen_ai.* and llm.token_count.*: they are OpenInference.
 */
import { OPENINFERENCE, TRACELOOP, VERCEL } from '../semconv.js';
import { hasPrefix } from './read-attributes.js';
import type { Convention, SpanInput } from './span-input.js';

/** Returns the span's convention family. */
export function detectConvention(span: SpanInput): Convention {
  const a = span.attributes;
  if (hasPrefix(a, 'langfuse.observation.') || hasPrefix(a, 'langfuse.trace.')) return 'langfuse';
  if (OPENINFERENCE.spanKind in a || hasPrefix(a, 'llm.token_count.') || hasPrefix(a, OPENINFERENCE.inputMessagesPrefix)) return 'openinference';
  if (VERCEL.operationId in a || span.scopeName === 'ai' || hasPrefix(a, 'ai.usage.') || hasPrefix(a, 'ai.telemetry.')) return 'vercel_ai';
  if (TRACELOOP.spanKind in a || hasPrefix(a, TRACELOOP.associationPrefix) || TRACELOOP.requestType in a || hasPrefix(a, 'gen_ai.prompt.')) return 'openllmetry';
  if (hasPrefix(a, 'gen_ai.') || span.events.some((e) => e.name.startsWith('gen_ai.'))) return 'otel_genai';
  return 'unknown';
}
