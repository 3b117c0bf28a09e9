/**
 * Conformance: @opentelemetry/instrumentation-openai 0.21.0 on openai 6.49.0 (see
 * test/conformance/README.md). The library writes chat/embeddings CLIENT spans only; turn and tool
 * spans are the app's, per the GenAI semantic conventions.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { EMBEDDING_USAGE, RESPONSE_MODELS, USAGE } from '../../conformance/mock-openai-server.js';
import { AGENT_NAME, CHAT_MODEL, EMBEDDING_MODEL, SESSION_ID, TOOL_NAME, USER_ID } from '../../conformance/scenario.js';
import { TOOL_CALL_ID } from '../../conformance/mock-openai-server.js';
import { CLI_BUILT, SCRIPTED_CALLS, assertMaps, assertSameShapes, committedFile, ingest, liveCapture, type Expect, type SpanRow } from './conformance-helpers.js';

const FAMILY = 'otel-genai';
const DATED = RESPONSE_MODELS[CHAT_MODEL]!;
const SCOPE = '@opentelemetry/instrumentation-openai';

// No session or user on the library's spans: only the app's invoke_agent parent carries them. No
// cached or reasoning tokens at all (the instrumentation reads prompt/completion tokens only), no
// message content on spans (it goes to log events).
const chat = (u: (typeof USAGE)[keyof typeof USAGE], finish: string): Expect => ({
  convention: 'otel_genai', operation: 'chat', status_code: 'UNSET', session_id: null, user_id: null, provider: 'openai',
  request_model: CHAT_MODEL, response_model: DATED, input_tokens: u.prompt_tokens, output_tokens: u.completion_tokens,
  cache_read_tokens: null, reasoning_tokens: null, usage_is_aggregate: false, finish_reasons: [finish], error_type: null,
});

const EXPECTED_CALLS: [string, Expect][] = [
  ['tool call', chat(USAGE.tool_call, 'tool_calls')],
  ['tool result', chat(USAGE.tool_result, 'stop')],
  ['embeddings', { operation: 'embeddings', status_code: 'UNSET', request_model: EMBEDDING_MODEL, response_model: EMBEDDING_MODEL, input_tokens: EMBEDDING_USAGE.prompt_tokens, output_tokens: null, session_id: null }],
  ['cached (1536 cached tokens, 16 reasoning: neither recorded)', chat(USAGE.cached, 'stop')],
  ['streamed (usage from the include_usage chunk)', chat(USAGE.plain, 'stop')],
  ['long history (no attribute explosion: messages are not span attributes)', chat(USAGE.long_history, 'stop')],
  ['failed with 429: a span, ERROR, error.type = the client error class', { operation: 'chat', status_code: 'ERROR', error_type: 'RateLimitError', request_model: CHAT_MODEL, response_model: null, input_tokens: null, output_tokens: null }],
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

    it('one library span per HTTP call, failed call included, in call order', () => {
      assert.equal(library().length, SCRIPTED_CALLS.length);
      EXPECTED_CALLS.forEach(([label, expected], i) => assertMaps(library()[i], expected, label));
    });

    it('session and user come only from the app’s invoke_agent parents (gen_ai.conversation.id, user.id)', () => {
      const roots = rows.filter((r) => r.parent_span_id === null);
      assert.equal(roots.length, 5);
      for (const r of roots) assertMaps(r, { name: `invoke_agent ${AGENT_NAME}`, operation: 'invoke_agent', session_id: SESSION_ID, user_id: USER_ID, usage_is_aggregate: false, input_tokens: null }, 'turn root');
      assert.deepEqual(rows.filter((r) => r.session_id !== null).map((r) => r.name), roots.map((r) => r.name));
      assert.equal(roots.at(-1)!.status_code, 'ERROR');
    });

    it('the app’s execute_tool span maps to the tool name and call id', () => {
      const tools = rows.filter((r) => r.operation === 'execute_tool');
      assert.equal(tools.length, 1);
      assertMaps(tools[0], { name: `execute_tool ${TOOL_NAME}`, tool_name: TOOL_NAME, tool_call_id: TOOL_CALL_ID, input_tokens: null }, 'tool');
    });

    it('no prompt or completion text: content goes to log events, not spans', () => {
      assert.ok(library().every((r) => r.prompt_text === null && r.completion_text === null));
    });

    it('no attribute was dropped', () => {
      assert.ok(rows.every((r) => r.dropped_attributes_count === 0));
    });
  });
}
