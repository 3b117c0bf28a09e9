/**
 * A tiny OpenAI-compatible HTTP server on 127.0.0.1 for the conformance captures. Deterministic:
 * the same request gets the same answer, with usage taken from the fixed table USAGE by the kind of
 * request (see requestKind), so tests know exactly what every model call cost.
 *
 * POST /v1/chat/completions  non-streaming, and `stream: true` as SSE (with a final usage chunk
 *                            when `stream_options.include_usage` is true, as OpenAI does)
 * POST /v1/embeddings        float or base64 (the openai client asks for base64 by default)
 *
 * Magic words in the last user message: `[[fail:429]]` and `[[fail:500]]` answer with that HTTP
 * error in OpenAI's error shape (and `x-should-retry: false`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Dated snapshot the API reports for each requested alias. */
export const RESPONSE_MODELS: Record<string, string> = {
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'text-embedding-3-small': 'text-embedding-3-small',
};

export type RequestKind = 'tool_call' | 'tool_result' | 'long_history' | 'cached' | 'plain';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
}

function usage(prompt: number, completion: number, cached: number, reasoning: number): Usage {
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, cached_tokens: cached, reasoning_tokens: reasoning };
}

/** Usage of each kind of chat request; prompt_tokens includes cached_tokens, completion_tokens includes reasoning_tokens (OpenAI's semantics). */
export const USAGE: Record<RequestKind, Usage> = {
  tool_call: usage(120, 18, 0, 0),
  tool_result: usage(165, 14, 0, 0),
  long_history: usage(9000, 30, 8192, 0),
  cached: usage(2048, 42, 1536, 16),
  plain: usage(220, 25, 0, 0),
};

export const EMBEDDING_USAGE = { prompt_tokens: 8, total_tokens: 8 };
export const EMBEDDING_DIMENSIONS = 8;

/** A conversation this long (messages) is a long_history request. */
export const LONG_HISTORY_MESSAGES = 40;
export const CACHED_MARKER = '[[cached]]';
export const TOOL_CALL_ID = 'call_weather_1';
export const TOOL_ARGUMENTS = '{"city":"Paris"}';

export const COMPLETIONS: Record<Exclude<RequestKind, 'tool_call'>, string> = {
  tool_result: 'It is 18°C and sunny in Paris.',
  long_history: 'Yes, that is everything we discussed.',
  cached: 'You asked about the weather in Paris; it is sunny.',
  plain: 'Pack a light jacket for the evening.',
};

interface ChatMessage {
  role: string;
  content?: unknown;
}

interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: { type: string; function: { name: string } }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

/** Served calls, in order, for tests that compare spans with what really happened. */
export interface ServedCall {
  path: string;
  model: string;
  kind: RequestKind | 'embeddings' | 'error';
  stream: boolean;
  status: number;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text) : '')).join('');
  return '';
}

/** Returns which usage row a chat request gets: a tool result last first, then tools, then length, then the cache marker in the last message. */
export function requestKind(body: ChatRequest): RequestKind {
  const last = body.messages[body.messages.length - 1];
  if (last?.role === 'tool') return 'tool_result';
  if (body.tools && body.tools.length > 0) return 'tool_call';
  if (body.messages.length >= LONG_HISTORY_MESSAGES) return 'long_history';
  if (last && textOf(last.content).includes(CACHED_MARKER)) return 'cached';
  return 'plain';
}

function failureStatus(body: { messages?: ChatMessage[]; input?: unknown }): number | null {
  const users = (body.messages ?? []).filter((m) => m.role === 'user');
  const text = users.length ? textOf(users[users.length - 1]!.content) : JSON.stringify(body.input ?? '');
  const m = /\[\[fail:(\d{3})\]\]/.exec(text);
  return m ? Number(m[1]) : null;
}

const ERRORS: Record<number, { message: string; type: string; code: string | null }> = {
  429: { message: 'Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
};

function openAiUsage(u: Usage) {
  return {
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: u.total_tokens,
    prompt_tokens_details: { cached_tokens: u.cached_tokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoning_tokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

const CREATED = 1767225600; // 2026-01-01T00:00:00Z

/** A running mock server. */
export interface MockOpenAIServer {
  url: string; // base URL for the openai client, e.g. http://127.0.0.1:PORT/v1
  calls: ServedCall[];
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 and an ephemeral port. */
export async function startMockOpenAIServer(): Promise<MockOpenAIServer> {
  const calls: ServedCall[] = [];
  let seq = 0;
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err), type: 'mock_error', param: null, code: null } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = (req.url ?? '').split('?')[0]!;
    if (req.method !== 'POST') return sendJson(res, 405, { error: { message: 'POST only', type: 'invalid_request_error', param: null, code: null } });
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const id = ++seq;
    const fail = failureStatus(body as { messages?: ChatMessage[] });
    if (fail !== null) {
      calls.push({ path, model: String(body.model), kind: 'error', stream: body.stream === true, status: fail });
      const e = ERRORS[fail] ?? { message: `mock failure ${fail}`, type: 'server_error', code: null };
      res.setHeader('x-should-retry', 'false');
      return sendJson(res, fail, { error: { ...e, param: null } });
    }
    if (path.endsWith('/chat/completions')) return chat(body as unknown as ChatRequest, id, path, res);
    if (path.endsWith('/embeddings')) return embeddings(body, path, res);
    sendJson(res, 404, { error: { message: `Unknown path ${path}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } });
  }

  function chat(body: ChatRequest, n: number, path: string, res: ServerResponse): void {
    const kind = requestKind(body);
    const stream = body.stream === true;
    calls.push({ path, model: body.model, kind, stream, status: 200 });
    const model = RESPONSE_MODELS[body.model] ?? body.model;
    const u = USAGE[kind];
    const id = `chatcmpl-mock${String(n).padStart(4, '0')}`;
    const toolName = body.tools?.[0]?.function.name ?? 'get_weather';
    const toolCall = { id: TOOL_CALL_ID, type: 'function', function: { name: toolName, arguments: TOOL_ARGUMENTS } };
    const content = kind === 'tool_call' ? null : COMPLETIONS[kind];
    const finish = kind === 'tool_call' ? 'tool_calls' : 'stop';
    const base = { id, created: CREATED, model, system_fingerprint: 'fp_mock', service_tier: 'default' };
    if (!stream) {
      const message = kind === 'tool_call' ? { role: 'assistant', content: null, tool_calls: [toolCall], refusal: null, annotations: [] } : { role: 'assistant', content, refusal: null, annotations: [] };
      return sendJson(res, 200, { ...base, object: 'chat.completion', choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage: openAiUsage(u) });
    }
    const includeUsage = body.stream_options?.include_usage === true;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...(includeUsage ? { usage: null } : {}), ...extra })}\n\n`);
    if (kind === 'tool_call') {
      send([{ index: 0, delta: { role: 'assistant', content: null, tool_calls: [{ index: 0, ...toolCall, function: { name: toolName, arguments: '' } }] }, logprobs: null, finish_reason: null }]);
      send([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: TOOL_ARGUMENTS } }] }, logprobs: null, finish_reason: null }]);
    } else {
      send([{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }]);
      for (const piece of content!.match(/\S+\s*/g) ?? []) send([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]);
    }
    send([{ index: 0, delta: {}, logprobs: null, finish_reason: finish }]);
    if (includeUsage) send([], { usage: openAiUsage(u) });
    res.end('data: [DONE]\n\n');
  }

  function embeddings(body: Record<string, unknown>, path: string, res: ServerResponse): void {
    const model = String(body.model);
    calls.push({ path, model, kind: 'embeddings', stream: false, status: 200 });
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const data = inputs.map((_, index) => {
      const vector = Array.from({ length: EMBEDDING_DIMENSIONS }, (_, i) => Math.round(((index + 1) * (i + 1)) / 10 * 1000) / 1000);
      const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    });
    sendJson(res, 200, { object: 'list', data, model: RESPONSE_MODELS[model] ?? model, usage: EMBEDDING_USAGE });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-request-id': 'req_mock' });
  res.end(text);
}
