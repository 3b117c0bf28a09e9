/**
 * Pure: the prompt and completion of a span as readable text, from whichever place its convention
 * keeps them (attributes or span events). Messages become "role: content" lines, joined by newlines.
 */
import { GENAI, LANGFUSE, OPENINFERENCE, TRACELOOP, VERCEL } from '../semconv.js';
import { indexedList, structured, text } from './read-attributes.js';
import type { Attributes, SpanInput } from './span-input.js';

type Json = unknown;

/** Returns the text of one message in any of the shapes conventions use. */
function messageText(m: Json): string | null {
  if (typeof m === 'string') return m;
  if (!m || typeof m !== 'object') return null;
  const o = m as Record<string, Json>;
  let body: string | null = null;
  if (typeof o.content === 'string') body = o.content;
  else if (Array.isArray(o.content)) body = partsText(o.content);
  else if (Array.isArray(o.parts)) body = partsText(o.parts);
  else if (typeof o.text === 'string') body = o.text;
  else if (o.message) return messageText(o.message); // gen_ai.choice style
  if (body === null) return null;
  return typeof o.role === 'string' ? `${o.role}: ${body}` : body;
}

function partsText(parts: Json[]): string | null {
  const texts = parts
    .map((p) => {
      if (typeof p === 'string') return p;
      const o = (p ?? {}) as Record<string, Json>;
      if (typeof o.content === 'string') return o.content;
      if (typeof o.text === 'string') return o.text;
      if (o.type === 'tool_call' && typeof o.name === 'string') return `[tool_call ${o.name}]`;
      return null;
    })
    .filter((t): t is string => t !== null);
  return texts.length ? texts.join('\n') : null;
}

/** Returns text from a JSON message list (or a single message, or a Vercel prompt object). */
function messagesText(value: Json): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    const lines = value.map(messageText).filter((t): t is string => t !== null);
    return lines.length ? lines.join('\n') : null;
  }
  if (typeof value === 'object') {
    const o = value as Record<string, Json>;
    if (Array.isArray(o.messages)) return messagesText(o.messages);
    if (typeof o.prompt === 'string') return (typeof o.system === 'string' ? `system: ${o.system}\n` : '') + `user: ${o.prompt}`;
    return messageText(o);
  }
  return typeof value === 'string' ? value : null;
}

function fromAttr(a: Attributes, key: string): string | null {
  const v = a[key];
  if (v === undefined || v === null) return null;
  const parsed = structured(v);
  if (parsed !== null) return messagesText(parsed);
  return typeof v === 'string' && v !== '' ? v : null;
}

function indexedMessages(a: Attributes, prefix: string, roleKey: string, contentKey: string): string | null {
  const lines = indexedList(a, prefix)
    .map((m) => {
      const content = typeof m[contentKey] === 'string' ? (m[contentKey] as string) : null;
      const parts = Object.entries(m)
        .filter(([k, v]) => /contents\.\d+\.message_content\.text$/.test(k) && typeof v === 'string')
        .map(([, v]) => v as string);
      const body = content ?? (parts.length ? parts.join('\n') : null);
      if (body === null) return null;
      const role = m[roleKey];
      return typeof role === 'string' ? `${role}: ${body}` : body;
    })
    .filter((t): t is string => t !== null);
  return lines.length ? lines.join('\n') : null;
}

function fromEvent(span: SpanInput, eventName: string, key: string): string | null {
  const e = span.events.find((ev) => ev.name === eventName);
  return e ? fromAttr(e.attributes, key) : null;
}

/** Returns the span's prompt text, or null when it recorded none. */
export function extractPrompt(span: SpanInput): string | null {
  const a = span.attributes;
  const system = fromAttr(a, GENAI.systemInstructions);
  const main =
    fromAttr(a, GENAI.inputMessages) ??
    fromAttr(a, GENAI.prompt) ??
    fromEvent(span, GENAI.contentPromptEvent, GENAI.prompt) ??
    indexedMessages(a, 'gen_ai.prompt.', 'role', 'content') ??
    indexedMessages(a, OPENINFERENCE.inputMessagesPrefix, 'message.role', 'message.content') ??
    indexedMessages(a, 'llm.prompts.', '', 'prompt.text') ??
    fromAttr(a, VERCEL.promptMessages) ??
    fromAttr(a, VERCEL.prompt) ??
    fromAttr(a, LANGFUSE.input) ??
    text(a, OPENINFERENCE.inputValue) ??
    fromAttr(a, TRACELOOP.entityInput);
  if (system && main) return `system: ${system}\n${main}`;
  return main ?? system;
}

/** Returns the span's completion text, or null when it recorded none. */
export function extractCompletion(span: SpanInput): string | null {
  const a = span.attributes;
  return (
    fromAttr(a, GENAI.outputMessages) ??
    fromAttr(a, GENAI.completion) ??
    fromEvent(span, GENAI.contentCompletionEvent, GENAI.completion) ??
    indexedMessages(a, 'gen_ai.completion.', 'role', 'content') ??
    indexedMessages(a, OPENINFERENCE.outputMessagesPrefix, 'message.role', 'message.content') ??
    indexedMessages(a, 'llm.choices.', '', 'completion.text') ??
    text(a, VERCEL.responseText) ??
    fromAttr(a, LANGFUSE.output) ??
    text(a, OPENINFERENCE.outputValue) ??
    fromAttr(a, TRACELOOP.entityOutput)
  );
}

/** Returns finish reasons from output messages JSON, when the span has no finish-reason attribute. */
export function finishReasonsFromMessages(a: Attributes): string[] | null {
  const out = structured(a[GENAI.outputMessages]);
  if (!Array.isArray(out)) return null;
  const reasons = out.map((m) => (m as { finish_reason?: unknown })?.finish_reason).filter((r): r is string => typeof r === 'string');
  return reasons.length ? reasons : null;
}
