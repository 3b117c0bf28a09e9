import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSpan } from '../../../src/normalize/normalize-span.js';
import { event, span } from './make-span.js';

describe('OTel GenAI 1.26 (gen_ai.system, prompt/completion tokens, content span events)', () => {
  const g = normalizeSpan(
    span(
      {
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-4',
        'gen_ai.response.model': 'gpt-4-0613',
        'gen_ai.request.temperature': 0.5,
        'gen_ai.usage.prompt_tokens': 97,
        'gen_ai.usage.completion_tokens': 52,
        'gen_ai.response.finish_reasons': ['stop'],
      },
      {
        events: [
          event('gen_ai.content.prompt', { 'gen_ai.prompt': '[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Paris?"}]' }),
          event('gen_ai.content.completion', { 'gen_ai.completion': '[{"role":"assistant","content":"Rainy, 57°F."}]' }),
        ],
      },
    ),
  );
  it('is a chat call with input/output from the deprecated names', () => {
    assert.deepEqual([g.convention, g.operation, g.provider, g.requestModel, g.responseModel], ['otel_genai', 'chat', 'openai', 'gpt-4', 'gpt-4-0613']);
    assert.deepEqual([g.inputTokens, g.outputTokens, g.usageIsAggregate, g.temperature, g.finishReasons], [97, 52, false, 0.5, ['stop']]);
  });
  it('reads prompt and completion from the span events', () => {
    assert.equal(g.promptText, 'system: Be brief.\nuser: Weather in Paris?');
    assert.equal(g.completionText, 'assistant: Rainy, 57°F.');
  });
  it('reads the deprecated gen_ai.prompt / gen_ai.completion as attributes too (openinference fixture shape)', () => {
    const d = normalizeSpan(
      span({
        'gen_ai.provider.name': 'openai',
        'gen_ai.operation.name': 'chat',
        'gen_ai.prompt': '[{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]}]',
        'gen_ai.completion': '{"text":"The weather in Paris is currently rainy.","finish_reason":"stop"}',
      }),
    );
    assert.deepEqual([d.promptText, d.completionText, d.finishReasons], ['user: Weather in Paris?', 'The weather in Paris is currently rainy.', ['stop']]);
  });
});

describe('OTel GenAI 1.27–1.36 (operation name, input/output tokens, gen_ai.system values)', () => {
  it('maps old system values to provider names', () => {
    const cases: [string, string][] = [
      ['az.ai.openai', 'azure.ai.openai'],
      ['xai', 'x_ai'],
      ['vertex_ai', 'gcp.vertex_ai'],
      ['gemini', 'gcp.gemini'],
      ['mistral_ai', 'mistral_ai'],
      ['Anthropic', 'anthropic'],
      ['aws.bedrock', 'aws.bedrock'],
    ];
    for (const [system, provider] of cases) assert.equal(normalizeSpan(span({ 'gen_ai.system': system, 'gen_ai.operation.name': 'chat' })).provider, provider, system);
  });
  it('text_completion and embeddings operations', () => {
    assert.equal(normalizeSpan(span({ 'gen_ai.operation.name': 'text_completion' })).operation, 'text_completion');
    const e = normalizeSpan(span({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.request.model': 'text-embedding-3-small', 'gen_ai.usage.input_tokens': 8 }));
    assert.deepEqual([e.operation, e.inputTokens, e.outputTokens, e.usageIsAggregate], ['embeddings', 8, null, false]);
  });
  it('generate_content (1.33) is chat', () => {
    assert.equal(normalizeSpan(span({ 'gen_ai.operation.name': 'generate_content', 'gen_ai.provider.name': 'gcp.gemini' })).operation, 'chat');
  });
});

describe('OTel GenAI 1.37+ (provider.name, message JSON)', () => {
  // openinference js/packages/openinference-genai/test/__fixtures__/otel_genai_client_span_tool_calls.json
  const attrs = {
    'gen_ai.provider.name': 'openai',
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-4',
    'gen_ai.request.temperature': 0.5,
    'gen_ai.response.model': 'gpt-4-0613',
    'gen_ai.usage.output_tokens': 52,
    'gen_ai.usage.input_tokens': 97,
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.input.messages':
      '[{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]},{"role":"assistant","parts":[{"type":"text","content":"Absolutely! Let me check the weather for you."},{"type":"tool_call","id":"1234","name":"get_weather","arguments":{"location":"Paris"}}]},{"role":"tool","parts":[{"type":"tool_call_response","id":"1234","response":"rainy, 57°F"}]}]',
    'gen_ai.output.messages':
      '[{"role":"assistant","parts":[{"type":"text","content":"The weather in Paris is currently rainy with a temperature of 57°F."}],"finish_reason":"stop"}]',
  };
  it('renders JSON-string messages with role prefixes, tool calls and tool results', () => {
    const g = normalizeSpan(span(attrs));
    assert.equal(g.promptText, 'user: Weather in Paris?\nassistant: Absolutely! Let me check the weather for you.\n[tool_call get_weather]\ntool: rainy, 57°F');
    assert.equal(g.completionText, 'assistant: The weather in Paris is currently rainy with a temperature of 57°F.');
    assert.deepEqual([g.provider, g.requestModel, g.responseModel, g.inputTokens, g.outputTokens], ['openai', 'gpt-4', 'gpt-4-0613', 97, 52]);
  });
  it('reads structured (non-string) message values and system instructions', () => {
    const g = normalizeSpan(
      span({
        'gen_ai.operation.name': 'chat',
        'gen_ai.system_instructions': [{ type: 'text', content: 'Be brief.' }],
        'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }],
        'gen_ai.output.messages': [{ role: 'assistant', parts: [{ type: 'reasoning', content: 'hmm' }, { type: 'text', content: 'Hello' }], finish_reason: 'stop' }],
      }),
    );
    assert.deepEqual([g.promptText, g.completionText, g.finishReasons], ['system: Be brief.\nuser: Hi', 'assistant: Hello', ['stop']]);
  });
  it('accepts the registry example `result` for tool_call_response', () => {
    const g = normalizeSpan(span({ 'gen_ai.input.messages': '[{"role":"tool","parts":[{"type":"tool_call_response","id":"c","result":"rainy"}]}]' }));
    assert.equal(g.promptText, 'tool: rainy');
  });
});

describe('OTel GenAI 1.40+/1.41 and the genai repo (cache, reasoning, retrieval)', () => {
  it('input already includes cache reads and writes; output includes reasoning', () => {
    const g = normalizeSpan(
      span({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.usage.input_tokens': 32321,
        'gen_ai.usage.cache_read.input_tokens': 31559,
        'gen_ai.usage.cache_creation.input_tokens': 760,
        'gen_ai.usage.output_tokens': 400,
        'gen_ai.usage.reasoning.output_tokens': 250,
      }),
    );
    assert.deepEqual([g.inputTokens, g.cacheReadTokens, g.cacheWriteTokens, g.outputTokens, g.reasoningTokens], [32321, 31559, 760, 400, 250]);
  });
  it('reads the genai-repo cache_write name', () => {
    const g = normalizeSpan(span({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.cache_write.input_tokens': 60 }));
    assert.deepEqual([g.inputTokens, g.cacheWriteTokens], [100, 60]);
  });
  it('a retrieval span with gen_ai.retrieval.documents', () => {
    const g = normalizeSpan(
      span({
        'gen_ai.operation.name': 'retrieval',
        'gen_ai.data_source.id': 'kb',
        'gen_ai.retrieval.documents': JSON.stringify([{ id: 'doc_123', score: 0.95, content: 'Paris is rainy.' }, { id: 9, score: '0.5', metadata: { page: 2 } }]),
      }),
    );
    assert.equal(g.operation, 'retrieval');
    assert.deepEqual(g.retrievalDocuments, [
      { id: 'doc_123', score: 0.95, content: 'Paris is rainy.', metadata: null },
      { id: '9', score: 0.5, content: null, metadata: { page: 2 } },
    ]);
  });
  it('a retrieval span without documents is unknown (null), an empty list is an empty result', () => {
    assert.equal(normalizeSpan(span({ 'gen_ai.operation.name': 'retrieval' })).retrievalDocuments, null);
    assert.deepEqual(normalizeSpan(span({ 'gen_ai.operation.name': 'retrieval', 'gen_ai.retrieval.documents': '[]' })).retrievalDocuments, []);
  });
});

describe('OTel GenAI agents, tools and roll-ups (.NET Microsoft.Extensions.AI sample)', () => {
  it('execute_tool span: tool name and call id', () => {
    const g = normalizeSpan(
      span({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.type': 'function', 'gen_ai.tool.call.id': 'final_result', 'gen_ai.tool.name': 'final_result' }, { name: 'final_result' }),
    );
    assert.deepEqual([g.convention, g.operation, g.toolName, g.toolCallId, g.usageIsAggregate], ['otel_genai', 'execute_tool', 'final_result', 'final_result', false]);
  });
  it('orchestrate_tools span repeating its calls’ usage is an aggregate, not a model call', () => {
    const g = normalizeSpan(span({ 'gen_ai.usage.input_tokens': '5550', 'gen_ai.usage.output_tokens': '214' }, { name: 'orchestrate_tools' }));
    assert.deepEqual([g.operation, g.inputTokens, g.outputTokens, g.usageIsAggregate], ['other', 5550, 214, true]);
  });
  it('the chat span of the same trace (string-typed numbers) is a model call', () => {
    const g = normalizeSpan(
      span({
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gemini-2.5-flash',
        'gen_ai.provider.name': 'gcp.vertex_ai',
        'gen_ai.request.temperature': '0',
        'gen_ai.response.finish_reasons': '["stop"]',
        'gen_ai.usage.input_tokens': '2497',
        'gen_ai.usage.output_tokens': '200',
      }),
    );
    assert.deepEqual([g.operation, g.provider, g.temperature, g.finishReasons, g.inputTokens, g.usageIsAggregate], ['chat', 'gcp.vertex_ai', 0, ['stop'], 2497, false]);
  });
  it('invoke_agent root with usage totals is a roll-up; its agent name is read', () => {
    const g = normalizeSpan(span({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner', 'gen_ai.usage.input_tokens': 900, 'gen_ai.usage.output_tokens': 80 }));
    assert.deepEqual([g.operation, g.agentName, g.usageIsAggregate], ['invoke_agent', 'planner', true]);
  });
});

describe('OTel GenAI evaluations and errors', () => {
  it('gen_ai.evaluation.result span events', () => {
    const g = normalizeSpan(
      span({}, {
        events: [
          event('gen_ai.evaluation.result', { 'gen_ai.evaluation.name': 'relevance', 'gen_ai.evaluation.score.value': 0.2, 'gen_ai.evaluation.score.label': 'not_relevant', 'gen_ai.evaluation.explanation': 'off topic' }),
          event('gen_ai.evaluation.result', { 'gen_ai.evaluation.name': 'toxicity', 'gen_ai.evaluation.score.value': '0' }),
          event('gen_ai.evaluation.result', { 'gen_ai.evaluation.name': 'empty' }), // no result at all: dropped
        ],
      }),
    );
    assert.deepEqual(g.evaluations, [
      { name: 'relevance', score: 0.2, label: 'not_relevant', explanation: 'off topic', source: 'event:gen_ai.evaluation.result' },
      { name: 'toxicity', score: 0, label: null, explanation: null, source: 'event:gen_ai.evaluation.result' },
    ]);
  });
  it('error.type first, then the exception event, then the status message', () => {
    const exc = event('exception', { 'exception.type': 'openai.APITimeoutError', 'exception.message': 'timed out' });
    assert.equal(normalizeSpan(span({ 'error.type': '429' }, { statusCode: 2, events: [exc] })).errorType, '429');
    assert.equal(normalizeSpan(span({}, { statusCode: 2, events: [exc] })).errorType, 'openai.APITimeoutError');
    assert.equal(normalizeSpan(span({}, { statusCode: 2, statusMessage: 'openai.RateLimitError: Rate limit reached' })).errorType, 'openai.RateLimitError');
    assert.equal(normalizeSpan(span({}, { statusCode: 2, statusMessage: 'ValueError: bad input' })).errorType, 'ValueError');
    assert.equal(normalizeSpan(span({}, { statusCode: 2, statusMessage: '429 Too Many Requests' })).errorType, 'error');
    assert.equal(normalizeSpan(span({}, { statusCode: 2, statusMessage: 'tool timed out' })).errorType, 'error');
    assert.equal(normalizeSpan(span({}, { statusCode: 2 })).errorType, 'error');
    assert.equal(normalizeSpan(span({}, { statusCode: 1, statusMessage: 'ValueError: fine' })).errorType, null);
  });
});
