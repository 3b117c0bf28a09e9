/**
 * Conformance: the Vercel AI SDK's own telemetry, ai 6.0.326 with @ai-sdk/openai 3.0.141 (chat
 * completions) — see test/conformance/README.md. Traps this pins: every ai.generateText /
 * ai.streamText / ai.embed root REPEATS the usage of its model calls (summed over steps), so only
 * the do* spans are model calls; finish reasons are the SDK's ("tool-calls"), not OpenAI's.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { EMBEDDING_USAGE, RESPONSE_MODELS, TOOL_CALL_ID, USAGE } from '../../conformance/mock-openai-server.js';
import { CHAT_MODEL, EMBEDDING_MODEL, SESSION_ID, TOOL_NAME, USER_ID, USER_MESSAGES } from '../../conformance/scenario.js';
import { CLI_BUILT, SCRIPTED_CALLS, assertMaps, assertSameShapes, committedFile, ingest, liveCapture, type Expect, type SpanRow } from './conformance-helpers.js';

const FAMILY = 'vercel-ai';
const DATED = RESPONSE_MODELS[CHAT_MODEL]!;

const base: Expect = { convention: 'vercel_ai', session_id: SESSION_ID, user_id: USER_ID, provider: 'openai', usage_is_aggregate: false };
// ai.usage.inputTokens is the total (noCacheTokens + cacheReadTokens); outputTokens includes reasoning
const chat = (name: string, u: (typeof USAGE)[keyof typeof USAGE], finish: string): Expect => ({
  ...base, name, operation: 'chat', status_code: 'UNSET', request_model: CHAT_MODEL, response_model: DATED, input_tokens: u.prompt_tokens,
  output_tokens: u.completion_tokens, cache_read_tokens: u.cached_tokens, reasoning_tokens: u.reasoning_tokens, finish_reasons: [finish], error_type: null,
});

const EXPECTED_CALLS: [string, Expect][] = [
  ['tool call (finish reason "tool-calls")', chat('ai.generateText.doGenerate', USAGE.tool_call, 'tool-calls')],
  ['tool result', chat('ai.generateText.doGenerate', USAGE.tool_result, 'stop')],
  ['embeddings', { ...base, name: 'ai.embed.doEmbed', operation: 'embeddings', status_code: 'UNSET', request_model: EMBEDDING_MODEL, response_model: null, input_tokens: EMBEDDING_USAGE.prompt_tokens, output_tokens: null }],
  ['cached: input total 2048 of which 1536 cached, 16 reasoning', chat('ai.generateText.doGenerate', USAGE.cached, 'stop')],
  ['streamed', chat('ai.streamText.doStream', USAGE.plain, 'stop')],
  ['long history: one ai.prompt.messages JSON attribute, nothing dropped', chat('ai.generateText.doGenerate', USAGE.long_history, 'stop')],
  ['failed with 429: ERROR, exception.type AI_APICallError, no usage', { ...base, name: 'ai.generateText.doGenerate', operation: 'chat', status_code: 'ERROR', error_type: 'AI_APICallError', response_model: null, input_tokens: null, output_tokens: null }],
];

const isModelCall = (r: SpanRow) => /\.do(Generate|Stream|Embed)$/.test(r.name);

describe(`${FAMILY}: live capture against the mock server`, () => {
  it('makes every scripted HTTP call', () => {
    assert.deepEqual(liveCapture(FAMILY).calls.map((c) => c.kind), SCRIPTED_CALLS);
  });
  it('emits the span shapes of the committed capture (a library upgrade fails here)', () => {
    assertSameShapes(liveCapture(FAMILY).out, FAMILY);
  });
});

for (const source of ['committed', 'live'] as const) {
  describe(`${FAMILY}: ${source} capture → spans`, { skip: !CLI_BUILT && 'dist/src/cli.js is not built' }, () => {
    let rows: SpanRow[] = [];
    before(async () => {
      rows = await ingest(source === 'committed' ? committedFile(FAMILY) : liveCapture(FAMILY).out);
    });

    it('one do* span per HTTP call, failed call included, in call order', () => {
      const calls = rows.filter(isModelCall);
      assert.equal(calls.length, SCRIPTED_CALLS.length);
      EXPECTED_CALLS.forEach(([label, expected], i) => assertMaps(calls[i], expected, label));
    });

    it('roots repeat their calls’ usage (turn 1: both steps summed) and are marked usage_is_aggregate', () => {
      const roots = rows.filter((r) => r.parent_span_id === null);
      assert.deepEqual(roots.map((r) => r.name), ['ai.generateText', 'ai.embed', 'ai.generateText', 'ai.streamText', 'ai.generateText', 'ai.generateText']);
      const [weather, embed, summary, packing, recap, failure] = roots;
      const sum = USAGE.tool_call.prompt_tokens + USAGE.tool_result.prompt_tokens;
      assertMaps(weather, { usage_is_aggregate: true, input_tokens: sum, output_tokens: USAGE.tool_call.completion_tokens + USAGE.tool_result.completion_tokens }, 'weather root');
      assertMaps(embed, { usage_is_aggregate: true, input_tokens: EMBEDDING_USAGE.prompt_tokens }, 'embed root');
      assertMaps(summary, { usage_is_aggregate: true, input_tokens: USAGE.cached.prompt_tokens, cache_read_tokens: USAGE.cached.cached_tokens }, 'summary root');
      assertMaps(packing, { usage_is_aggregate: true, input_tokens: USAGE.plain.prompt_tokens }, 'packing root');
      assertMaps(recap, { usage_is_aggregate: true, input_tokens: USAGE.long_history.prompt_tokens }, 'recap root');
      assertMaps(failure, { usage_is_aggregate: false, status_code: 'ERROR', error_type: 'AI_APICallError', input_tokens: null }, 'failed root');
    });

    it('counting non-aggregate spans only gives each served call’s tokens once', () => {
      const served = USAGE.tool_call.prompt_tokens + USAGE.tool_result.prompt_tokens + EMBEDDING_USAGE.prompt_tokens + USAGE.cached.prompt_tokens + USAGE.plain.prompt_tokens + USAGE.long_history.prompt_tokens;
      const once = rows.filter((r) => !r.usage_is_aggregate).reduce((s, r) => s + (r.input_tokens ?? 0), 0);
      const all = rows.reduce((s, r) => s + (r.input_tokens ?? 0), 0);
      assert.equal(once, served);
      assert.equal(all, 2 * served, 'summing every span would double count');
    });

    it('metadata sessionId / userId are on every span', () => {
      assert.equal(rows.length, 14);
      assert.ok(rows.every((r) => r.session_id === SESSION_ID && r.user_id === USER_ID));
    });

    it('the ai.toolCall span maps to tool name and call id', () => {
      const tools = rows.filter((r) => r.operation === 'execute_tool');
      assert.equal(tools.length, 1);
      assertMaps(tools[0], { name: 'ai.toolCall', tool_name: TOOL_NAME, tool_call_id: TOOL_CALL_ID, input_tokens: null }, 'tool');
    });

    it('prompt and completion text', () => {
      const calls = rows.filter(isModelCall);
      assert.ok(calls[0]!.prompt_text?.includes(USER_MESSAGES.weather), String(calls[0]!.prompt_text));
      assert.ok(calls[1]!.completion_text?.includes('sunny in Paris'), String(calls[1]!.completion_text));
    });

    it('no attribute was dropped', () => {
      assert.ok(rows.every((r) => r.dropped_attributes_count === 0));
    });
  });
}
