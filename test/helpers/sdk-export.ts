/**
 * Small exports made with the real OpenTelemetry SDK for end-to-end tests: a few turns of a chat,
 * serialized by @opentelemetry/otlp-transformer and written in each container the Collector uses.
 */
import { gzipSync } from 'node:zlib';
import { context, trace, type Attributes } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { compress, init } from '@bokuweb/zstd-wasm';

export interface TurnSpec {
  session: string;
  user: string;
  start: number; // unix seconds
  input: number;
  output: number;
  cached: number;
  failLlm?: boolean;
  /** Root span name (default chat_turn) and session type (default support). */
  rootName?: string;
  sessionType?: string;
}

/** Returns finished SDK spans: per turn a root and one OTel-GenAI chat span. */
export function chatTurns(turns: TurnSpec[]): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('spanlens-e2e', '1.0.0');
  for (const t of turns) {
    const root = tracer.startSpan(t.rootName ?? 'chat_turn', { attributes: { 'session.id': t.session, 'user.id': t.user, 'session.type': t.sessionType ?? 'support' }, startTime: [t.start, 0] });
    const attrs: Attributes = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.input_tokens': t.input,
      'gen_ai.usage.output_tokens': t.output,
      'gen_ai.usage.cache_read.input_tokens': t.cached,
    };
    const llm = tracer.startSpan('chat gpt-4o', { kind: 2, attributes: attrs, startTime: [t.start, 1_000_000] }, trace.setSpan(context.active(), root));
    if (t.failLlm) {
      llm.recordException({ name: 'RateLimitError', message: '429' });
      llm.setStatus({ code: 2, message: '429 Too Many Requests' });
    }
    llm.end([t.start + 1, 0]);
    root.end([t.start + 2, 0]);
  }
  return exporter.getFinishedSpans();
}

/** Returns one OTLP/JSON request line. */
export function jsonRequest(spans: ReadableSpan[]): string {
  return new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!);
}

/** Returns one OTLP protobuf request. */
export function protoRequest(spans: ReadableSpan[]): Buffer {
  return Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
}

/** Returns messages framed the way the Collector file exporter frames them (4-byte big-endian length). */
export function frame(messages: Uint8Array[]): Buffer {
  return Buffer.concat(
    messages.flatMap((m) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(m.length);
      return [len, Buffer.from(m)];
    }),
  );
}

let zstdReady: Promise<void> | null = null;

/** Returns zstd-compressed bytes (one frame). */
export async function zstd(bytes: Uint8Array): Promise<Buffer> {
  zstdReady ??= init();
  await zstdReady;
  return Buffer.from(compress(Buffer.from(bytes), 3));
}

/** Returns gzip-compressed bytes. */
export function gzip(bytes: Uint8Array | string): Buffer {
  return gzipSync(bytes);
}
