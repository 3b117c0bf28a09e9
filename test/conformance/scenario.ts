/**
 * The scripted conversation every capture runs, one trace per turn, with the real `openai` client
 * (the Vercel capture runs the same turns through the `ai` SDK instead):
 *
 *  1 weather   chat with a tool → tool_calls; the app runs get_weather; chat with the tool result → text
 *  2 summary   one embeddings call, then a chat whose usage has cached and reasoning tokens
 *  3 packing   a streamed chat (stream_options.include_usage) → text and a final usage chunk
 *  4 recap     a chat with a long history (LONG_HISTORY_PADDING earlier messages): past the SDK's
 *              default 128-attribute limit for families that flatten messages into attributes
 *  5 failure   a chat the server answers with HTTP 429 (the client does not retry); the error
 *              leaves the turn, so a turn span the family makes ends in error
 *
 * Each family says how it marks the session and user (FamilyHooks.turn) and whether it has a tool span.
 */
import type OpenAI from 'openai';
import { CACHED_MARKER } from './mock-openai-server.js';

export const SESSION_ID = 'conv-7f3a9c';
export const USER_ID = 'user-42';
export const CHAT_MODEL = 'gpt-4o-mini';
export const EMBEDDING_MODEL = 'text-embedding-3-small';
export const TOOL_NAME = 'get_weather';
export const AGENT_NAME = 'trip-assistant';
export const LONG_HISTORY_PADDING = 64;

export const SYSTEM_PROMPT = 'You are a concise travel assistant.';
export const USER_MESSAGES = {
  weather: 'What is the weather in Paris right now?',
  summary: `${CACHED_MARKER} Summarize our conversation so far.`,
  embed: 'Paris weather conversation summary',
  packing: 'Anything else I should pack?',
  recap: 'Is that everything we discussed?',
  failure: '[[fail:429]] One more question: what about Lyon?',
} as const;

export const TURNS = ['weather', 'summary', 'packing', 'recap', 'failure'] as const;
export type TurnName = (typeof TURNS)[number];

export const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: TOOL_NAME,
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  },
};

/** What the app's tool returns. */
export function getWeather(args: { city: string }): { city: string; temperature_c: number; sky: string } {
  return { city: args.city, temperature_c: 18, sky: 'sunny' };
}

/** Earlier messages replayed in the recap turn. */
export function paddingMessages(n = LONG_HISTORY_PADDING): OpenAI.ChatCompletionMessageParam[] {
  return Array.from({ length: n }, (_, i) =>
    i % 2 === 0 ? { role: 'user' as const, content: `Earlier question ${i / 2 + 1} about the trip.` } : { role: 'assistant' as const, content: `Earlier answer ${(i + 1) / 2}.` },
  );
}

export interface FamilyHooks {
  /** Runs one user turn, marking session and user the family's way (and its root span, if any). */
  turn<T>(name: TurnName, fn: () => Promise<T>): Promise<T>;
  /** Runs the app's tool, inside the family's tool span if it has one. */
  tool<T>(name: string, callId: string, args: string, fn: () => T): Promise<T>;
}

export interface ScenarioLog {
  completions: string[];
  error: { name: string; status: number | undefined } | null;
}

/** Runs the five turns with `client` (already instrumented, or wrapped by the family). */
export async function runOpenAIScenario(client: OpenAI, hooks: FamilyHooks): Promise<ScenarioLog> {
  const log: ScenarioLog = { completions: [], error: null };
  const history: OpenAI.ChatCompletionMessageParam[] = [{ role: 'system', content: SYSTEM_PROMPT }];

  await hooks.turn('weather', async () => {
    history.push({ role: 'user', content: USER_MESSAGES.weather });
    const first = await client.chat.completions.create({ model: CHAT_MODEL, messages: history, tools: [WEATHER_TOOL], temperature: 0 });
    const message = first.choices[0]!.message;
    history.push(message);
    for (const call of message.tool_calls ?? []) {
      if (call.type !== 'function') continue;
      const result = await hooks.tool(call.function.name, call.id, call.function.arguments, () => getWeather(JSON.parse(call.function.arguments) as { city: string }));
      history.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
    }
    const second = await client.chat.completions.create({ model: CHAT_MODEL, messages: history, tools: [WEATHER_TOOL], temperature: 0 });
    history.push(second.choices[0]!.message);
    log.completions.push(second.choices[0]!.message.content ?? '');
  });

  await hooks.turn('summary', async () => {
    await client.embeddings.create({ model: EMBEDDING_MODEL, input: USER_MESSAGES.embed });
    history.push({ role: 'user', content: USER_MESSAGES.summary });
    const r = await client.chat.completions.create({ model: CHAT_MODEL, messages: history });
    history.push(r.choices[0]!.message);
    log.completions.push(r.choices[0]!.message.content ?? '');
  });

  await hooks.turn('packing', async () => {
    history.push({ role: 'user', content: USER_MESSAGES.packing });
    const stream = await client.chat.completions.create({ model: CHAT_MODEL, messages: history, stream: true, stream_options: { include_usage: true } });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    history.push({ role: 'assistant', content: text });
    log.completions.push(text);
  });

  await hooks.turn('recap', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [history[0]!, ...paddingMessages(), ...history.slice(1), { role: 'user', content: USER_MESSAGES.recap }];
    const r = await client.chat.completions.create({ model: CHAT_MODEL, messages });
    log.completions.push(r.choices[0]!.message.content ?? '');
  });

  // the error leaves the turn, as in an app whose turn fails: the family's turn span sees it
  try {
    await hooks.turn('failure', async () => {
      await client.chat.completions.create({ model: CHAT_MODEL, messages: [...history, { role: 'user', content: USER_MESSAGES.failure }] });
    });
  } catch (err) {
    const e = err as { constructor: { name: string }; status?: number };
    log.error = { name: e.constructor.name, status: e.status };
  }
  return log;
}
