/**
 * The mock OpenAI server the conformance captures run against: loopback only, OpenAI's response
 * shapes, usage by request kind, SSE with and without the usage chunk, errors on request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CACHED_MARKER, EMBEDDING_DIMENSIONS, RESPONSE_MODELS, TOOL_CALL_ID, USAGE, requestKind, startMockOpenAIServer, type MockOpenAIServer } from '../../conformance/mock-openai-server.js';

describe('mock OpenAI server', () => {
  let server: MockOpenAIServer;
  before(async () => {
    server = await startMockOpenAIServer();
  });
  after(() => server.close());

  const post = (path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('listens on 127.0.0.1 only', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('picks usage by request kind: tool result, tools, long history, cache marker, plain', () => {
    const user = (content: string) => ({ role: 'user', content });
    assert.equal(requestKind({ model: 'm', messages: [user('a'), { role: 'tool', content: '{}' }], tools: [{ type: 'function', function: { name: 't' } }] }), 'tool_result');
    assert.equal(requestKind({ model: 'm', messages: [user('a')], tools: [{ type: 'function', function: { name: 't' } }] }), 'tool_call');
    assert.equal(requestKind({ model: 'm', messages: Array.from({ length: 40 }, () => user('a')) }), 'long_history');
    assert.equal(requestKind({ model: 'm', messages: [user(`${CACHED_MARKER} a`)] }), 'cached');
    assert.equal(requestKind({ model: 'm', messages: [user(`${CACHED_MARKER} a`), { role: 'assistant', content: 'b' }, user('c')] }), 'plain');
  });

  it('answers a chat with the dated model and OpenAI usage details (cached ⊂ prompt, reasoning ⊂ completion)', async () => {
    const r = await post('/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `${CACHED_MARKER} hi` }] });
    assert.equal(r.status, 200);
    const body = (await r.json()) as { model: string; choices: { finish_reason: string }[]; usage: Record<string, unknown> };
    assert.equal(body.model, RESPONSE_MODELS['gpt-4o-mini']);
    assert.equal(body.choices[0]!.finish_reason, 'stop');
    assert.deepEqual(body.usage, {
      prompt_tokens: USAGE.cached.prompt_tokens,
      completion_tokens: USAGE.cached.completion_tokens,
      total_tokens: USAGE.cached.total_tokens,
      prompt_tokens_details: { cached_tokens: USAGE.cached.cached_tokens, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: USAGE.cached.reasoning_tokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
  });

  it('calls the first tool when tools are given', async () => {
    const r = await post('/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'weather?' }], tools: [{ type: 'function', function: { name: 'get_weather' } }] });
    const body = (await r.json()) as { choices: { finish_reason: string; message: { tool_calls: { id: string; function: { name: string } }[] } }[] };
    assert.equal(body.choices[0]!.finish_reason, 'tool_calls');
    assert.equal(body.choices[0]!.message.tool_calls[0]!.id, TOOL_CALL_ID);
    assert.equal(body.choices[0]!.message.tool_calls[0]!.function.name, 'get_weather');
  });

  it('streams SSE, with a final choices-less usage chunk only when include_usage is set', async () => {
    const chunks = async (includeUsage: boolean) => {
      const r = await post('/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true, ...(includeUsage ? { stream_options: { include_usage: true } } : {}) });
      assert.equal(r.headers.get('content-type'), 'text/event-stream');
      const events = (await r.text()).split('\n\n').filter(Boolean).map((e) => e.replace(/^data: /, ''));
      assert.equal(events.at(-1), '[DONE]');
      return events.slice(0, -1).map((e) => JSON.parse(e) as { choices: unknown[]; usage?: { prompt_tokens: number } | null });
    };
    const withUsage = await chunks(true);
    assert.deepEqual(withUsage.at(-1)!.choices, []);
    assert.equal(withUsage.at(-1)!.usage!.prompt_tokens, USAGE.plain.prompt_tokens);
    assert.ok(withUsage.slice(0, -1).every((c) => c.usage === null));
    assert.ok((await chunks(false)).every((c) => c.usage === undefined));
  });

  it('fails with the status named in the last user message, in OpenAI’s error shape', async () => {
    for (const status of [429, 500]) {
      const r = await post('/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `[[fail:${status}]] hi` }] });
      assert.equal(r.status, status);
      assert.equal(r.headers.get('x-should-retry'), 'false');
      const body = (await r.json()) as { error: { message: string; type: string } };
      assert.equal(typeof body.error.message, 'string');
    }
  });

  it('returns embeddings as floats or base64 float32', async () => {
    const floats = (await (await post('/embeddings', { model: 'text-embedding-3-small', input: 'x', encoding_format: 'float' })).json()) as { data: { embedding: number[] }[]; usage: { prompt_tokens: number } };
    assert.equal(floats.data[0]!.embedding.length, EMBEDDING_DIMENSIONS);
    const b64 = (await (await post('/embeddings', { model: 'text-embedding-3-small', input: ['x'], encoding_format: 'base64' })).json()) as { data: { embedding: string }[] };
    const decoded = new Float32Array(Uint8Array.from(Buffer.from(b64.data[0]!.embedding, 'base64')).buffer);
    assert.deepEqual([...decoded].map((v) => Math.round(v * 1000) / 1000), floats.data[0]!.embedding);
  });

  it('records what it served', () => {
    assert.ok(server.calls.length >= 6);
    assert.deepEqual(server.calls.filter((c) => c.kind === 'error').map((c) => c.status), [429, 500]);
  });
});
