/**
 * Langfuse: the `openai` client wrapped by @langfuse/openai's observeOpenAI (a generation
 * observation per call, written by @langfuse/tracing), each turn an `agent` observation and the
 * tool a `tool` observation (startActiveObservation), session and user set with
 * propagateAttributes — all exported through @langfuse/otel's LangfuseSpanProcessor, as a Langfuse
 * app does (it is the processor that copies propagated session/user onto child observations, and
 * its default filter decides which spans leave the process), with the in-memory exporter in place
 * of the Langfuse OTLP endpoint.
 */
import OpenAI from 'openai';
import { observeOpenAI } from '@langfuse/openai';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { propagateAttributes, setLangfuseTracerProvider, startActiveObservation } from '@langfuse/tracing';
import { runAsMain, startTracing, type CaptureFn } from './harness.js';
import { AGENT_NAME, SESSION_ID, USER_ID, runOpenAIScenario } from './scenario.js';

export const FAMILY = 'langfuse';

export const capture: CaptureFn = async (baseURL) => {
  const tracing = startTracing(FAMILY, {
    exportVia: (exporter) =>
      new LangfuseSpanProcessor({ exporter, publicKey: 'pk-lf-mock', secretKey: 'sk-lf-mock', baseUrl: 'http://127.0.0.1:9', flushAt: 1, mediaUploadEnabled: false }),
  });
  setLangfuseTracerProvider(tracing.provider);
  const client = observeOpenAI(new OpenAI({ baseURL, apiKey: 'sk-mock', maxRetries: 0 }));
  await runOpenAIScenario(client, {
    turn: (name, fn) =>
      startActiveObservation(
        `${AGENT_NAME}.${name}`,
        (agent) =>
          propagateAttributes({ sessionId: SESSION_ID, userId: USER_ID, traceName: AGENT_NAME }, async () => {
            const result = await fn();
            agent.update({ output: result ?? null });
            return result;
          }),
        { asType: 'agent' },
      ),
    tool: (name, callId, args, fn) =>
      startActiveObservation(
        name,
        async (tool) => {
          tool.update({ input: JSON.parse(args) as unknown, metadata: { tool_call_id: callId } });
          const result = fn();
          tool.update({ output: result });
          return result;
        },
        { asType: 'tool' },
      ),
  });
  return tracing.finish();
};

runAsMain(import.meta.url, FAMILY, capture);
