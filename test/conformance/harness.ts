/**
 * What every capture shares: an OTel SDK 2.x tracer provider with the SDK's DEFAULT span limits
 * (128 attributes per span — the limit real applications run with), an in-memory exporter,
 * AsyncLocalStorage context, OTLP/JSON serialization, and the command-line entry point that starts
 * the mock server, runs one family's capture and writes its JSON Lines file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { context, trace, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { startMockOpenAIServer, type ServedCall } from './mock-openai-server.js';

export interface Tracing {
  provider: BasicTracerProvider;
  exporter: InMemorySpanExporter;
  /** Flushes and returns every finished span, in end order. */
  finish(): Promise<ReadableSpan[]>;
}

export interface TracingOptions {
  /** Processors that run before the exporting one (e.g. a family's attribute propagation). */
  before?: SpanProcessor[];
  /** The processor that exports to the in-memory exporter; default a SimpleSpanProcessor. */
  exportVia?: (exporter: InMemorySpanExporter) => SpanProcessor;
}

/** Sets up the global context manager and tracer provider for one capture process. */
export function startTracing(family: string, options: TracingOptions = {}): Tracing {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': `spanlens-conformance-${family}` }),
    spanProcessors: [...(options.before ?? []), options.exportVia ? options.exportVia(exporter) : new SimpleSpanProcessor(exporter)],
  });
  trace.setGlobalTracerProvider(provider as TracerProvider);
  return {
    provider,
    exporter,
    async finish() {
      await new Promise((r) => setTimeout(r, 50)); // let stream wrappers that end spans after the last chunk settle
      await provider.forceFlush();
      return exporter.getFinishedSpans();
    },
  };
}

/** Returns OTLP/JSON JSON Lines: one ExportTraceServiceRequest per trace, traces in start order. */
export function toJsonLines(spans: ReadableSpan[]): string {
  const byTrace = new Map<string, ReadableSpan[]>();
  const start = (s: ReadableSpan) => s.startTime[0] * 1e9 + s.startTime[1];
  for (const s of [...spans].sort((a, b) => start(a) - start(b))) {
    const id = s.spanContext().traceId;
    byTrace.set(id, [...(byTrace.get(id) ?? []), s]);
  }
  const decoder = new TextDecoder();
  const text = [...byTrace.values()].map((batch) => decoder.decode(JsonTraceSerializer.serializeRequest(batch)!)).join('\n') + '\n';
  // stack traces name this checkout's folder: keep committed captures machine-independent
  return text.split(REPO_ROOT + '/').join('<repo>/');
}

// dist/test/conformance/harness.js → the repository root
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');

/** One family's capture: drives its library against the mock server at baseURL. */
export type CaptureFn = (baseURL: string) => Promise<ReadableSpan[]>;

export interface CaptureResult {
  family: string;
  out: string;
  spans: number;
  traces: number;
  calls: ServedCall[];
}

/** Starts a mock server, runs the capture, writes `out`, stops the server. */
export async function captureToFile(family: string, run: CaptureFn, out: string): Promise<CaptureResult> {
  const server = await startMockOpenAIServer();
  try {
    const spans = await run(server.url);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, toJsonLines(spans));
    return { family, out, spans: spans.length, traces: new Set(spans.map((s) => s.spanContext().traceId)).size, calls: server.calls };
  } finally {
    await server.close();
  }
}

/** The repository's test/conformance/otlp folder (from src or dist). */
export const COMMITTED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', ...(import.meta.url.includes('/dist/') ? ['..'] : []), 'test', 'conformance', 'otlp');

/** When the module at `moduleUrl` is the process's entry point: capture to `--out` (default: the committed file) and print the result as JSON. */
export function runAsMain(moduleUrl: string, family: string, run: CaptureFn): void {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  const i = process.argv.indexOf('--out');
  const out = i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]!) : path.join(COMMITTED_DIR, `${family}.jsonl`);
  captureToFile(family, run, out).then(
    (result) => {
      process.stdout.write(JSON.stringify(result) + '\n');
      process.exit(0); // instrumentations may keep timers alive
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
