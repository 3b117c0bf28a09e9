/**
 * Pure: chat messages in any convention's JSON shape → readable text: "role: text" per message,
 * messages joined by newlines (e.g. "system: Be brief\nuser: Weather in Paris?"). A message's text is
 * its text parts joined by newlines; a tool call becomes "[tool_call <name>]"; a tool result its
 * text (or its JSON); reasoning, images, audio and files are left out. Shapes understood:
 * - OTel GenAI 1.37+ `{role, parts: [{type: "text", content} | {type: "tool_call", name} |
 *   {type: "tool_call_response", response | result}]}` (the schema says `response`, the registry
 *   example `result`; both are read);
 * - OpenAI `{role, content: string | [{type: "text", text}], tool_calls: [{function: {name}}]}`,
 *   and a choice `{index, finish_reason, message: {…}}`;
 * - Vercel AI SDK `{role, content: [{type: "text", text} | {type: "tool-call", toolName} |
 *   {type: "tool-result", output | result}]}` and its `ai.prompt` `{system?, prompt?, messages?}`;
 * - Anthropic `{type: "tool_use", name}` / `{type: "tool_result", content}`, Gemini `{parts: [{text}]}`;
 * - a bare string, or `{text}` (deprecated gen_ai.completion `{"text": …, "finish_reason": …}`).
 */
import { field, structured } from './read-attributes.js';

/** One rendered message: its role (when it has one) and its text. */
export interface RenderedMessage {
  role: string | null;
  text: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

function json(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return str(v);
  try {
    return JSON.stringify(v);
  } catch {
    return null;
  }
}

/** Returns the readable text of one content part, or null for parts left out. */
function partText(p: unknown): string | null {
  if (typeof p === 'string') return str(p);
  const type = str(field(p, 'type'));
  switch (type) {
    case 'tool_call':
    case 'tool-call':
    case 'tool_use':
    case 'function_call':
      return `[tool_call ${str(field(p, 'name')) ?? str(field(p, 'toolName')) ?? '?'}]`;
    case 'tool_call_response':
    case 'tool-result':
    case 'tool_result':
      return json(field(p, 'response') ?? field(p, 'result') ?? field(p, 'output') ?? field(p, 'content'));
    case null:
    case 'text':
    case 'input_text':
    case 'output_text':
      return str(field(p, 'content')) ?? str(field(p, 'text'));
    default:
      return null; // reasoning, image, audio, file, blob, uri …
  }
}

function joinParts(parts: unknown[]): string | null {
  const texts = parts.map(partText).filter((t): t is string => t !== null);
  return texts.length ? texts.join('\n') : null;
}

/** Returns one message's text and role, or null when it has no readable text. */
export function renderMessage(m: unknown): RenderedMessage | null {
  if (typeof m === 'string') return str(m) === null ? null : { role: null, text: m };
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return null;
  const inner = field(m, 'message');
  if (inner !== undefined && field(m, 'role') === undefined) return renderMessage(inner); // a choice
  const content = field(m, 'content');
  const pieces: string[] = [];
  const body = typeof content === 'string' ? str(content) : Array.isArray(content) ? joinParts(content) : null;
  const fromParts = Array.isArray(field(m, 'parts')) ? joinParts(field(m, 'parts') as unknown[]) : null;
  const plain = body ?? fromParts ?? str(field(m, 'text'));
  if (plain !== null) pieces.push(plain);
  const toolCalls = field(m, 'tool_calls');
  if (Array.isArray(toolCalls)) {
    for (const c of toolCalls) pieces.push(`[tool_call ${str(field(field(c, 'function'), 'name')) ?? str(field(c, 'name')) ?? '?'}]`);
  }
  if (pieces.length === 0) return null;
  return { role: str(field(m, 'role')), text: pieces.join('\n') };
}

/** Returns the messages in a parsed value: a list, a single message, or a Vercel `{system, prompt, messages}`. */
export function renderMessages(value: unknown): RenderedMessage[] | null {
  if (Array.isArray(value)) {
    const out = value.map(renderMessage).filter((m): m is RenderedMessage => m !== null);
    return out.length ? out : null;
  }
  if (value === null || typeof value !== 'object') return null;
  const messages = field(value, 'messages');
  const prompt = field(value, 'prompt');
  if (Array.isArray(messages) || typeof prompt === 'string' || Array.isArray(prompt)) {
    const out: RenderedMessage[] = [];
    const system = str(field(value, 'system'));
    if (system !== null) out.push({ role: 'system', text: system });
    if (typeof prompt === 'string' && str(prompt) !== null) out.push({ role: 'user', text: prompt });
    out.push(...(renderMessages(Array.isArray(prompt) ? prompt : messages) ?? []));
    return out.length ? out : null;
  }
  const one = renderMessage(value);
  return one ? [one] : null;
}

/** Returns messages as text: one "role: text" entry per message (just the text when it has no role), joined by newlines. */
export function asText(messages: RenderedMessage[]): string {
  return messages.map((m) => (m.role ? `${m.role}: ${m.text}` : m.text)).join('\n');
}

/**
 * Returns an attribute value as messages when it holds any: structured values as they are, JSON
 * strings parsed (a JSON-encoded string, e.g. "\"hi\"", is its string).
 */
export function messagesFromValue(v: unknown): RenderedMessage[] | null {
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('"')) {
      try {
        const s: unknown = JSON.parse(t);
        if (typeof s === 'string') return str(s) === null ? null : [{ role: null, text: s }];
      } catch {
        return null;
      }
    }
    const parsed = structured(t);
    return parsed === null ? null : renderMessages(parsed);
  }
  return renderMessages(v);
}
