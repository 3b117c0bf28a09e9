/**
 * OpenInference: @arizeai/openinference-instrumentation-openai patched onto the ESM `openai` module
 * by hand (manuallyInstrument), session and user set the OpenInference way — setSession/setUser on
 * the context, which its tracer copies onto every span it starts — each turn an AGENT span
 * (traceAgent) and the tool a TOOL span (traceTool) from @arizeai/openinference-core.
 */
import { context } from '@opentelemetry/api';
import OpenAI from 'openai';
import * as openaiModule from 'openai';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { setSession, setUser, traceAgent, traceTool } from '@arizeai/openinference-core';
import { runAsMain, startTracing, type CaptureFn } from './harness.js';
import { AGENT_NAME, SESSION_ID, USER_ID, runOpenAIScenario } from './scenario.js';

export const FAMILY = 'openinference';

export const capture: CaptureFn = async (baseURL) => {
  const tracing = startTracing(FAMILY);
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(tracing.provider);
  instrumentation.manuallyInstrument(openaiModule as unknown as Parameters<typeof instrumentation.manuallyInstrument>[0]);
  const tracer = tracing.provider.getTracer('spanlens-conformance-app');
  const client = new OpenAI({ baseURL, apiKey: 'sk-mock', maxRetries: 0 });
  try {
    await runOpenAIScenario(client, {
      turn: (name, fn) => {
        const ctx = setUser(setSession(context.active(), { sessionId: SESSION_ID }), { userId: USER_ID });
        return context.with(ctx, traceAgent(fn, { name: `${AGENT_NAME}.${name}`, tracer }));
      },
      tool: (name, callId, args, fn) =>
        Promise.resolve(traceTool((_args: string) => fn(), { name, tracer, attributes: { 'tool.name': name, 'tool.id': callId } })(args)),
    });
  } finally {
    instrumentation.disable();
  }
  return tracing.finish();
};

runAsMain(import.meta.url, FAMILY, capture);
