/**
 * Pure: applies a privacy policy to one decoded span and its normalized columns.
 *
 * - ids: every occurrence of the span's normalized session id and user id, in any string anywhere
 *   in the span (attributes, resource, scope, events, links, status message), becomes
 *   `h:<hex HMAC-SHA256(key, id)>`, so the same id hashes the same way every night.
 * - 'drop': prompt/completion columns become NULL, and every string attribute whose key names
 *   message content (e.g. `gen_ai.prompt.0.content`, `input.value`, `ai.response.text`) becomes
 *   `[DROPPED]`, on the span and its events.
 * - 'redact': every string anywhere in the span is passed through the patterns (built-in email,
 *   phone, API-key-like, plus the user's), each match replaced by `[REDACTED]`. Session and user
 *   ids too (hashed ones are not matched): two ids that differ only in a redacted part become one,
 *   so ids are kept distinct and private by hashing them (hashKey), not by redaction.
 * - problems found in the file (ingest_errors.message) go through the patterns as well, without the
 *   text around a JSON syntax error that V8 quotes (scrubMessage).
 */
import { createHmac } from 'node:crypto';
import type { FlatSpan } from '../ingest/flatten-resource-spans.js';
import type { AttrValue, Attributes, NormalizedGenAi } from '../normalize/span-input.js';
import { DROPPED, REDACTED, type PrivacyPolicy } from './privacy-policy.js';

// key segments that carry message text in the conventions spanlens reads, tool calls' arguments
// and results included (gen_ai.tool.call.arguments/.result, ai.toolCall.args/.result,
// ai.response.toolCalls: what the model asked a tool, and what came back)
const CONTENT_KEY =
  /(^|[._])(prompt|prompts|completion|completions|content|contents|messages|input_messages|output_messages|input|output|text|system_instructions|query|documents|document|arguments|args|result|toolCalls|tool_calls)($|[._])/;

/** Returns `h:` + the hex HMAC-SHA256 of `id` under `key`. */
export function hashId(id: string, key: string): string {
  return 'h:' + createHmac('sha256', key).update(id, 'utf8').digest('hex');
}

// V8's JSON.parse message quotes the input around the error, cut with "..." at either end:
// `Unexpected token 'a', ..."": [{"x": ana.lopez@"... is not valid JSON`
const JSON_CONTEXT = /, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/;

/**
 * Returns a function that makes an ingest problem's message safe to store under the policy: with
 * text kept and ids unhashed it is the message as is; otherwise the redaction patterns apply (in
 * every mode: a message quotes input, e.g. an invalid id that was an email) and the input V8
 * quotes around a JSON syntax error is left out.
 */
export function compileMessageScrub(policy: PrivacyPolicy): (message: string) => string {
  if (policy.text === 'keep' && policy.hashKey === null) return (m) => m;
  const regexes = policy.patterns.map((p) => new RegExp(p, 'g'));
  return (message) => {
    let out = message.replace(JSON_CONTEXT, ' (the text around it is not shown: privacy policy)');
    for (const re of regexes) out = out.replace(re, REDACTED);
    return out;
  };
}

/** Returns a function applying the policy; compile once per file, call per span. */
export function compilePrivacy(policy: PrivacyPolicy): (span: FlatSpan, g: NormalizedGenAi) => { span: FlatSpan; g: NormalizedGenAi } {
  const regexes = policy.text === 'redact' ? policy.patterns.map((p) => new RegExp(p, 'g')) : [];
  const key = policy.hashKey;
  if (policy.text === 'keep' && key === null) return (span, g) => ({ span, g });
  return (span, g) => {
    const ids: [string, string][] = [];
    if (key !== null) {
      // longer ids first, so an id containing another is replaced whole
      for (const id of [g.sessionId, g.userId].filter((x): x is string => typeof x === 'string' && x !== '').sort((a, b) => b.length - a.length)) {
        ids.push([id, hashId(id, key)]);
      }
    }
    const scrub = (s: string): string => {
      let out = s;
      for (const [id, hashed] of ids) if (out.includes(id)) out = out.split(id).join(hashed);
      for (const re of regexes) out = out.replace(re, REDACTED);
      return out;
    };
    const dropContent = policy.text === 'drop';
    const walk = (v: AttrValue, contentKey: boolean): AttrValue => {
      if (typeof v === 'string') return contentKey ? DROPPED : scrub(v);
      if (Array.isArray(v)) return v.map((x) => walk(x, contentKey));
      if (v !== null && typeof v === 'object') {
        const o: Record<string, AttrValue> = {};
        for (const [k, x] of Object.entries(v)) o[k] = walk(x, contentKey || (dropContent && CONTENT_KEY.test(k)));
        return o;
      }
      return v;
    };
    const attrs = (a: Attributes): Attributes => walk(a, false) as Attributes;
    const spanOut: FlatSpan = {
      ...span,
      name: scrub(span.name),
      statusMessage: scrub(span.statusMessage),
      attributes: attrs(span.attributes),
      resourceAttributes: attrs(span.resourceAttributes),
      scopeAttributes: attrs(span.scopeAttributes),
      events: span.events.map((e) => ({ ...e, attributes: attrs(e.attributes) })),
      links: span.links.map((l) => ({ ...l, attributes: attrs(l.attributes) })),
    };
    const text = (t: string | null): string | null => (t === null || dropContent ? null : scrub(t));
    const gOut: NormalizedGenAi = {
      ...g,
      sessionId: g.sessionId === null ? null : scrub(g.sessionId),
      userId: g.userId === null ? null : scrub(g.userId),
      promptText: text(g.promptText),
      completionText: text(g.completionText),
      errorType: g.errorType === null ? null : scrub(g.errorType),
      toolName: g.toolName,
      retrievalDocuments: g.retrievalDocuments === null ? null : (walk(g.retrievalDocuments as unknown as AttrValue, dropContent) as unknown as typeof g.retrievalDocuments),
      evaluations: g.evaluations === null ? null : (walk(g.evaluations as unknown as AttrValue, false) as unknown as typeof g.evaluations),
    };
    return { span: spanOut, g: gOut };
  };
}
