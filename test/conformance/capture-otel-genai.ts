/**
 * OTel GenAI: @opentelemetry/instrumentation-openai patched onto the ESM `openai` module by hand
 * (its module definition's patch accepts an ESM namespace). The instrumentation writes only the
 * chat and embeddings client spans; the turn and tool spans are the app's, written as the GenAI
 * semantic conventions say: `invoke_agent {agent}` with gen_ai.conversation.id (the session) and
 * user.id, and `execute_tool {tool}` with gen_ai.tool.name / gen_ai.tool.call.id.
 */
import { metrics, SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import OpenAI from 'openai';
import * as openaiModule from 'openai';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { runAsMain, startTracing, type CaptureFn } from './harness.js';
import { AGENT_NAME, SESSION_ID, USER_ID, runOpenAIScenario } from './scenario.js';

export const FAMILY = 'otel-genai';

function failed(span: Span, err: unknown): never {
  const e = err as Error;
  span.recordException(e);
  span.setAttribute('error.type', e.constructor.name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
  throw err;
}

export const capture: CaptureFn = async (baseURL) => {
  const tracing = startTracing(FAMILY);
  const instrumentation = new OpenAIInstrumentation({ captureMessageContent: true });
  instrumentation.setTracerProvider(tracing.provider);
  // as registerInstrumentations() does; without a meter provider set after construction the
  // instrument fields are undefined and the stream wrapper throws on the usage chunk
  instrumentation.setMeterProvider(metrics.getMeterProvider());
  for (const definition of instrumentation.getModuleDefinitions()) definition.patch?.(openaiModule, '6.49.0');
  const tracer = tracing.provider.getTracer('spanlens-conformance-app');
  const client = new OpenAI({ baseURL, apiKey: 'sk-mock', maxRetries: 0 });
  try {
    await runOpenAIScenario(client, {
      turn: (name, fn) =>
        tracer.startActiveSpan(
          `invoke_agent ${AGENT_NAME}`,
          {
            kind: SpanKind.INTERNAL,
            attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.provider.name': 'openai', 'gen_ai.agent.name': AGENT_NAME, 'gen_ai.conversation.id': SESSION_ID, 'user.id': USER_ID, 'app.turn': name },
          },
          (span) => fn().catch((err: unknown) => failed(span, err)).finally(() => span.end()),
        ),
      tool: (name, callId, args, fn) =>
        tracer.startActiveSpan(
          `execute_tool ${name}`,
          { kind: SpanKind.INTERNAL, attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name, 'gen_ai.tool.call.id': callId, 'gen_ai.tool.type': 'function', 'gen_ai.tool.call.arguments': args } },
          async (span) => {
            try {
              const result = fn();
              span.setAttribute('gen_ai.tool.call.result', JSON.stringify(result));
              return result;
            } finally {
              span.end();
            }
          },
        ),
    });
  } finally {
    instrumentation.disable();
  }
  return tracing.finish();
};

runAsMain(import.meta.url, FAMILY, capture);
