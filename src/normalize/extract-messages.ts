/**
 * Pure: the prompt and the completion of a span as readable text: one "role: text" entry per
 * message, joined by newlines, e.g. "system: Be brief\nuser: Weather in Paris?" and
 * "assistant: Rainy, 57°F." (render-messages.ts says how each message shape becomes text). Values
 * that hold no messages (a plain `input.value`, `ai.response.text`) are taken as they are.
 *
 * prompt, first present of:
 * 1. `gen_ai.input.messages` (OTel 1.37+, OpenLLMetry v0.55+, Vercel v7)
 * 2. `gen_ai.prompt` attribute, then the `gen_ai.prompt` attribute of a `gen_ai.content.prompt`
 *    span event (OTel 1.26–1.27)
 * 3. OpenLLMetry ≤v0.54 `gen_ai.prompt.N.role/content`
 * 4. OpenInference `llm.input_messages.N.message.*`, then completions-API `llm.prompts.N.prompt.text`
 * 5. Vercel `ai.prompt.messages`, then `ai.prompt`
 * 6. Raw fallbacks: `langfuse.observation.input`, `input.value`, `traceloop.entity.input`
 *    (rendered as messages when they hold messages, else as the string they are)
 * and `gen_ai.system_instructions`, when present, is put first as a "system: …" line.
 *
 * completion, first present of: `gen_ai.output.messages`; `gen_ai.completion` (attribute, then
 * `gen_ai.content.completion` event); OpenLLMetry `gen_ai.completion.N.*`; OpenInference
 * `llm.output_messages.N.*`, `llm.choices.N.completion.text`; Vercel `ai.response.text`,
 * `ai.response.object`; then `langfuse.observation.output`, `output.value`, `traceloop.entity.output`.
 *
 * Flattened lists are read in numeric index order (message 10 after message 2).
 */
import { GENAI, LANGFUSE, OPENINFERENCE, TRACELOOP, VERCEL } from '../semconv.js';
import { attr, indexedList, nestedList, toText } from './read-attributes.js';
import { asText, messagesFromValue, type RenderedMessage } from './render-messages.js';
import type { AttrValue, SpanInput } from './span-input.js';

type Source = (span: SpanInput) => RenderedMessage[] | null;

const fromAttr =
  (key: string): Source =>
  (span) =>
    messagesFromValue(attr(span.attributes, key));

const fromEvent =
  (eventName: string, key: string): Source =>
  (span) => {
    const e = span.events.find((ev) => ev.name === eventName);
    return e ? messagesFromValue(attr(e.attributes, key)) : null;
  };

/** Raw fallback: messages when the value holds any, else the value's text as one message (JSON `null` is nothing). */
const rawAttr =
  (key: string): Source =>
  (span) => {
    const v = attr(span.attributes, key);
    const t = toText(v);
    return messagesFromValue(v) ?? (t === null || t.trim() === 'null' ? null : [{ role: null, text: t }]);
  };

/** OpenLLMetry ≤v0.54: gen_ai.prompt.N.role / .content (content may itself be a JSON list of parts). */
const fromOpenLlmetry =
  (prefix: string): Source =>
  (span) => {
    const out: RenderedMessage[] = [];
    for (const m of indexedList(span.attributes, prefix)) {
      const content = m.get(TRACELOOP.messageContent);
      const rendered = messagesFromValue(content)?.map((r) => r.text).join('\n') ?? toText(content);
      const calls = nestedList(m, TRACELOOP.messageToolCallsPrefix).map((c) => `[tool_call ${toText(c.get(TRACELOOP.toolCallName)) ?? '?'}]`);
      const text = [rendered, ...calls].filter((t): t is string => t !== null).join('\n');
      if (text) out.push({ role: toText(m.get(TRACELOOP.messageRole)), text });
    }
    return out.length ? out : null;
  };

function openInferenceMessage(m: Map<string, AttrValue>): RenderedMessage | null {
  const parts = nestedList(m, OPENINFERENCE.messageContentsPrefix)
    .map((c) => toText(c.get(OPENINFERENCE.messageContentText)))
    .filter((t): t is string => t !== null);
  const calls = nestedList(m, OPENINFERENCE.messageToolCallsPrefix).map((c) => `[tool_call ${toText(c.get(OPENINFERENCE.toolCallFunctionName)) ?? '?'}]`);
  const content = toText(m.get(OPENINFERENCE.messageContent));
  const text = [...(content !== null ? [content] : parts), ...calls].join('\n');
  return text ? { role: toText(m.get(OPENINFERENCE.messageRole)), text } : null;
}

const fromOpenInference =
  (prefix: string): Source =>
  (span) => {
    const out = indexedList(span.attributes, prefix)
      .map(openInferenceMessage)
      .filter((m): m is RenderedMessage => m !== null);
    return out.length ? out : null;
  };

/** OpenInference completions API: llm.prompts.N.prompt.text / llm.choices.N.completion.text. */
const fromOpenInferenceTexts =
  (prefix: string, field: string): Source =>
  (span) => {
    const out = indexedList(span.attributes, prefix)
      .map((e) => toText(e.get(field)))
      .filter((t): t is string => t !== null)
      .map((text) => ({ role: null, text }));
    return out.length ? out : null;
  };

const PROMPT_SOURCES: Source[] = [
  fromAttr(GENAI.inputMessages),
  fromAttr(GENAI.prompt),
  fromEvent(GENAI.contentPromptEvent, GENAI.prompt),
  fromOpenLlmetry(TRACELOOP.promptPrefix),
  fromOpenInference(OPENINFERENCE.inputMessagesPrefix),
  fromOpenInferenceTexts(OPENINFERENCE.promptsPrefix, OPENINFERENCE.promptText),
  fromAttr(VERCEL.promptMessages),
  fromAttr(VERCEL.prompt),
  rawAttr(LANGFUSE.input),
  rawAttr(OPENINFERENCE.inputValue),
  rawAttr(TRACELOOP.entityInput),
];

const COMPLETION_SOURCES: Source[] = [
  fromAttr(GENAI.outputMessages),
  fromAttr(GENAI.completion),
  fromEvent(GENAI.contentCompletionEvent, GENAI.completion),
  fromOpenLlmetry(TRACELOOP.completionPrefix),
  fromOpenInference(OPENINFERENCE.outputMessagesPrefix),
  fromOpenInferenceTexts(OPENINFERENCE.choicesPrefix, OPENINFERENCE.choiceText),
  rawAttr(VERCEL.responseText),
  rawAttr(VERCEL.responseObject),
  rawAttr(LANGFUSE.output),
  rawAttr(OPENINFERENCE.outputValue),
  rawAttr(TRACELOOP.entityOutput),
];

function firstOf(sources: Source[], span: SpanInput): RenderedMessage[] | null {
  for (const source of sources) {
    const found = source(span);
    if (found) return found;
  }
  return null;
}

/** Returns the span's prompt as text, or null when it recorded none. */
export function extractPromptText(span: SpanInput): string | null {
  const system = rawAttr(GENAI.systemInstructions)(span) ?? [];
  const messages = firstOf(PROMPT_SOURCES, span) ?? [];
  const all = [...system.map((m) => ({ role: 'system', text: m.text })), ...messages];
  return all.length ? asText(all) : null;
}

/** Returns the span's completion as text, or null when it recorded none. */
export function extractCompletionText(span: SpanInput): string | null {
  const messages = firstOf(COMPLETION_SOURCES, span);
  return messages ? asText(messages) : null;
}
