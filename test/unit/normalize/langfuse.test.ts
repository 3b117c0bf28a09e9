import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSpan } from '../../../src/normalize/normalize-span.js';
import { span } from './make-span.js';

describe('Langfuse usage_details: `input` is the NON-cached input', () => {
  it('adds cache reads (OpenAI-style keys) to make input total; output includes reasoning', () => {
    const g = normalizeSpan(
      span({
        'langfuse.observation.type': 'generation',
        'langfuse.observation.model.name': 'gpt-4o',
        'langfuse.observation.usage_details': JSON.stringify({ input: 600, input_cached_tokens: 400, output: 30, output_reasoning_tokens: 10, total: 1040 }),
      }),
    );
    assert.deepEqual([g.convention, g.operation, g.inputTokens, g.cacheReadTokens, g.outputTokens, g.reasoningTokens, g.totalTokens], ['langfuse', 'chat', 1000, 400, 40, 10, 1040]);
  });
  it('adds cache reads and writes (Anthropic-style keys)', () => {
    const g = normalizeSpan(
      span({ 'langfuse.observation.type': 'generation', 'langfuse.observation.usage_details': '{"input":100,"input_cache_read":1500,"input_cache_creation":200,"output":50}' }),
    );
    assert.deepEqual([g.inputTokens, g.cacheReadTokens, g.cacheWriteTokens, g.outputTokens], [1800, 1500, 200, 50]);
  });
  it('a usage_details object in OpenAI’s own shape keeps OpenAI semantics (prompt tokens include cached)', () => {
    const g = normalizeSpan(
      span({
        'langfuse.observation.type': 'generation',
        'langfuse.observation.usage_details': JSON.stringify({ prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050, prompt_tokens_details: { cached_tokens: 400 } }),
      }),
    );
    assert.deepEqual([g.inputTokens, g.cacheReadTokens, g.outputTokens, g.totalTokens], [1000, 400, 50, 1050]);
  });
  it('a generation without usage_details falls back to gen_ai.usage.* on the same span', () => {
    const g = normalizeSpan(span({ 'langfuse.observation.type': 'generation', 'gen_ai.usage.input_tokens': 70, 'gen_ai.usage.output_tokens': 7 }));
    assert.deepEqual([g.inputTokens, g.outputTokens], [70, 7]);
  });
  it('usage on a non-generation observation (agent, span) is an aggregate', () => {
    const g = normalizeSpan(span({ 'langfuse.observation.type': 'agent', 'langfuse.observation.usage_details': '{"input":10,"output":2}' }));
    assert.deepEqual([g.operation, g.usageIsAggregate], ['invoke_agent', true]);
  });
});

describe('Langfuse observation attributes', () => {
  const g = normalizeSpan(
    span({
      'langfuse.observation.type': 'generation',
      'langfuse.observation.model.name': 'claude-sonnet-4',
      'langfuse.observation.model.parameters': '{"temperature":0.2,"max_tokens":512}',
      'langfuse.observation.input': '[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Paris?"}]',
      'langfuse.observation.output': '{"role":"assistant","content":"Rainy."}',
      'langfuse.observation.cost_details': '{"input":0.0005,"output":0.0006,"total":0.0011}',
      'gen_ai.system': 'anthropic',
      'langfuse.session.id': 'lf-session',
      'langfuse.trace.metadata.langfuse_user_id': 'lf-user',
    }),
  );
  it('the one model field is both request and response model; temperature from model.parameters', () => {
    assert.deepEqual([g.requestModel, g.responseModel, g.temperature, g.provider], ['claude-sonnet-4', 'claude-sonnet-4', 0.2, 'anthropic']);
  });
  it('input/output JSON as messages, recorded cost from cost_details.total', () => {
    assert.deepEqual([g.promptText, g.completionText, g.recordedCostUsd], ['system: Be brief.\nuser: Weather in Paris?', 'assistant: Rainy.', 0.0011]);
  });
  it('compat session/user keys', () => {
    assert.deepEqual([g.sessionId, g.userId], ['lf-session', 'lf-user']);
  });
  it('cost_details without total: the sum of its entries', () => {
    assert.equal(normalizeSpan(span({ 'langfuse.observation.type': 'generation', 'langfuse.observation.cost_details': '{"input":0.25,"output":0.5}' })).recordedCostUsd, 0.75);
  });
  it('a JSON-encoded string input is its string; other JSON is kept as text', () => {
    const s = normalizeSpan(span({ 'langfuse.observation.type': 'span', 'langfuse.observation.input': '"What are my insights?"', 'langfuse.observation.output': '{"rows":3}' }));
    assert.deepEqual([s.promptText, s.completionText], ['What are my insights?', '{"rows":3}']);
  });
  it('observation types map to operations', () => {
    const op = (type: string) => normalizeSpan(span({ 'langfuse.observation.type': type })).operation;
    assert.deepEqual(['generation', 'embedding', 'retriever', 'tool', 'agent', 'span', 'event', 'chain', 'guardrail', 'evaluator'].map(op), [
      'chat', 'embeddings', 'retrieval', 'execute_tool', 'invoke_agent', 'other', 'other', 'other', 'other', 'other',
    ]);
  });
  it('a tool observation is named after its tool', () => {
    assert.equal(normalizeSpan(span({ 'langfuse.observation.type': 'tool' }, { name: 'get_weather' })).toolName, 'get_weather');
  });
  it('level ERROR with a status message is a failure even without span status', () => {
    const e = normalizeSpan(span({ 'langfuse.observation.type': 'generation', 'langfuse.observation.level': 'ERROR', 'langfuse.observation.status_message': 'RateLimitError: slow down' }));
    assert.equal(e.errorType, 'RateLimitError');
  });
});

describe('Langfuse detection', () => {
  it('the .NET sample root: trace name + observation type span, session.id/user.id', () => {
    const g = normalizeSpan(
      span({ 'langfuse.trace.name': 'Insights Agent C#', 'langfuse.observation.type': 'span', 'user.id': 'g.aprozeanu', 'session.id': '9714061f-20c0-4d98-9220-1dc7df15c3c2' }, { scopeName: 'Criteo.Langfuse' }),
    );
    assert.deepEqual([g.convention, g.operation, g.sessionId, g.userId], ['langfuse', 'other', '9714061f-20c0-4d98-9220-1dc7df15c3c2', 'g.aprozeanu']);
  });
  it('trace metadata propagated onto another instrumentation’s span does not make it Langfuse', () => {
    const g = normalizeSpan(span({ 'openinference.span.kind': 'LLM', 'llm.token_count.prompt': 5, 'langfuse.trace.metadata.langfuse_session_id': 's-from-langfuse' }));
    assert.deepEqual([g.convention, g.sessionId], ['openinference', 's-from-langfuse']);
  });
  it('the langfuse-sdk tracer scope alone marks a span', () => {
    assert.equal(normalizeSpan(span({ 'user.id': 'u' }, { scopeName: 'langfuse-sdk' })).convention, 'langfuse');
  });
});

describe('Langfuse JS SDK 5.11 observeOpenAI (test/conformance/otlp/langfuse.jsonl)', () => {
  it('embeddings are recorded as a generation: the embedding model makes it embeddings', () => {
    const g = normalizeSpan(
      span(
        { 'user.id': 'user-42', 'session.id': 'conv-7f3a9c', 'langfuse.trace.name': 'trip-assistant', 'langfuse.observation.type': 'generation', 'langfuse.observation.input': 'Paris weather conversation summary', 'langfuse.observation.model.name': 'text-embedding-3-small' },
        { name: 'OpenAI.embeddings', scopeName: 'langfuse-sdk' },
      ),
    );
    assert.deepEqual([g.convention, g.operation, g.inputTokens, g.promptText], ['langfuse', 'embeddings', null, 'Paris weather conversation summary']);
  });
  it('a failed generation: level ERROR, status message, span status UNSET', () => {
    const g = normalizeSpan(
      span(
        { 'langfuse.observation.type': 'generation', 'langfuse.observation.level': 'ERROR', 'langfuse.observation.status_message': 'Error: 429 Rate limit reached for gpt-4o-mini', 'langfuse.observation.cost_details': '{"input":0,"output":0,"total":0}' },
        { name: 'OpenAI.chat', statusCode: 0, scopeName: 'langfuse-sdk' },
      ),
    );
    assert.deepEqual([g.operation, g.errorType, g.recordedCostUsd, g.inputTokens], ['chat', 'Error', 0, null]);
  });
  it('usage_details input and output both exclude their details: prompt − cached − audio, completion − reasoning', () => {
    const g = normalizeSpan(
      span({
        'langfuse.observation.type': 'generation',
        'langfuse.observation.usage_details': JSON.stringify({ input: 512, output: 26, total: 2090, input_cached_tokens: 1536, input_audio_tokens: 0, output_reasoning_tokens: 16, output_audio_tokens: 0, output_accepted_prediction_tokens: 0, output_rejected_prediction_tokens: 0 }),
      }),
    );
    assert.deepEqual([g.inputTokens, g.cacheReadTokens, g.outputTokens, g.reasoningTokens, g.totalTokens], [2048, 1536, 42, 16, 2090]);
  });
});
