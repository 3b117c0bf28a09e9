import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FlatSpan } from '../../../src/ingest/flatten-resource-spans.js';
import type { NormalizedGenAi } from '../../../src/normalize/span-input.js';
import { compileMessageScrub, compilePrivacy, hashId } from '../../../src/privacy/apply-privacy.js';
import { BUILTIN_PATTERNS, KEEP_EVERYTHING, type PrivacyPolicy } from '../../../src/privacy/privacy-policy.js';

function span(attributes: FlatSpan['attributes'], extra: Partial<FlatSpan> = {}): FlatSpan {
  return {
    traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: null, traceState: '', flags: 0, name: 'chat gpt-4o', kind: 3,
    startTimeUnixNano: 1n, endTimeUnixNano: 2n, statusCode: 0, statusMessage: '', attributes, droppedAttributesCount: 0,
    events: [], droppedEventsCount: 0, links: [], droppedLinksCount: 0, resourceAttributes: { 'service.name': 'svc' }, resourceSchemaUrl: '',
    scopeName: 's', scopeVersion: '', scopeAttributes: {}, scopeSchemaUrl: '', path: 'p', position: null, ...extra,
  };
}
function g(extra: Partial<NormalizedGenAi>): NormalizedGenAi {
  return { sessionId: null, userId: null, promptText: null, completionText: null, errorType: null, retrievalDocuments: null, evaluations: null, ...extra } as NormalizedGenAi;
}
const builtins = Object.values(BUILTIN_PATTERNS);
const redact: PrivacyPolicy = { text: 'redact', patterns: builtins, hashKey: null };

describe('privacy: ids', () => {
  it('hashes with HMAC-SHA256: same id and key → same hash; another key → another hash', () => {
    assert.equal(hashId('sess-1', 'k1'), hashId('sess-1', 'k1'));
    assert.notEqual(hashId('sess-1', 'k1'), hashId('sess-1', 'k2'));
    // RFC 4231-style check against node's own HMAC, hex, prefixed
    assert.match(hashId('sess-1', 'k1'), /^h:[0-9a-f]{64}$/);
  });
  it('replaces the session and user id everywhere in the span, columns and attributes', () => {
    const apply = compilePrivacy({ text: 'keep', patterns: [], hashKey: 'secret' });
    const out = apply(
      span({ 'session.id': 'sess-42', 'user.id': 'user-7', meta: '{"langfuse_session_id":"sess-42"}' }, { resourceAttributes: { 'enduser.id': 'user-7' } }),
      g({ sessionId: 'sess-42', userId: 'user-7', promptText: 'hello' }),
    );
    const text = JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    assert.ok(!text.includes('sess-42') && !text.includes('user-7'), text);
    assert.equal(out.g.sessionId, hashId('sess-42', 'secret'));
    assert.equal(out.span.attributes['user.id'], hashId('user-7', 'secret'));
    assert.equal(out.g.promptText, 'hello');
  });
  it('keep-everything returns the very same objects', () => {
    const s = span({ a: 'x@y.com' });
    const n = g({});
    const out = compilePrivacy(KEEP_EVERYTHING)(s, n);
    assert.equal(out.span, s);
    assert.equal(out.g, n);
  });
});

describe('privacy: text', () => {
  it('drop: prompt/completion columns NULL and content attributes dropped, others kept', () => {
    const apply = compilePrivacy({ text: 'drop', patterns: [], hashKey: null });
    const out = apply(
      span(
        { 'gen_ai.prompt.0.content': 'secret question', 'input.value': 'secret', 'llm.input_messages': [{ 'message.content': 'x' }], 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 5 },
        { events: [{ name: 'gen_ai.content.completion', timeUnixNano: 1n, attributes: { 'gen_ai.completion': 'secret answer' }, droppedAttributesCount: 0 }] },
      ),
      g({ promptText: 'secret question', completionText: 'secret answer' }),
    );
    assert.equal(out.g.promptText, null);
    assert.equal(out.g.completionText, null);
    assert.equal(out.span.attributes['gen_ai.prompt.0.content'], '[DROPPED]');
    assert.equal(out.span.attributes['input.value'], '[DROPPED]');
    assert.deepEqual(out.span.attributes['llm.input_messages'], [{ 'message.content': '[DROPPED]' }]);
    assert.equal(out.span.events[0]!.attributes['gen_ai.completion'], '[DROPPED]');
    assert.equal(out.span.attributes['gen_ai.request.model'], 'gpt-4o');
    assert.equal(out.span.attributes['gen_ai.usage.input_tokens'], 5);
  });
  it('drop: what a model asked a tool and what came back are content too (OTel GenAI, Vercel AI SDK keys)', () => {
    const apply = compilePrivacy({ text: 'drop', patterns: [], hashKey: null });
    const calls = {
      'gen_ai.tool.call.arguments': '{"to":"team@example.com"}',
      'gen_ai.tool.call.result': '{"sent":true,"to":"team@example.com"}',
      'ai.toolCall.args': '{"city":"Paris"}',
      'ai.toolCall.result': '{"temp":12}',
      'ai.response.toolCalls': '[{"toolName":"mail","args":{"to":"team@example.com"}}]',
    };
    const out = apply(span({ ...calls, 'gen_ai.tool.name': 'send_mail', 'gen_ai.tool.call.id': 'call_1', 'ai.toolCall.name': 'weather' }), g({}));
    for (const key of Object.keys(calls)) assert.equal(out.span.attributes[key], '[DROPPED]', key);
    assert.equal(out.span.attributes['gen_ai.tool.name'], 'send_mail');
    assert.equal(out.span.attributes['gen_ai.tool.call.id'], 'call_1');
    assert.equal(out.span.attributes['ai.toolCall.name'], 'weather');
  });
  it('redact: emails, phone numbers and API-key-like strings, everywhere; dates and counts kept', () => {
    const apply = compilePrivacy(redact);
    const prompt = 'mail ana.lopez@example.com or call +1 (415) 555-0132, key sk-proj-abcdefghijklmnop1234 and ghp_abcdefghijklmnopqrstuvwxyz12, on 2026-11-25 about 3 items';
    const out = apply(span({ 'gen_ai.prompt': prompt, 'x.token': 'AKIAABCDEFGHIJKLMNOP' }), g({ promptText: prompt }));
    assert.equal(out.g.promptText, 'mail [REDACTED] or call [REDACTED], key [REDACTED] and [REDACTED], on 2026-11-25 about 3 items');
    assert.equal(out.span.attributes['gen_ai.prompt'], out.g.promptText);
    assert.equal(out.span.attributes['x.token'], '[REDACTED]');
  });
  it('redact: user patterns apply too', () => {
    const apply = compilePrivacy({ text: 'redact', patterns: [...builtins, String.raw`ACCT-\d{6}`], hashKey: null });
    assert.equal(apply(span({}), g({ completionText: 'your account ACCT-123456 is open' })).g.completionText, 'your account [REDACTED] is open');
  });
});

describe('privacy: messages of ingest problems', () => {
  it('quote no redactable input: patterns apply, and the text V8 shows around a JSON syntax error is left out', () => {
    const scrub = compileMessageScrub({ text: 'drop', patterns: builtins, hashKey: null });
    assert.equal(scrub('traceId: id "bob.smith@example.org" is not 32 hex digits'), 'traceId: id "[REDACTED]" is not 32 hex digits');
    let v8Message = '';
    try {
      JSON.parse('{"resourceSpans": [{"x": ana.lopez@example.com}]}');
    } catch (error) {
      v8Message = (error as Error).message;
    }
    assert.match(v8Message, /ana\.lopez/, 'V8 quotes the input around the error');
    const out = scrub(v8Message);
    assert.ok(!out.includes('ana.lopez'), out);
    assert.match(out, /^Unexpected token .* \(the text around it is not shown: privacy policy\)$/);
  });
  it('keep everything: messages as they are', () => {
    const m = 'traceId: id "bob.smith@example.org" is not 32 hex digits';
    assert.equal(compileMessageScrub(KEEP_EVERYTHING)(m), m);
  });
});
