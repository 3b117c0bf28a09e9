/**
 * Vercel AI SDK: the `ai` package's own telemetry (experimental_telemetry), with the
 * @ai-sdk/openai provider's chat-completions model pointed at the mock server (the `openai` client
 * is not involved: the provider speaks HTTP itself). Session and user go where the AI SDK docs put
 * them, experimental_telemetry.metadata.{sessionId,userId}. The same five turns as scenario.ts:
 * generateText with a tool and two steps, embed + generateText, streamText, a long history, and a
 * generateText the server fails with 429. Each call is its own trace (the SDK makes the root span).
 */
import { createOpenAI } from '@ai-sdk/openai';
import { embed, generateText, jsonSchema, stepCountIs, streamText, tool, type ModelMessage, type TelemetrySettings } from 'ai';
import { runAsMain, startTracing, type CaptureFn } from './harness.js';
import { AGENT_NAME, CHAT_MODEL, EMBEDDING_MODEL, SESSION_ID, SYSTEM_PROMPT, TOOL_NAME, USER_ID, USER_MESSAGES, WEATHER_TOOL, getWeather, paddingMessages } from './scenario.js';

export const FAMILY = 'vercel-ai';

export const capture: CaptureFn = async (baseURL) => {
  const tracing = startTracing(FAMILY);
  const openai = createOpenAI({ baseURL, apiKey: 'sk-mock' });
  const model = openai.chat(CHAT_MODEL);
  const telemetry = (turn: string): TelemetrySettings => ({
    isEnabled: true,
    functionId: `${AGENT_NAME}.${turn}`,
    metadata: { sessionId: SESSION_ID, userId: USER_ID },
    tracer: tracing.provider.getTracer('ai'),
  });
  const history: ModelMessage[] = [];

  // 1 weather: tool call, tool execution, answer (two steps)
  history.push({ role: 'user', content: USER_MESSAGES.weather });
  const weather = await generateText({
    model,
    system: SYSTEM_PROMPT,
    messages: history,
    temperature: 0,
    maxRetries: 0,
    tools: {
      [TOOL_NAME]: tool({
        description: WEATHER_TOOL.function.description,
        inputSchema: jsonSchema<{ city: string }>(WEATHER_TOOL.function.parameters as Parameters<typeof jsonSchema>[0]),
        execute: async (args) => getWeather(args),
      }),
    },
    stopWhen: stepCountIs(3),
    experimental_telemetry: telemetry('weather'),
  });
  history.push(...weather.response.messages);

  // 2 summary: an embedding, then a chat with cached and reasoning tokens
  await embed({ model: openai.embedding(EMBEDDING_MODEL), value: USER_MESSAGES.embed, maxRetries: 0, experimental_telemetry: telemetry('summary') });
  history.push({ role: 'user', content: USER_MESSAGES.summary });
  const summary = await generateText({ model, system: SYSTEM_PROMPT, messages: history, maxRetries: 0, experimental_telemetry: telemetry('summary') });
  history.push(...summary.response.messages);

  // 3 packing: streamed
  history.push({ role: 'user', content: USER_MESSAGES.packing });
  const packing = streamText({ model, system: SYSTEM_PROMPT, messages: history, maxRetries: 0, experimental_telemetry: telemetry('packing') });
  let text = '';
  for await (const piece of packing.textStream) text += piece;
  history.push({ role: 'assistant', content: text });

  // 4 recap: long history
  const padding = paddingMessages().map((m) => ({ role: m.role, content: m.content }) as ModelMessage);
  await generateText({ model, system: SYSTEM_PROMPT, messages: [...padding, ...history, { role: 'user', content: USER_MESSAGES.recap }], maxRetries: 0, experimental_telemetry: telemetry('recap') });

  // 5 failure: HTTP 429
  try {
    await generateText({ model, system: SYSTEM_PROMPT, messages: [...history, { role: 'user', content: USER_MESSAGES.failure }], maxRetries: 0, experimental_telemetry: telemetry('failure') });
  } catch {
    // expected: the span records it
  }
  return tracing.finish();
};

runAsMain(import.meta.url, FAMILY, capture);
