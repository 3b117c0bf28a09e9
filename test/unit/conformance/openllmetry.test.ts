/**
 * Conformance: @traceloop/instrumentation-openai 0.27.0 on openai 6.49.0, with node-server-sdk
 * 0.27.0's association-property, workflow and tool pieces copied into the capture (see
 * test/conformance/README.md). Traps this pins: a failed call leaves NO span (the instrumentation
 * never ends it, nor does the SDK's workflow wrapper: the whole failed turn is missing), no
 * embeddings spans, no usage on streamed calls, no cached or reasoning tokens, and OpenAI's
 * "tool_calls" finish reason written as the GenAI value "tool_call".
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { RESPONSE_MODELS, USAGE } from '../../conformance/mock-openai-server.js';
import { AGENT_NAME, CHAT_MODEL, SESSION_ID, TOOL_NAME, USER_ID, USER_MESSAGES } from '../../conformance/scenario.js';
import { CLI_BUILT, SCRIPTED_CALLS, assertMaps, assertSameShapes, committedFile, ingest, liveCapture, type Expect, type SpanRow } from './conformance-helpers.js';

const FAMILY = 'openllmetry';
const DATED = RESPONSE_MODELS[CHAT_MODEL]!;
const SCOPE = '@traceloop/instrumentation-openai';

const chat = (u: (typeof USAGE)[keyof typeof USAGE] | null, finish: string): Expect => ({
  convention: 'openllmetry', operation: 'chat', status_code: 'UNSET', session_id: SESSION_ID, user_id: USER_ID, provider: 'openai',
  request_model: CHAT_MODEL, response_model: DATED, input_tokens: u?.prompt_tokens ?? null, output_tokens: u?.completion_tokens ?? null,
  cache_read_tokens: null, reasoning_tokens: null, usage_is_aggregate: false, finish_reasons: [finish], error_type: null,
});

const EXPECTED_CALLS: [string, Expect][] = [
  ['tool call (finish reason "tool_call")', chat(USAGE.tool_call, 'tool_call')],
  ['tool result', chat(USAGE.tool_result, 'stop')],
  ['cached: input = prompt_tokens, cached tokens not recorded', chat(USAGE.cached, 'stop')],
  ['streamed: the include_usage chunk is ignored, no usage', chat(null, 'stop')],
  ['long history: one gen_ai.input.messages JSON attribute, nothing dropped', chat(USAGE.long_history, 'stop')],
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

    it('one span per successful chat call, in call order; none for embeddings, none for the failed call', () => {
      assert.equal(library().length, 5);
      EXPECTED_CALLS.forEach(([label, expected], i) => assertMaps(library()[i], expected, label));
      assert.ok(!rows.some((r) => r.operation === 'embeddings'));
    });

    it('the failed turn left nothing at all: 4 traces for 5 turns, no ERROR span', () => {
      assert.equal(new Set(rows.map((r) => r.trace_id)).size, 4);
      assert.ok(rows.every((r) => r.status_code !== 'ERROR' && r.error_type === null));
      assert.ok(!rows.some((r) => r.name === `${AGENT_NAME}.failure.workflow`));
    });

    it('association properties session_id / user_id are on every span', () => {
      assert.equal(rows.length, 10);
      assert.ok(rows.every((r) => r.session_id === SESSION_ID && r.user_id === USER_ID));
    });

    it('workflow roots are "other", carry no usage; the tool span maps to its entity name, without a call id', () => {
      const roots = rows.filter((r) => r.parent_span_id === null);
      assert.deepEqual(roots.map((r) => r.name), ['weather', 'summary', 'packing', 'recap'].map((t) => `${AGENT_NAME}.${t}.workflow`));
      assert.ok(roots.every((r) => r.operation === 'other' && r.input_tokens === null && !r.usage_is_aggregate));
      const tools = rows.filter((r) => r.operation === 'execute_tool');
      assert.equal(tools.length, 1);
      assertMaps(tools[0], { name: `${TOOL_NAME}.tool`, tool_name: TOOL_NAME, tool_call_id: null }, 'tool');
    });

    it('prompt and completion text come from gen_ai.input.messages / gen_ai.output.messages', () => {
      assert.ok(library()[0]!.prompt_text?.includes(USER_MESSAGES.weather), String(library()[0]!.prompt_text));
      assert.ok(library()[1]!.completion_text?.includes('sunny in Paris'), String(library()[1]!.completion_text));
    });

    it('no attribute was dropped', () => {
      assert.ok(rows.every((r) => r.dropped_attributes_count === 0));
    });
  });
}
