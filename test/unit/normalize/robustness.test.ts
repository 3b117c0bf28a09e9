import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSpan } from '../../../src/normalize/normalize-span.js';
import { errorTypeFromMessage } from '../../../src/normalize/extract-error.js';
import { normalizeProvider } from '../../../src/normalize/extract-model.js';
import { count, indexedList, toNumber } from '../../../src/normalize/read-attributes.js';
import type { AttrValue, Attributes, SpanInput } from '../../../src/normalize/span-input.js';
import { event, span } from './make-span.js';

describe('wrong value types', () => {
  it('numeric strings are numbers; garbage, NaN, negatives and fractions are null token counts', () => {
    const g = normalizeSpan(
      span({
        'gen_ai.operation.name': 'chat',
        'gen_ai.usage.input_tokens': '812',
        'gen_ai.usage.output_tokens': 'NaN',
        'gen_ai.usage.cache_read.input_tokens': -5,
        'gen_ai.usage.reasoning.output_tokens': 1.5,
        'gen_ai.request.temperature': 'warm',
      }),
    );
    assert.deepEqual([g.inputTokens, g.outputTokens, g.cacheReadTokens, g.reasoningTokens, g.temperature], [812, null, null, null, null]);
  });
  it('NaN and Infinity numbers are null', () => {
    const g = normalizeSpan(span({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': Number.NaN, 'gen_ai.usage.output_tokens': Number.POSITIVE_INFINITY }));
    assert.deepEqual([g.inputTokens, g.outputTokens], [null, null]);
  });
  it('bigint token counts (OTLP intValue beyond 2^53 decodes to bigint) are read', () => {
    assert.equal(normalizeSpan(span({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 812n })).inputTokens, 812);
  });
  it('a string where a list belongs, a list where a string belongs', () => {
    const g = normalizeSpan(span({ 'gen_ai.operation.name': 'chat', 'gen_ai.response.finish_reasons': 'STOP', 'gen_ai.request.model': ['gpt-4o'], 'gen_ai.provider.name': 42 }));
    assert.deepEqual([g.finishReasons, g.requestModel, g.provider], [['stop'], null, '42']);
  });
  it('broken JSON in message, usage, document and cost attributes is ignored or kept as text', () => {
    const g = normalizeSpan(
      span({
        'langfuse.observation.type': 'generation',
        'langfuse.observation.usage_details': '{"input": 10,',
        'langfuse.observation.cost_details': '[1,2]',
        'langfuse.observation.input': '[{"role": "user", "content": "hi"',
        'gen_ai.retrieval.documents': '{not json',
        'gen_ai.output.messages': 17,
      }),
    );
    assert.deepEqual([g.inputTokens, g.recordedCostUsd, g.promptText, g.retrievalDocuments, g.completionText], [null, null, '[{"role": "user", "content": "hi"', null, null]);
  });
  it('attribute keys named like Object.prototype members are data, not lookups', () => {
    const g = normalizeSpan(
      span({
        'gen_ai.operation.name': 'constructor',
        'openinference.span.kind': 'toString',
        'langfuse.observation.usage_details': '{"__proto__": {"input": 5}, "constructor": 3}',
        'llm.input_messages.0.__proto__': 'x',
        'llm.invocation_parameters': '{"__proto__": {"model": "evil"}}',
      }),
    );
    assert.deepEqual([g.operation, g.requestModel], ['other', null]);
  });
  it('never throws, whatever the values', () => {
    const values: AttrValue[] = [null, '', ' ', 'x', '{', '[', '[]', '{}', '[null]', '[{"role":null}]', 0, -1, 1e308, Number.NaN, true, 10n ** 30n, [], [1, 'a', null], { a: { b: [] } }];
    const keys = [
      'gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.system', 'gen_ai.usage.input_tokens', 'gen_ai.input.messages', 'gen_ai.output.messages',
      'gen_ai.response.finish_reasons', 'gen_ai.retrieval.documents', 'gen_ai.system_instructions', 'openinference.span.kind', 'llm.input_messages.0.message.content',
      'llm.input_messages.0.message.contents.0.message_content.text', 'retrieval.documents.0.document.metadata', 'evaluations.0.evaluation.score',
      'llm.invocation_parameters', 'langfuse.observation.usage_details', 'langfuse.observation.cost_details', 'langfuse.observation.input', 'ai.operationId',
      'ai.prompt', 'ai.response.providerMetadata', 'ai.usage.inputTokens', 'traceloop.span.kind', 'gen_ai.prompt.0.content', 'user.id', 'session.id',
    ];
    for (const v of values) {
      const attributes: Attributes = Object.fromEntries(keys.map((k) => [k, v]));
      const s: SpanInput = span(attributes, {
        statusCode: 2,
        statusMessage: typeof v === 'string' ? v : '',
        resourceAttributes: attributes,
        events: [event('exception', attributes), event('gen_ai.evaluation.result', attributes), event('db.query.result', attributes), event('gen_ai.content.prompt', attributes)],
      });
      assert.doesNotThrow(() => normalizeSpan(s), `value ${String(v)}`);
      const g = normalizeSpan(s);
      for (const n of [g.inputTokens, g.outputTokens, g.temperature, g.recordedCostUsd]) assert.ok(n === null || Number.isFinite(n));
    }
  });
  it('a span missing its maps entirely still normalizes', () => {
    const broken = { ...span({}), attributes: undefined, resourceAttributes: undefined, events: undefined } as unknown as SpanInput;
    assert.equal(normalizeSpan(broken).convention, 'unknown');
  });
});

describe('readers', () => {
  it('toNumber and count', () => {
    assert.deepEqual(['812', ' 7 ', '1e3', '', 'abc', true, null].map((v) => toNumber(v)), [812, 7, 1000, null, null, null, null]);
    assert.deepEqual([count({ a: '12' }, 'a'), count({ a: 1.5, b: 3 }, 'a', 'b'), count({ a: -1 }, 'a')], [12, 3, null]);
  });
  it('indexedList sorts numerically and skips non-numeric indexes', () => {
    const list = indexedList({ 'p.10.x': 'ten', 'p.2.x': 'two', 'p.a.x': 'letter', 'p.1': 'one' }, 'p.');
    assert.deepEqual(list.map((e) => [...e.entries()]), [[['', 'one']], [['x', 'two']], [['x', 'ten']]]);
  });
});

describe('provider names and error types', () => {
  it('normalizeProvider keeps OTel names and maps the small alias table', () => {
    const cases: [string, string][] = [
      ['OpenAI', 'openai'],
      ['xai', 'x_ai'],
      ['mistralai', 'mistral_ai'],
      ['vertexai', 'gcp.vertex_ai'],
      ['google', 'gcp.gen_ai'],
      ['az.ai.inference', 'azure.ai.inference'],
      ['azure', 'azure.ai.openai'],
      ['bedrock', 'aws.bedrock'],
      ['ibm.watsonx.ai', 'ibm.watsonx.ai'],
      ['Ollama', 'ollama'],
    ];
    for (const [raw, expected] of cases) assert.equal(normalizeProvider(raw), expected, raw);
  });
  it('errorTypeFromMessage takes a class-like leading token, else "error"', () => {
    const cases: [string | null, string][] = [
      ['ValueError: bad input', 'ValueError'],
      ['openai.RateLimitError: slow down', 'openai.RateLimitError'],
      ['Error fetching GraphQL query', 'Error'],
      ["RuntimeError('boom')", 'RuntimeError'],
      ['APIConnectionTimeout', 'APIConnectionTimeout'],
      ['ContextWindowExceeded', 'ContextWindowExceeded'],
      ['BadRequest: missing field', 'BadRequest'],
      ['Failed: missing field', 'error'],
      ['429 Too Many Requests', 'error'],
      ['connection refused', 'error'],
      ['', 'error'],
      [null, 'error'],
    ];
    for (const [message, expected] of cases) assert.equal(errorTypeFromMessage(message), expected, String(message));
  });
});
