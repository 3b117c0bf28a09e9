import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSpan } from '../../../src/normalize/normalize-span.js';
import { event, span } from './make-span.js';

const association = { 'traceloop.association.properties.session_id': 'sess-9', 'traceloop.association.properties.user_id': 'user-3' };

describe('OpenLLMetry ≤v0.47: prompt/completion token names, flattened messages, capitalised systems', () => {
  const g = normalizeSpan(
    span(
      {
        ...association,
        'llm.request.type': 'chat',
        'gen_ai.system': 'Anthropic',
        'gen_ai.request.model': 'claude-3-5-sonnet-latest',
        'gen_ai.response.model': 'claude-3-5-sonnet-20241022',
        'gen_ai.usage.prompt_tokens': 1800, // Anthropic instrumentation: input + cache_read + cache_creation
        'gen_ai.usage.completion_tokens': 120,
        'gen_ai.usage.cache_read_input_tokens': 1500,
        'gen_ai.usage.cache_creation_input_tokens': 200,
        'llm.usage.total_tokens': 1920,
        'gen_ai.prompt.0.role': 'system',
        'gen_ai.prompt.0.content': 'Be brief.',
        'gen_ai.prompt.1.role': 'user',
        'gen_ai.prompt.1.content': 'Weather in Paris?',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.content': 'Let me check.',
        'gen_ai.completion.0.finish_reason': 'tool_use',
        'gen_ai.completion.0.tool_calls.0.id': 'toolu_1',
        'gen_ai.completion.0.tool_calls.0.name': 'get_weather',
      },
      { name: 'anthropic.chat', kind: 3 },
    ),
  );
  it('detects OpenLLMetry and reads the first-generation names', () => {
    assert.deepEqual([g.convention, g.operation, g.provider, g.requestModel, g.responseModel], ['openllmetry', 'chat', 'anthropic', 'claude-3-5-sonnet-latest', 'claude-3-5-sonnet-20241022']);
    assert.deepEqual([g.inputTokens, g.cacheReadTokens, g.cacheWriteTokens, g.outputTokens, g.totalTokens], [1800, 1500, 200, 120, 1920]);
  });
  it('session and user from association properties', () => {
    assert.deepEqual([g.sessionId, g.userId], ['sess-9', 'user-3']);
  });
  it('flattened prompt and completion, tool calls, per-choice finish reasons', () => {
    assert.equal(g.promptText, 'system: Be brief.\nuser: Weather in Paris?');
    assert.equal(g.completionText, 'assistant: Let me check.\n[tool_call get_weather]');
    assert.deepEqual(g.finishReasons, ['tool_use']);
  });
  it('a flattened message whose content is a JSON list of parts', () => {
    const p = normalizeSpan(span({ 'llm.request.type': 'chat', 'gen_ai.prompt.0.role': 'user', 'gen_ai.prompt.0.content': '[{"type":"text","text":"Describe this"},{"type":"image_url","image_url":{"url":"data:…"}}]' }));
    assert.equal(p.promptText, 'user: Describe this');
  });
  it('OpenAI "OpenAI" system value and completion / embedding request types', () => {
    const c = normalizeSpan(span({ 'llm.request.type': 'completion', 'gen_ai.system': 'OpenAI' }));
    assert.deepEqual([c.provider, c.operation], ['openai', 'text_completion']);
    assert.equal(normalizeSpan(span({ 'llm.request.type': 'embedding', 'gen_ai.system': 'OpenAI' })).operation, 'embeddings');
  });
});

describe('OpenLLMetry v0.48–v0.54: OTel input/output token names, llm.usage.* totals', () => {
  it('reads input/output tokens and llm.usage.reasoning_tokens', () => {
    const g = normalizeSpan(
      span({
        'llm.request.type': 'chat',
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'o3-mini',
        'gen_ai.usage.input_tokens': 2000,
        'gen_ai.usage.output_tokens': 900,
        'gen_ai.usage.cache_read_input_tokens': 1024,
        'llm.usage.total_tokens': 2900,
        'llm.usage.reasoning_tokens': 640,
      }),
    );
    assert.deepEqual([g.convention, g.inputTokens, g.cacheReadTokens, g.outputTokens, g.reasoningTokens, g.totalTokens], ['openllmetry', 2000, 1024, 900, 640, 2900]);
  });
});

describe('OpenLLMetry v0.55+: GenAI message JSON, provider.name, dotted cache names', () => {
  it('reads the current names', () => {
    const g = normalizeSpan(
      span({
        ...association,
        'llm.request.type': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.usage.input_tokens': 1200,
        'gen_ai.usage.output_tokens': 80,
        'gen_ai.usage.cache_read.input_tokens': 1024,
        'gen_ai.usage.cache_creation.input_tokens': 0,
        'gen_ai.usage.total_tokens': 1280,
        'gen_ai.usage.reasoning_tokens': 0,
        'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"Hi"}]}]',
        'gen_ai.output.messages': '[{"role":"assistant","parts":[{"type":"text","content":"Hello!"}],"finish_reason":"stop"}]',
        'gen_ai.conversation.id': 'conv-1', // newer SDKs' set_conversation_id wins over the association property
      }),
    );
    assert.deepEqual([g.convention, g.inputTokens, g.cacheReadTokens, g.cacheWriteTokens, g.totalTokens, g.reasoningTokens], ['openllmetry', 1200, 1024, 0, 1280, 0]);
    assert.deepEqual([g.promptText, g.completionText, g.finishReasons, g.sessionId, g.userId], ['user: Hi', 'assistant: Hello!', ['stop'], 'conv-1', 'user-3']);
  });
});

describe('OpenLLMetry SDK decorators and vector databases', () => {
  it('workflow span: entity input/output as text, no usage', () => {
    const g = normalizeSpan(
      span(
        { ...association, 'traceloop.span.kind': 'workflow', 'traceloop.workflow.name': 'chat_turn', 'traceloop.entity.name': 'chat_turn', 'traceloop.entity.input': '{"args":["hi"],"kwargs":{}}', 'traceloop.entity.output': '"hello"' },
        { name: 'chat_turn.workflow' },
      ),
    );
    assert.deepEqual([g.convention, g.operation, g.promptText, g.completionText, g.inputTokens], ['openllmetry', 'other', '{"args":["hi"],"kwargs":{}}', 'hello', null]);
  });
  it('@tool span: the entity name is the tool name', () => {
    const g = normalizeSpan(span({ 'traceloop.span.kind': 'tool', 'traceloop.entity.name': 'get_weather' }, { name: 'get_weather.tool' }));
    assert.deepEqual([g.operation, g.toolName], ['execute_tool', 'get_weather']);
  });
  it('@agent span: the entity name is the agent name', () => {
    const g = normalizeSpan(span({ 'traceloop.span.kind': 'agent', 'traceloop.entity.name': 'researcher' }));
    assert.deepEqual([g.operation, g.agentName], ['invoke_agent', 'researcher']);
  });
  it('db.query.result events are the retrieved documents, in event order', () => {
    const g = normalizeSpan(
      span(
        { 'db.system': 'chroma', 'db.operation': 'query', 'db.vector.query.top_k': 2 },
        {
          name: 'chroma.query',
          events: [
            event('db.query.result', { 'db.query.result.id': 'doc-7', 'db.query.result.score': 0.91, 'db.query.result.document': 'Paris is rainy.', 'db.query.result.metadata': '{"src":"wiki"}' }),
            event('db.query.result', { 'db.query.result.id': 'doc-2', 'db.query.result.distance': 0.4 }),
          ],
        },
      ),
    );
    assert.deepEqual([g.convention, g.operation], ['openllmetry', 'retrieval']);
    assert.deepEqual(g.retrievalDocuments, [
      { id: 'doc-7', score: 0.91, content: 'Paris is rainy.', metadata: { src: 'wiki' } },
      { id: 'doc-2', score: null, content: null, metadata: null },
    ]);
  });
  it('db.search.result events (Milvus) are read too', () => {
    const g = normalizeSpan(span({ 'db.system': 'milvus' }, { events: [event('db.search.result', { 'db.search.result.id': 42, 'db.search.result.score': 0.7 })] }));
    assert.deepEqual(g.retrievalDocuments!.map((d) => [d.id, d.score]), [['42', 0.7]]);
  });
  it('a vector query that returned nothing is an empty result', () => {
    const g = normalizeSpan(span({ 'db.system': 'chroma', 'db.operation': 'query', 'db.vector.query.top_k': 3 }, { name: 'chroma.query' }));
    assert.deepEqual([g.convention, g.operation, g.retrievalDocuments], ['openllmetry', 'retrieval', []]);
  });
  it('a rerank call without result events is unknown (null), not an empty result', () => {
    const g = normalizeSpan(span({ 'llm.request.type': 'rerank', 'gen_ai.system': 'Cohere', 'gen_ai.request.model': 'rerank-v3.5' }, { name: 'cohere.rerank' }));
    assert.deepEqual([g.convention, g.operation, g.retrievalDocuments], ['openllmetry', 'retrieval', null]);
  });
});
