/**
 * Conformance: Langfuse JS 5.11.1 — @langfuse/openai observeOpenAI over openai 6.49.0, observations
 * from @langfuse/tracing, exported through @langfuse/otel's LangfuseSpanProcessor (see
 * test/conformance/README.md). Traps this pins: usage_details.input EXCLUDES cached tokens and
 * usage_details.output EXCLUDES reasoning tokens (observeOpenAI subtracts every *_details entry);
 * a failed call is level ERROR with span status UNSET; embeddings are "generation" observations
 * without usage; streamed calls keep the request alias as model; one model name only (the
 * response's when there is one); no provider, no finish reason.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { RESPONSE_MODELS, USAGE } from '../../conformance/mock-openai-server.js';
import { AGENT_NAME, CHAT_MODEL, EMBEDDING_MODEL, SESSION_ID, TOOL_NAME, USER_ID, USER_MESSAGES } from '../../conformance/scenario.js';
import { CLI_BUILT, SCRIPTED_CALLS, assertMaps, assertSameShapes, committedFile, ingest, liveCapture, type Expect, type SpanRow } from './conformance-helpers.js';

const FAMILY = 'langfuse';
const DATED = RESPONSE_MODELS[CHAT_MODEL]!;

const base: Expect = { convention: 'langfuse', session_id: SESSION_ID, user_id: USER_ID, provider: null, usage_is_aggregate: false, finish_reasons: null };
const chat = (u: (typeof USAGE)[keyof typeof USAGE], model = DATED): Expect => ({
  ...base, name: 'OpenAI.chat', operation: 'chat', status_code: 'UNSET', request_model: model, response_model: model,
  input_tokens: u.prompt_tokens, output_tokens: u.completion_tokens, cache_read_tokens: u.cached_tokens, reasoning_tokens: u.reasoning_tokens, error_type: null,
});

const EXPECTED_CALLS: [string, Expect][] = [
  ['tool call', chat(USAGE.tool_call)],
  ['tool result', chat(USAGE.tool_result)],
  ['embeddings: a generation without usage', { ...base, name: 'OpenAI.embeddings', status_code: 'UNSET', request_model: EMBEDDING_MODEL, response_model: EMBEDDING_MODEL, input_tokens: null, output_tokens: null }],
  ['cached: input 512 non-cached + 1536 cached = 2048; output 26 + 16 reasoning = 42', chat(USAGE.cached)],
  ['streamed: usage from the final chunk, model stays the request alias', chat(USAGE.plain, CHAT_MODEL)],
  ['long history: input/output are single JSON attributes, nothing dropped', chat(USAGE.long_history)],
];

const isGeneration = (r: SpanRow) => r.attributes['langfuse.observation.type'] === 'generation';

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

    it('one generation per HTTP call, failed call included, in call order', () => {
      const generations = rows.filter(isGeneration);
      assert.equal(generations.length, SCRIPTED_CALLS.length);
      EXPECTED_CALLS.forEach(([label, expected], i) => assertMaps(generations[i], expected, label));
    });

    it('the raw usage_details really exclude cached and reasoning tokens (what the mapping undoes)', () => {
      const cached = rows.filter(isGeneration)[3]!;
      const details = JSON.parse(String(cached.attributes['langfuse.observation.usage_details'])) as Record<string, number>;
      assert.equal(details.input, USAGE.cached.prompt_tokens - USAGE.cached.cached_tokens);
      assert.equal(details.output, USAGE.cached.completion_tokens - USAGE.cached.reasoning_tokens);
      assert.equal(details.input_cached_tokens, USAGE.cached.cached_tokens);
      assert.equal(details.output_reasoning_tokens, USAGE.cached.reasoning_tokens);
      assert.equal(details.total, USAGE.cached.total_tokens);
    });

    it('the failed call: level ERROR and a status message, but span status UNSET', () => {
      const failed = rows.filter(isGeneration)[6]!;
      assertMaps(failed, { status_code: 'UNSET', request_model: CHAT_MODEL, input_tokens: null, output_tokens: null }, 'failed generation');
      assert.equal(failed.attributes['langfuse.observation.level'], 'ERROR');
      assert.notEqual(failed.error_type, null, 'level ERROR must still give an error_type');
      const root = rows.find((r) => r.span_id === failed.parent_span_id)!;
      assertMaps(root, { name: `${AGENT_NAME}.failure`, status_code: 'ERROR', operation: 'invoke_agent' }, 'failed turn');
    });

    it('propagateAttributes: session.id / user.id on every span (LangfuseSpanProcessor copies them to children)', () => {
      assert.equal(rows.length, 13);
      assert.ok(rows.every((r) => r.session_id === SESSION_ID && r.user_id === USER_ID));
    });

    it('agent roots carry no usage; the tool observation maps to its name', () => {
      const roots = rows.filter((r) => r.parent_span_id === null);
      assert.equal(roots.length, 5);
      assert.ok(roots.every((r) => r.operation === 'invoke_agent' && r.input_tokens === null));
      const tools = rows.filter((r) => r.operation === 'execute_tool');
      assert.equal(tools.length, 1);
      assertMaps(tools[0], { name: TOOL_NAME, tool_name: TOOL_NAME, input_tokens: null }, 'tool');
    });

    it('prompt and completion text from observation input/output', () => {
      const generations = rows.filter(isGeneration);
      assert.ok(generations[0]!.prompt_text?.includes(USER_MESSAGES.weather), String(generations[0]!.prompt_text));
      assert.ok(generations[1]!.completion_text?.includes('sunny in Paris'), String(generations[1]!.completion_text));
    });

    it('an OpenAI.embeddings generation maps to operation embeddings (Langfuse types it "generation"; the name and model tell)', () => {
      assert.equal(rows.filter(isGeneration)[2]!.operation, 'embeddings');
    });
  });
}
