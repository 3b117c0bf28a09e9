/**
 * Conformance: @arizeai/openinference-instrumentation-openai 4.2.7 (+ openinference-core 2.7.1) on
 * openai 6.49.0 (see test/conformance/README.md). Traps this pins: no span for a failed call, no
 * usage and no dated model on streamed calls, no usage on embeddings, and a long history flattened
 * into llm.input_messages.N.* attributes that fills the SDK's 128-attribute limit so the response
 * attributes (usage, output, finish reason) set at the end are silently dropped.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { RESPONSE_MODELS, TOOL_CALL_ID, USAGE } from '../../conformance/mock-openai-server.js';
import { AGENT_NAME, CHAT_MODEL, EMBEDDING_MODEL, SESSION_ID, TOOL_NAME, USER_ID, USER_MESSAGES } from '../../conformance/scenario.js';
import { CLI_BUILT, SCRIPTED_CALLS, assertMaps, assertSameShapes, committedFile, ingest, liveCapture, type Expect, type SpanRow } from './conformance-helpers.js';

const FAMILY = 'openinference';
const DATED = RESPONSE_MODELS[CHAT_MODEL]!;
const SCOPE = '@arizeai/openinference-instrumentation-openai';
const SDK_ATTRIBUTE_COUNT_LIMIT = 128;

const base: Expect = { convention: 'openinference', session_id: SESSION_ID, user_id: USER_ID, provider: 'openai', usage_is_aggregate: false, error_type: null };
// llm.token_count.prompt is OpenAI's prompt_tokens (cached included); cache reads in llm.token_count.prompt_details.cache_read
const chat = (u: (typeof USAGE)[keyof typeof USAGE], finish: string): Expect => ({
  ...base, operation: 'chat', status_code: 'OK', request_model: CHAT_MODEL, response_model: DATED,
  input_tokens: u.prompt_tokens, output_tokens: u.completion_tokens, cache_read_tokens: u.cached_tokens, reasoning_tokens: u.reasoning_tokens, finish_reasons: [finish],
});

const EXPECTED_CALLS: [string, Expect][] = [
  ['tool call', chat(USAGE.tool_call, 'tool_calls')],
  ['tool result', chat(USAGE.tool_result, 'stop')],
  ['embeddings: no token counts, no response model', { ...base, operation: 'embeddings', status_code: 'OK', request_model: EMBEDDING_MODEL, response_model: null, input_tokens: null, output_tokens: null }],
  ['cached: input = prompt_tokens (cached included), cache_read = cached_tokens', chat(USAGE.cached, 'stop')],
  ['streamed: status UNSET, no usage despite include_usage, llm.model_name stays the request alias', {
    ...base, operation: 'chat', status_code: 'UNSET', request_model: CHAT_MODEL, response_model: CHAT_MODEL,
    input_tokens: null, output_tokens: null, cache_read_tokens: null, reasoning_tokens: null, finish_reasons: ['stop'],
  }],
  ['long history: usage, finish reason dropped past the attribute limit', {
    ...base, operation: 'chat', status_code: 'OK', request_model: CHAT_MODEL, response_model: DATED,
    input_tokens: null, output_tokens: null, cache_read_tokens: null, reasoning_tokens: null, finish_reasons: null,
  }],
];

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
    const library = () => rows.filter((r) => r.scope_name === SCOPE);

    it('one library span per successful HTTP call, in call order; none for the failed call', () => {
      assert.equal(library().length, SCRIPTED_CALLS.length - 1);
      EXPECTED_CALLS.forEach(([label, expected], i) => assertMaps(library()[i], expected, label));
    });

    it('the failed call is visible only on the app’s AGENT span (ERROR, exception.type from the error code)', () => {
      const failed = rows.filter((r) => r.status_code === 'ERROR');
      assert.deepEqual(failed.map((r) => r.name), [`${AGENT_NAME}.failure`]);
      assertMaps(failed[0], { operation: 'invoke_agent', error_type: 'rate_limit_exceeded', session_id: SESSION_ID, input_tokens: null }, 'failed turn');
      assert.equal(rows.filter((r) => r.trace_id === failed[0]!.trace_id).length, 1, 'the failed turn’s trace has no LLM span');
    });

    it('session.id and user.id from setSession/setUser are on every span', () => {
      assert.equal(rows.length, 12);
      assert.ok(rows.every((r) => r.session_id === SESSION_ID && r.user_id === USER_ID));
    });

    it('the long-history span hit the 128-attribute limit and the SDK dropped the rest', () => {
      const long = library()[5]!;
      assert.equal(Object.keys(long.attributes).length, SDK_ATTRIBUTE_COUNT_LIMIT);
      assert.ok(long.dropped_attributes_count > 0, 'droppedAttributesCount is the only trace of the loss');
      assert.equal(long.completion_text, null);
      assert.ok(!('llm.token_count.prompt' in long.attributes));
    });

    it('the TOOL span maps to tool name and id', () => {
      const tools = rows.filter((r) => r.operation === 'execute_tool');
      assert.equal(tools.length, 1);
      assertMaps(tools[0], { name: TOOL_NAME, tool_name: TOOL_NAME, tool_call_id: TOOL_CALL_ID, usage_is_aggregate: false }, 'tool');
    });

    it('prompts and completions come from the flattened messages', () => {
      const first = library()[0]!;
      assert.ok(first.prompt_text?.includes(USER_MESSAGES.weather), String(first.prompt_text));
      assert.ok(library()[1]!.completion_text?.includes('sunny in Paris'), String(library()[1]!.completion_text));
    });

    it('AGENT roots carry no usage, so nothing is counted twice', () => {
      const roots = rows.filter((r) => r.parent_span_id === null);
      assert.equal(roots.length, 5);
      assert.ok(roots.every((r) => r.operation === 'invoke_agent' && r.input_tokens === null));
    });
  });
}
