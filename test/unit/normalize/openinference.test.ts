import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSpan } from '../../../src/normalize/normalize-span.js';
import type { Attributes } from '../../../src/normalize/span-input.js';
import { event, span } from './make-span.js';

describe('OpenInference LLM spans', () => {
  // phoenix tests/unit/pxi/evals/online_evals/fixtures/pxi_turn_trace.json (Anthropic, prompt caching)
  const phoenix: Attributes = {
    'openinference.span.kind': 'LLM',
    'input.value': '{"messages": "[sanitized conversation history]"}',
    'llm.input_messages.0.message.content': '[system prompt]',
    'llm.input_messages.0.message.role': 'system',
    'llm.input_messages.1.message.content': 'what happened in this trace?',
    'llm.input_messages.1.message.role': 'user',
    'llm.input_messages.2.message.role': 'assistant',
    'llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments': '{"skill_name": "example-skill"}',
    'llm.input_messages.2.message.tool_calls.0.tool_call.function.name': 'load_skill',
    'llm.input_messages.2.message.tool_calls.0.tool_call.id': 'call-01',
    'llm.input_messages.3.message.content': '<skill>example</skill>',
    'llm.input_messages.3.message.role': 'tool',
    'llm.invocation_parameters': '{"max_tokens": 1024}',
    'llm.model_name': 'claude-fable-5',
    'llm.output_messages.0.message.role': 'assistant',
    'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'list_datasets',
    'llm.output_messages.0.message.tool_calls.0.tool_call.id': 'call-04',
    'llm.provider': 'anthropic',
    'llm.system': 'anthropic',
    'llm.token_count.completion': 119,
    'llm.token_count.prompt': 32321,
    'llm.token_count.prompt_details.cache_read': 31559,
    'llm.token_count.prompt_details.cache_write': 760,
    'llm.token_count.total': 32440,
    'session.id': 'fixture-session',
    'user.id': 'user@example.com',
  };
  const g = normalizeSpan(span(phoenix, { name: 'claude-fable-5', scopeName: 'openinference.instrumentation.anthropic' }));
  it('prompt tokens already include cache reads and writes', () => {
    assert.deepEqual([g.convention, g.operation, g.inputTokens, g.cacheReadTokens, g.cacheWriteTokens, g.outputTokens, g.totalTokens], ['openinference', 'chat', 32321, 31559, 760, 119, 32440]);
  });
  it('llm.model_name is the response model; no request model without llm.request.model_name or invocation model', () => {
    assert.deepEqual([g.responseModel, g.requestModel, g.provider], ['claude-fable-5', null, 'anthropic']);
  });
  it('session, user and flattened messages with tool calls', () => {
    assert.deepEqual([g.sessionId, g.userId], ['fixture-session', 'user@example.com']);
    assert.equal(g.promptText, 'system: [system prompt]\nuser: what happened in this trace?\nassistant: [tool_call load_skill]\ntool: <skill>example</skill>');
    assert.equal(g.completionText, 'assistant: [tool_call list_datasets]');
  });
  it('request model from llm.request.model_name, else the invocation parameters', () => {
    const withBoth = normalizeSpan(span({ 'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o-2024-08-06', 'llm.request.model_name': 'gpt-4o', 'llm.invocation_parameters': '{"model":"x"}' }));
    assert.deepEqual([withBoth.requestModel, withBoth.responseModel], ['gpt-4o', 'gpt-4o-2024-08-06']);
    const inv = normalizeSpan(span({ 'openinference.span.kind': 'LLM', 'llm.invocation_parameters': '{"model":"gpt-4.1","temperature":"0.7"}' }));
    assert.deepEqual([inv.requestModel, inv.temperature], ['gpt-4.1', 0.7]);
  });
  it('completions API (llm.prompts / llm.choices) is text_completion', () => {
    const t = normalizeSpan(span({ 'openinference.span.kind': 'LLM', 'llm.prompts.0.prompt.text': 'Say hi', 'llm.choices.0.completion.text': 'hi' }));
    assert.deepEqual([t.operation, t.promptText, t.completionText], ['text_completion', 'Say hi', 'hi']);
  });
  it('embedding spans: embedding.model_name is the request model', () => {
    const e = normalizeSpan(span({ 'openinference.span.kind': 'EMBEDDING', 'embedding.model_name': 'text-embedding-3-small', 'llm.token_count.prompt': 8, 'llm.token_count.total': 8 }));
    assert.deepEqual([e.operation, e.requestModel, e.inputTokens, e.usageIsAggregate], ['embeddings', 'text-embedding-3-small', 8, false]);
  });
});

describe('OpenInference numeric index order (the "10 before 2" trap)', () => {
  it('messages, content parts and documents are read in numeric, not lexicographic, order', () => {
    const a: Attributes = { 'openinference.span.kind': 'LLM' };
    for (const i of [10, 2, 0, 11, 1, 3, 4, 5, 6, 7, 8, 9]) {
      a[`llm.input_messages.${i}.message.role`] = i % 2 ? 'assistant' : 'user';
      a[`llm.input_messages.${i}.message.content`] = `m${i}`;
    }
    a['llm.output_messages.0.message.role'] = 'assistant';
    for (const j of [10, 1, 2, 0]) a[`llm.output_messages.0.message.contents.${j}.message_content.text`] = `p${j}`;
    const g = normalizeSpan(span(a));
    assert.deepEqual(g.promptText!.split('\n').map((l) => l.split(': ')[1]), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11']);
    assert.equal(g.completionText, 'assistant: p0\np1\np2\np10');

    const r: Attributes = { 'openinference.span.kind': 'RETRIEVER' };
    for (const i of [10, 2, 1, 0]) {
      r[`retrieval.documents.${i}.document.id`] = `d${i}`;
      r[`retrieval.documents.${i}.document.score`] = 1 - i / 100;
    }
    assert.deepEqual(normalizeSpan(span(r)).retrievalDocuments!.map((d) => d.id), ['d0', 'd1', 'd2', 'd10']);
  });
});

describe('OpenInference retrieval, tools, agents, feedback, cost', () => {
  it('RETRIEVER documents with content and JSON metadata; no documents is an empty result', () => {
    const g = normalizeSpan(
      span({
        'openinference.span.kind': 'RETRIEVER',
        'retrieval.documents.0.document.id': 'a',
        'retrieval.documents.0.document.score': 0.82,
        'retrieval.documents.0.document.content': 'Paris is rainy in November.',
        'retrieval.documents.0.document.metadata': '{"source":"wiki","updated":"2026-01-02"}',
      }),
    );
    assert.deepEqual(g.retrievalDocuments, [{ id: 'a', score: 0.82, content: 'Paris is rainy in November.', metadata: { source: 'wiki', updated: '2026-01-02' } }]);
    assert.deepEqual(normalizeSpan(span({ 'openinference.span.kind': 'RETRIEVER' })).retrievalDocuments, []);
  });
  it('RERANKER: its output documents are what it returned; a reranker that recorded none is unknown (null), not an empty result', () => {
    const g = normalizeSpan(
      span({
        'openinference.span.kind': 'RERANKER',
        'reranker.input_documents.0.document.id': 'x',
        'reranker.output_documents.0.document.id': 'b',
        'reranker.output_documents.0.document.score': 0.91,
        'reranker.output_documents.0.document.content': 'Lyon is sunny.',
      }),
    );
    assert.equal(g.operation, 'retrieval');
    assert.deepEqual(g.retrievalDocuments, [{ id: 'b', score: 0.91, content: 'Lyon is sunny.', metadata: null }]);
    assert.equal(normalizeSpan(span({ 'openinference.span.kind': 'RERANKER' })).retrievalDocuments, null);
  });
  it('TOOL span with status ERROR and a type-less exception event (Phoenix sample)', () => {
    const g = normalizeSpan(
      span(
        { 'openinference.span.kind': 'TOOL', 'tool.id': 'call-08', 'tool.name': 'add_spans_to_dataset', 'input.value': '{"datasetName": "golden_examples"}', 'session.id': 'fixture-session' },
        { statusCode: 2, statusMessage: "Error fetching GraphQL query 'exampleMutation'", events: [event('exception', { 'exception.message': '[sanitized exception message]' })] },
      ),
    );
    assert.deepEqual([g.operation, g.toolName, g.toolCallId, g.errorType, g.promptText], ['execute_tool', 'add_spans_to_dataset', 'call-08', 'Error', '{"datasetName": "golden_examples"}']);
  });
  it('AGENT span: agent.name', () => {
    const g = normalizeSpan(span({ 'openinference.span.kind': 'AGENT', 'agent.name': 'researcher' }));
    assert.deepEqual([g.operation, g.agentName], ['invoke_agent', 'researcher']);
  });
  it('CHAIN spans carrying token counts are aggregates', () => {
    const g = normalizeSpan(span({ 'openinference.span.kind': 'CHAIN', 'llm.token_count.prompt': 300, 'llm.token_count.completion': 20 }));
    assert.deepEqual([g.operation, g.usageIsAggregate], ['other', true]);
  });
  it('evaluations.N.evaluation.* and annotations.N.annotation.*; a result repeated in both forms counts once', () => {
    const g = normalizeSpan(
      span({
        'openinference.span.kind': 'CHAIN',
        'evaluations.0.evaluation.name': 'hallucination',
        'evaluations.0.evaluation.score': 1,
        'evaluations.0.evaluation.label': 'hallucinated',
        'evaluations.0.evaluation.annotator_kind': 'LLM',
        'annotations.0.annotation.name': 'hallucination',
        'annotations.0.annotation.score': 1,
        'annotations.0.annotation.label': 'hallucinated',
        'annotations.1.annotation.name': 'helpfulness',
        'annotations.1.annotation.score': '0.25',
        'annotations.1.annotation.explanation': 'partly answers',
        'trace.evaluations.0.evaluation.name': 'trace-level', // trace-scoped feedback is not the span's
        'trace.evaluations.0.evaluation.score': 3,
      }),
    );
    assert.deepEqual(g.evaluations, [
      { name: 'hallucination', score: 1, label: 'hallucinated', explanation: null, source: 'attributes:evaluations' },
      { name: 'helpfulness', score: 0.25, label: null, explanation: 'partly answers', source: 'attributes:annotations' },
    ]);
  });
  it('recorded cost: llm.cost.total, else prompt + completion', () => {
    assert.equal(normalizeSpan(span({ 'openinference.span.kind': 'LLM', 'llm.cost.total': 0.0123, 'llm.cost.prompt': 1 })).recordedCostUsd, 0.0123);
    assert.equal(normalizeSpan(span({ 'openinference.span.kind': 'LLM', 'llm.cost.prompt': '0.25', 'llm.cost.completion': 0.5 })).recordedCostUsd, 0.75);
  });
  it('recorded cost: a billion USD or more for one call is garbage (null), so exact sums cannot overflow', () => {
    assert.equal(normalizeSpan(span({ 'openinference.span.kind': 'LLM', 'llm.cost.total': 1e30 })).recordedCostUsd, null);
    assert.equal(normalizeSpan(span({ 'openinference.span.kind': 'LLM', 'llm.cost.total': 999_999 })).recordedCostUsd, 999_999);
  });
});

describe('Google ADK under OpenInference: gen_ai.* and llm.* on one span', () => {
  // langfuse worker/src/__tests__/chatml/framework-traces/google-adk-2025-08-28.trace.json (call_llm)
  const adk: Attributes = {
    'session.id': 'demo-session',
    'user.id': 'demo-user',
    'gen_ai.system': 'gcp.vertex.agent',
    'gen_ai.request.model': 'gemini-2.0-flash',
    'gen_ai.usage.input_tokens': '39',
    'gen_ai.usage.output_tokens': '6',
    'gen_ai.response.finish_reasons': '["stop"]',
    'llm.provider': 'google',
    'llm.model_name': 'gemini-2.0-flash',
    'llm.input_messages.0.message.role': 'system',
    'llm.input_messages.0.message.content': 'Always greet using the say_hello tool.',
    'llm.input_messages.1.message.role': 'user',
    'llm.input_messages.1.message.contents.0.message_content.text': 'hi',
    'llm.input_messages.1.message.contents.0.message_content.type': 'text',
    'llm.token_count.total': '45',
    'llm.token_count.prompt': '39',
    'llm.token_count.completion': '6',
    'llm.output_messages.0.message.role': 'model',
    'llm.output_messages.0.message.contents.0.message_content.text': 'Hello Langfuse 👋!',
    'openinference.span.kind': 'LLM',
  };
  it('one answer: openinference, usage counted once, provider from llm.provider (gcp.vertex.agent is the framework)', () => {
    const g = normalizeSpan(span(adk, { name: 'call_llm', scopeName: 'openinference.instrumentation.google_adk' }));
    assert.deepEqual([g.convention, g.operation, g.inputTokens, g.outputTokens, g.totalTokens, g.usageIsAggregate], ['openinference', 'chat', 39, 6, 45, false]);
    assert.deepEqual([g.provider, g.requestModel, g.responseModel, g.finishReasons], ['gcp.gen_ai', 'gemini-2.0-flash', 'gemini-2.0-flash', ['stop']]);
    assert.deepEqual([g.sessionId, g.userId, g.promptText, g.completionText], ['demo-session', 'demo-user', 'system: Always greet using the say_hello tool.\nuser: hi', 'model: Hello Langfuse 👋!']);
  });
  it('when the two families disagree, the OpenInference numbers win; they are never added', () => {
    const g = normalizeSpan(span({ ...adk, 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 1000 }));
    assert.deepEqual([g.inputTokens, g.outputTokens], [39, 6]);
  });
  it('the ADK tool span: gen_ai tool attributes and OpenInference TOOL kind agree', () => {
    const g = normalizeSpan(
      span({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'say_hello', 'gen_ai.tool.call.id': 'adk-8bd8dc65', 'tool.name': 'say_hello', 'openinference.span.kind': 'TOOL' }),
    );
    assert.deepEqual([g.convention, g.operation, g.toolName, g.toolCallId], ['openinference', 'execute_tool', 'say_hello', 'adk-8bd8dc65']);
  });
});
