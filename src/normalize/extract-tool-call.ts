/**
 * Pure: which tool a span ran and the id of the call that asked for it.
 *
 * toolName: `gen_ai.tool.name` (OTel 1.31+, Vercel v7), `tool.name` (OpenInference TOOL spans),
 *   `ai.toolCall.name` (Vercel v4–v6); on an execute_tool span without any of these,
 *   `traceloop.entity.name` (OpenLLMetry `@tool`), else the span name (Langfuse `tool` observations
 *   are named after the tool).
 * toolCallId: `gen_ai.tool.call.id`, `tool.id` (OpenInference: the call id), `ai.toolCall.id`.
 */
import { GENAI, OPENINFERENCE, TRACELOOP, VERCEL } from '../semconv.js';
import { text, toText } from './read-attributes.js';
import type { Operation, SpanInput } from './span-input.js';

/** Returns the span's tool name and tool call id (null when absent). */
export function extractToolCall(span: SpanInput, operation: Operation): { toolName: string | null; toolCallId: string | null } {
  const a = span.attributes;
  const named = text(a, GENAI.toolName, OPENINFERENCE.toolName, VERCEL.toolCallName);
  const fallback = operation === 'execute_tool' ? (text(a, TRACELOOP.entityName) ?? toText(span.name)) : null;
  return { toolName: named ?? fallback, toolCallId: text(a, GENAI.toolCallId, OPENINFERENCE.toolId, VERCEL.toolCallId) };
}
