import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSpan } from '../../../src/normalize/normalize-span.js';
import type { Attributes, SpanInput } from '../../../src/normalize/span-input.js';

function span(attributes: Attributes, extra: Partial<SpanInput> = {}): SpanInput {
  return { name: 'x', kind: 3, statusCode: 0, statusMessage: '', startTimeUnixNano: 0n, attributes, resourceAttributes: {}, scopeName: '', scopeVersion: '', events: [], ...extra };
}

describe('normalizeSpan: identity precedence', () => {
  it('prefers gen_ai.conversation.id over session.id, span over resource, and reads vendor keys', () => {
    assert.equal(normalizeSpan(span({ 'session.id': 'b', 'gen_ai.conversation.id': 'a' })).sessionId, 'a');
    assert.equal(normalizeSpan(span({}, { resourceAttributes: { 'session.id': 'r' } })).sessionId, 'r');
    assert.equal(normalizeSpan(span({ 'session.id': 's' }, { resourceAttributes: { 'gen_ai.conversation.id': 'r' } })).sessionId, 's');
    assert.equal(normalizeSpan(span({ 'traceloop.association.properties.session_id': 't', 'traceloop.association.properties.user_id': 'u' })).userId, 'u');
    assert.equal(normalizeSpan(span({ 'ai.telemetry.metadata.sessionId': 'v' })).sessionId, 'v');
    assert.equal(normalizeSpan(span({ 'langfuse.session.id': 'l', 'langfuse.user.id': 'lu' })).userId, 'lu');
    assert.equal(normalizeSpan(span({ 'enduser.id': 'e', 'user.id': 'u' })).userId, 'u');
    assert.equal(normalizeSpan(span({ 'user.id': 42 })).userId, '42', 'a number where a string belongs is fine');
  });
});

describe('normalizeSpan: tokens', () => {
  it('OTel 1.40+: input already includes cache reads', () => {
    const g = normalizeSpan(span({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 50, 'gen_ai.usage.cache_read.input_tokens': 400, 'gen_ai.usage.reasoning.output_tokens': 20 }));
    assert.deepEqual([g.convention, g.operation, g.inputTokens, g.cacheReadTokens, g.outputTokens, g.reasoningTokens, g.usageIsAggregate], ['otel_genai', 'chat', 1000, 400, 50, 20, false]);
  });
  it('OTel 1.26: deprecated prompt/completion token names', () => {
    const g = normalizeSpan(span({ 'gen_ai.system': 'OpenAI', 'gen_ai.request.model': 'gpt-4', 'gen_ai.usage.prompt_tokens': '812', 'gen_ai.usage.completion_tokens': 40 }));
    assert.deepEqual([g.provider, g.operation, g.inputTokens, g.outputTokens], ['openai', 'chat', 812, 40]);
  });
  it('Langfuse usage_details input is non-cached: cache counts are added', () => {
    const g = normalizeSpan(span({ 'langfuse.observation.type': 'generation', 'langfuse.observation.usage_details': JSON.stringify({ input: 600, input_cached_tokens: 400, output: 30 }) }));
    assert.deepEqual([g.convention, g.inputTokens, g.cacheReadTokens, g.outputTokens], ['langfuse', 1000, 400, 30]);
  });
  it('Google ADK: gen_ai.usage.* and llm.token_count.* on one span are not added together', () => {
    const g = normalizeSpan(span({ 'openinference.span.kind': 'LLM', 'gen_ai.usage.input_tokens': 500, 'llm.token_count.prompt': 500, 'llm.token_count.completion': 9, 'gen_ai.usage.output_tokens': 9 }));
    assert.deepEqual([g.convention, g.inputTokens, g.outputTokens], ['openinference', 500, 9]);
  });
  it('Vercel: the ai.generateText root repeats usage and is marked a roll-up; an input below its cache counts is made total', () => {
    const root = normalizeSpan(span({ 'ai.operationId': 'ai.generateText', 'ai.usage.promptTokens': 900, 'ai.usage.completionTokens': 80 }));
    assert.equal(root.usageIsAggregate, true);
    const call = normalizeSpan(span({ 'ai.operationId': 'ai.generateText.doGenerate', 'ai.usage.inputTokens': 100, 'ai.usage.cachedInputTokens': 800, 'ai.model.provider': 'anthropic.messages' }));
    assert.deepEqual([call.operation, call.usageIsAggregate, call.inputTokens, call.provider], ['chat', false, 900, 'anthropic']);
  });
  it('garbage token values become null, never NaN', () => {
    const g = normalizeSpan(span({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 'lots', 'gen_ai.usage.output_tokens': true }));
    assert.deepEqual([g.inputTokens, g.outputTokens], [null, null]);
  });
});

describe('normalizeSpan: messages, tools, retrieval, evaluations', () => {
  it('orders OpenInference messages numerically (10 after 2) and reads the response model', () => {
    const attrs: Attributes = { 'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o-2024-08-06', 'llm.invocation_parameters': '{"model":"gpt-4o","temperature":0.3}' };
    for (let i = 0; i <= 10; i++) {
      attrs[`llm.input_messages.${i}.message.role`] = 'user';
      attrs[`llm.input_messages.${i}.message.content`] = `m${i}`;
    }
    const g = normalizeSpan(span(attrs));
    assert.equal(g.promptText!.split('\n').at(-1), 'user: m10');
    assert.equal(g.promptText!.split('\n')[2], 'user: m2');
    assert.deepEqual([g.requestModel, g.responseModel, g.temperature], ['gpt-4o', 'gpt-4o-2024-08-06', 0.3]);
  });
  it('reads OTel 1.26 prompt/completion from span events and 1.37 messages from attributes', () => {
    const old = normalizeSpan(span({ 'gen_ai.system': 'openai' }, { events: [{ name: 'gen_ai.content.prompt', timeUnixNano: 0n, attributes: { 'gen_ai.prompt': '[{"role":"user","content":"hi"}]' } }] }));
    assert.equal(old.promptText, 'user: hi');
    const cur = normalizeSpan(span({ 'gen_ai.output.messages': '[{"role":"assistant","parts":[{"type":"text","content":"hello"}],"finish_reason":"stop"}]' }));
    assert.equal(cur.completionText, 'assistant: hello');
    assert.deepEqual(cur.finishReasons, ['stop']);
  });
  it('tools, errors, retrieval documents and evaluation scores', () => {
    const tool = normalizeSpan(span({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.id': 'call_1' }, { statusCode: 2, events: [{ name: 'exception', timeUnixNano: 0n, attributes: { 'exception.type': 'TimeoutError' } }] }));
    assert.deepEqual([tool.operation, tool.toolName, tool.toolCallId, tool.errorType], ['execute_tool', 'get_weather', 'call_1', 'TimeoutError']);
    const oi = normalizeSpan(span({ 'openinference.span.kind': 'RETRIEVER', 'retrieval.documents.0.document.id': 'd1', 'retrieval.documents.0.document.score': 0.8, 'retrieval.documents.1.document.id': 7 }));
    assert.deepEqual(oi.retrievalDocuments!.map((d) => [d.id, d.score]), [['d1', 0.8], ['7', null]]);
    const ol = normalizeSpan(span({ 'traceloop.span.kind': 'task' }, { events: [{ name: 'db.query.result', timeUnixNano: 0n, attributes: { 'db.query.result.id': 'x', 'db.query.result.score': 0.5 } }] }));
    assert.deepEqual([ol.operation, ol.retrievalDocuments![0]!.score], ['retrieval', 0.5]);
    const ev = normalizeSpan(span({}, { events: [{ name: 'gen_ai.evaluation.result', timeUnixNano: 0n, attributes: { 'gen_ai.evaluation.name': 'relevance', 'gen_ai.evaluation.score.value': 0.9, 'gen_ai.evaluation.score.label': 'relevant' } }] }));
    assert.deepEqual(ev.evaluations, [{ name: 'relevance', score: 0.9, label: 'relevant', explanation: null, source: 'event:gen_ai.evaluation.result' }]);
    const cost = normalizeSpan(span({ 'openinference.span.kind': 'LLM', 'llm.cost.total': 0.0123 }));
    assert.equal(cost.recordedCostUsd, 0.0123);
  });
});
