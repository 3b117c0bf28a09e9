import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSpan } from '../../../src/normalize/normalize-span.js';
import type { Attributes, NormalizedGenAi } from '../../../src/normalize/span-input.js';
import { event, span } from './make-span.js';

const vercel = (attributes: Attributes, name = String(attributes['ai.operationId'] ?? 'ai')) => normalizeSpan(span(attributes, { name, scopeName: 'ai' }));

/** What a report sums: usage on model-call spans that are not roll-ups. */
const sumModelCalls = (spans: NormalizedGenAi[]) =>
  spans
    .filter((s) => ['chat', 'text_completion', 'embeddings'].includes(s.operation) && !s.usageIsAggregate)
    .reduce((t, s) => ({ input: t.input + (s.inputTokens ?? 0), output: t.output + (s.outputTokens ?? 0) }), { input: 0, output: 0 });

describe('Vercel AI SDK v4 (promptTokens / completionTokens, telemetry metadata)', () => {
  const common = {
    'ai.telemetry.functionId': 'support-bot',
    'ai.telemetry.metadata.sessionId': 'chat-42',
    'ai.telemetry.metadata.userId': 'user-7',
    'ai.model.provider': 'openai.chat',
    'ai.model.id': 'gpt-4o-mini',
    'ai.settings.temperature': 0.3,
  };
  const root = vercel({ ...common, 'ai.operationId': 'ai.generateText', 'ai.prompt': '{"system":"Be brief.","prompt":"Weather in Paris?"}', 'ai.response.text': 'Rainy.', 'ai.usage.promptTokens': 300, 'ai.usage.completionTokens': 30 });
  const step1 = vercel({ ...common, 'ai.operationId': 'ai.generateText.doGenerate', 'ai.prompt.messages': '[{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]}]', 'ai.response.finishReason': 'tool-calls', 'ai.usage.promptTokens': 120, 'ai.usage.completionTokens': 10, 'gen_ai.system': 'openai.chat', 'gen_ai.usage.input_tokens': 120, 'gen_ai.usage.output_tokens': 10 });
  const tool = vercel({ ...common, 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'get_weather', 'ai.toolCall.id': 'call_abc', 'ai.toolCall.args': '{"city":"Paris"}' });
  const step2 = vercel({ ...common, 'ai.operationId': 'ai.generateText.doGenerate', 'ai.response.text': 'Rainy.', 'ai.response.finishReason': 'stop', 'ai.usage.promptTokens': 180, 'ai.usage.completionTokens': 20 });

  it('the root is an invoke_agent roll-up; the doGenerate steps are the model calls', () => {
    assert.deepEqual([root.convention, root.operation, root.usageIsAggregate], ['vercel_ai', 'invoke_agent', true]);
    assert.deepEqual([step1.operation, step1.usageIsAggregate, step2.usageIsAggregate], ['chat', false, false]);
  });
  it('summing model calls counts each call once (not root + children)', () => {
    assert.deepEqual(sumModelCalls([root, step1, tool, step2]), { input: 300, output: 30 });
  });
  it('session, user, agent, provider, model, temperature', () => {
    assert.deepEqual([step1.sessionId, step1.userId, step1.agentName, step1.provider, step1.requestModel, step1.temperature], ['chat-42', 'user-7', 'support-bot', 'openai', 'gpt-4o-mini', 0.3]);
  });
  it('prompt from ai.prompt (root) and ai.prompt.messages (call); completion from ai.response.text; finish reason', () => {
    assert.equal(root.promptText, 'system: Be brief.\nuser: Weather in Paris?');
    assert.equal(step1.promptText, 'user: Weather in Paris?');
    assert.deepEqual([step2.completionText, step1.finishReasons], ['Rainy.', ['tool-calls']]);
  });
  it('ai.toolCall: tool name and call id', () => {
    assert.deepEqual([tool.operation, tool.toolName, tool.toolCallId, tool.inputTokens], ['execute_tool', 'get_weather', 'call_abc', null]);
  });
  it('a failed tool call: status ERROR with an exception event', () => {
    const failed = normalizeSpan(span({ 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'get_weather' }, { statusCode: 2, statusMessage: 'boom', events: [event('exception', { 'exception.type': 'TypeError', 'exception.message': 'boom' })] }));
    assert.equal(failed.errorType, 'TypeError');
  });
});

describe('Vercel AI SDK v5: inputTokens that exclude the cache (Anthropic)', () => {
  it('an input below its cache counts is made total, with cache writes from providerMetadata', () => {
    const g = vercel({
      'ai.operationId': 'ai.streamText.doStream',
      'ai.model.provider': 'anthropic.messages',
      'ai.model.id': 'claude-sonnet-4-5',
      'ai.usage.inputTokens': 100,
      'ai.usage.outputTokens': 50,
      'ai.usage.totalTokens': 150,
      'ai.usage.cachedInputTokens': 800,
      'ai.usage.reasoningTokens': 12,
      'ai.response.providerMetadata': '{"anthropic":{"cacheCreationInputTokens":300}}',
    });
    assert.deepEqual([g.provider, g.inputTokens, g.cacheReadTokens, g.cacheWriteTokens, g.outputTokens, g.reasoningTokens, g.totalTokens], ['anthropic', 1200, 800, 300, 50, 12, 150]);
  });
  it('an input at least its cache counts is taken as including them (OpenAI, v6 Anthropic)', () => {
    const g = vercel({ 'ai.operationId': 'ai.streamText.doStream', 'ai.model.provider': 'openai.responses', 'ai.usage.inputTokens': 1500, 'ai.usage.cachedInputTokens': 1024 });
    assert.deepEqual([g.inputTokens, g.cacheReadTokens], [1500, 1024]);
  });
});

describe('Vercel AI SDK v6 (openinference-vercel v6-spans fixture)', () => {
  const base = { 'ai.telemetry.functionId': 'test-stream-text', 'ai.model.provider': 'openai.responses', 'ai.model.id': 'gpt-4o-mini', 'ai.telemetry.metadata.testCategory': 'streaming' };
  const call = vercel({
    ...base,
    'ai.operationId': 'ai.streamText.doStream',
    'ai.prompt.messages': '[{"role":"user","content":[{"type":"text","text":"Write a short poem about TypeScript."}]}]',
    'gen_ai.system': 'openai.responses',
    'gen_ai.request.model': 'gpt-4o-mini',
    'ai.response.finishReason': 'stop',
    'ai.response.model': 'gpt-4o-mini-2024-07-18',
    'ai.usage.inputTokens': 15,
    'ai.usage.outputTokens': 112,
    'ai.usage.totalTokens': 127,
    'ai.usage.reasoningTokens': 0,
    'ai.usage.cachedInputTokens': 0,
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'gen_ai.usage.input_tokens': 15,
    'gen_ai.usage.output_tokens': 112,
  });
  const root = vercel({ ...base, 'ai.operationId': 'ai.streamText', 'ai.prompt': '{"prompt":"Write a short poem about TypeScript."}', 'ai.usage.inputTokens': 15, 'ai.usage.outputTokens': 112, 'ai.usage.totalTokens': 127 });
  it('call span: vercel_ai (not otel_genai), provider "openai.responses" → openai, models', () => {
    assert.deepEqual([call.convention, call.operation, call.provider, call.requestModel, call.responseModel], ['vercel_ai', 'chat', 'openai', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18']);
    assert.deepEqual([call.inputTokens, call.outputTokens, call.totalTokens, call.cacheReadTokens, call.reasoningTokens], [15, 112, 127, 0, 0]);
  });
  it('root and call together count once', () => {
    assert.equal(root.usageIsAggregate, true);
    assert.deepEqual(sumModelCalls([root, call]), { input: 15, output: 112 });
  });
  it('embeddings: ai.usage.tokens; the ai.embed root is a roll-up of its doEmbed', () => {
    const doEmbed = vercel({ 'ai.operationId': 'ai.embed.doEmbed', 'ai.model.provider': 'openai.embedding', 'ai.model.id': 'text-embedding-3-small', 'ai.usage.tokens': 10 });
    const embed = vercel({ 'ai.operationId': 'ai.embed', 'ai.model.provider': 'openai.embedding', 'ai.usage.tokens': 10 });
    assert.deepEqual([doEmbed.operation, doEmbed.inputTokens, doEmbed.usageIsAggregate, embed.operation, embed.usageIsAggregate], ['embeddings', 10, false, 'embeddings', true]);
    assert.deepEqual(sumModelCalls([embed, doEmbed]), { input: 10, output: 0 });
  });
  it('generateObject: the object is the completion', () => {
    const g = vercel({ 'ai.operationId': 'ai.generateObject.doGenerate', 'ai.response.object': '{"name":"Scrambled Eggs"}' });
    assert.deepEqual([g.operation, g.completionText], ['chat', '{"name":"Scrambled Eggs"}']);
  });
});

describe('Vercel AI SDK 6.0.326 with input token details (test/conformance/otlp/vercel-ai.jsonl)', () => {
  it('noCache + cacheRead is the total input; reasoning from either attribute', () => {
    const g = vercel({
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.telemetry.functionId': 'trip-assistant.summary',
      'ai.model.provider': 'openai.chat',
      'ai.model.id': 'gpt-4o-mini',
      'ai.telemetry.metadata.sessionId': 'conv-7f3a9c',
      'ai.telemetry.metadata.userId': 'user-42',
      'gen_ai.system': 'openai.chat',
      'ai.response.model': 'gpt-4o-mini-2024-07-18',
      'ai.response.providerMetadata': '{"openai":{"acceptedPredictionTokens":0,"rejectedPredictionTokens":0}}',
      'ai.usage.inputTokens': 2048,
      'ai.usage.inputTokenDetails.noCacheTokens': 512,
      'ai.usage.inputTokenDetails.cacheReadTokens': 1536,
      'ai.usage.outputTokens': 42,
      'ai.usage.outputTokenDetails.textTokens': 26,
      'ai.usage.outputTokenDetails.reasoningTokens': 16,
      'ai.usage.totalTokens': 2090,
      'ai.usage.reasoningTokens': 16,
      'ai.usage.cachedInputTokens': 1536,
      'gen_ai.usage.input_tokens': 2048,
      'gen_ai.usage.output_tokens': 42,
    });
    assert.deepEqual([g.inputTokens, g.cacheReadTokens, g.outputTokens, g.reasoningTokens, g.totalTokens, g.provider, g.sessionId, g.userId], [2048, 1536, 42, 16, 2090, 'openai', 'conv-7f3a9c', 'user-42']);
  });
});

describe('Vercel AI SDK v7 (@ai-sdk/otel)', () => {
  it('OpenTelemetry integration: invoke_agent root is a roll-up, chat child with opt-in noCacheTokens', () => {
    const root = vercel(
      { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4-5', 'gen_ai.agent.name': 'support-bot', 'gen_ai.usage.input_tokens': 2400, 'gen_ai.usage.output_tokens': 90, 'ai.settings.context.sessionId': 'ctx-s', 'ai.settings.context.userId': 'ctx-u' },
      'invoke_agent claude-sonnet-4-5',
    );
    const chat = vercel(
      {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.request.model': 'claude-sonnet-4-5',
        'gen_ai.usage.input_tokens': 2400,
        'gen_ai.usage.output_tokens': 90,
        'gen_ai.usage.cache_read.input_tokens': 2000,
        'gen_ai.usage.cache_creation.input_tokens': 300,
        'ai.usage.inputTokenDetails.noCacheTokens': 100,
        'ai.usage.outputTokenDetails.reasoningTokens': 40,
        'ai.settings.context.sessionId': 'ctx-s',
      },
      'chat claude-sonnet-4-5',
    );
    assert.deepEqual([root.convention, root.operation, root.usageIsAggregate, root.agentName, root.sessionId, root.userId], ['vercel_ai', 'invoke_agent', true, 'support-bot', 'ctx-s', 'ctx-u']);
    assert.deepEqual([chat.operation, chat.inputTokens, chat.cacheReadTokens, chat.cacheWriteTokens, chat.reasoningTokens, chat.usageIsAggregate], ['chat', 2400, 2000, 300, 40, false]);
    assert.deepEqual(sumModelCalls([root, chat]), { input: 2400, output: 90 });
  });
  it('noCacheTokens present: input = noCache + cache reads + cache writes', () => {
    const g = vercel({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.cache_read.input_tokens': 800, 'ai.usage.inputTokenDetails.noCacheTokens': 100, 'ai.usage.inputTokenDetails.cacheWriteTokens': 50 });
    assert.deepEqual([g.inputTokens, g.cacheReadTokens, g.cacheWriteTokens], [950, 800, 50]);
  });
  it('agent step spans carrying supplemental usage are roll-ups', () => {
    const g = vercel({ 'gen_ai.operation.name': 'agent_step', 'ai.usage.inputTokenDetails.noCacheTokens': 100 }, 'step 1');
    assert.deepEqual([g.operation, g.usageIsAggregate], ['other', true]);
  });
  it('execute_tool span', () => {
    const g = vercel({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.id': 'call_1', 'ai.settings.context.userId': 'u' }, 'execute_tool get_weather');
    assert.deepEqual([g.operation, g.toolName, g.toolCallId], ['execute_tool', 'get_weather', 'call_1']);
  });
  it('LegacyOpenTelemetry: runtimeContext ids', () => {
    const g = vercel({ 'ai.operationId': 'ai.generateText.doGenerate', 'ai.settings.runtimeContext.sessionId': 'rt-s', 'ai.settings.runtimeContext.userId': 'rt-u' });
    assert.deepEqual([g.sessionId, g.userId], ['rt-s', 'rt-u']);
  });
});

describe('Vercel provider ids', () => {
  it('map to OTel provider names', () => {
    const cases: [string, string][] = [
      ['openai.responses', 'openai'],
      ['anthropic.messages', 'anthropic'],
      ['google.vertex.chat', 'gcp.vertex_ai'],
      ['google.generative-ai', 'gcp.gemini'],
      ['amazon-bedrock', 'aws.bedrock'],
      ['azure.chat', 'azure.ai.openai'],
      ['mistral.chat', 'mistral_ai'],
      ['xai.chat', 'x_ai'],
      ['groq.chat', 'groq'],
      ['ollama.chat', 'ollama'],
    ];
    for (const [id, provider] of cases) assert.equal(vercel({ 'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.provider': id }).provider, provider, id);
  });
});
