import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectConvention } from '../../../src/normalize/detect-convention.js';
import type { Attributes } from '../../../src/normalize/span-input.js';
import { event, span } from './make-span.js';

const detect = (attributes: Attributes, scopeName = '') => detectConvention(span(attributes, { scopeName }));

describe('detectConvention: one family per span, by the documented precedence', () => {
  it('each family on its own', () => {
    assert.equal(detect({ 'gen_ai.operation.name': 'chat' }), 'otel_genai');
    assert.equal(detect({ 'openinference.span.kind': 'LLM' }), 'openinference');
    assert.equal(detect({ 'traceloop.span.kind': 'workflow' }), 'openllmetry');
    assert.equal(detect({ 'langfuse.observation.type': 'generation' }), 'langfuse');
    assert.equal(detect({ 'ai.operationId': 'ai.generateText' }), 'vercel_ai');
    assert.equal(detect({ 'http.method': 'GET' }), 'unknown');
  });
  it('mixed spans get the more specific family', () => {
    assert.equal(detect({ 'gen_ai.usage.input_tokens': 39, 'llm.token_count.prompt': 39 }), 'openinference', 'Google ADK');
    assert.equal(detect({ 'ai.operationId': 'ai.generateText.doGenerate', 'gen_ai.system': 'openai.chat', 'gen_ai.usage.input_tokens': 5 }), 'vercel_ai', 'Vercel call span');
    assert.equal(detect({ 'llm.request.type': 'chat', 'gen_ai.usage.input_tokens': 5 }), 'openllmetry', 'OpenLLMetry v0.48+');
    assert.equal(detect({ 'gen_ai.prompt.0.content': 'hi', 'gen_ai.system': 'OpenAI' }), 'openllmetry', 'OpenLLMetry flattened messages');
    assert.equal(detect({ 'langfuse.observation.type': 'generation', 'gen_ai.request.model': 'gpt-4o', 'llm.token_count.prompt': 3 }), 'langfuse', 'Langfuse SDK span');
    assert.equal(detect({ 'gen_ai.operation.name': 'chat', 'ai.settings.context.sessionId': 's' }), 'vercel_ai', 'Vercel v7 with runtime context');
  });
  it('identity-only markers decide only when nothing else does', () => {
    assert.equal(detect({ 'langfuse.trace.metadata.langfuse_session_id': 's' }), 'langfuse');
    assert.equal(detect({ 'traceloop.association.properties.session_id': 's' }), 'openllmetry');
    assert.equal(detect({ 'traceloop.association.properties.session_id': 's', 'gen_ai.operation.name': 'chat' }), 'otel_genai');
  });
  it('instrumentation scope names', () => {
    assert.equal(detect({}, 'openinference.instrumentation.openai_agents'), 'openinference');
    assert.equal(detect({}, 'ai'), 'vercel_ai');
    assert.equal(detect({}, 'langfuse-sdk'), 'langfuse');
    assert.equal(detect({ 'traceloop.association.properties.session_id': 's' }, '@traceloop/node-server-sdk'), 'openllmetry');
    assert.equal(detect({}, '@arizeai/openinference-instrumentation-openai'), 'openinference');
  });
  it('GenAI span events alone mark OTel GenAI', () => {
    assert.equal(detectConvention(span({}, { events: [event('gen_ai.content.prompt', { 'gen_ai.prompt': '[]' })] })), 'otel_genai');
  });
});
