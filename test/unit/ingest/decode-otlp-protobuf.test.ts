import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { decodeTracesProtobuf } from '../../../src/ingest/decode-otlp-protobuf.js';
import { parseJsonLossless } from '../../../src/ingest/decode-otlp-json.js';
import { flattenTracesData } from '../../../src/ingest/flatten-resource-spans.js';
import { exportTraceServiceRequestType } from '../../../src/ingest/otlp-proto-schema.js';
import { looksLengthPrefixed, splitFrames } from '../../../src/ingest/read-frames.js';
import type { IngestIssue } from '../../../src/ingest/ingest-issue.js';

function sdkSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('spanlens-test', '1.0.0');
  const root = tracer.startSpan('chat gpt-4o', {
    kind: 2,
    startTime: [1760000000, 123456789],
    attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 812, 'gen_ai.request.temperature': 0.2, tags: ['a', 'b'], streamed: true },
  });
  root.addEvent('gen_ai.evaluation.result', { 'gen_ai.evaluation.score.value': 0.75 }, [1760000000, 500000000]);
  root.setStatus({ code: 2, message: 'upstream 500' });
  root.end([1760000001, 999]);
  return exporter.getFinishedSpans();
}

function flat(message: unknown) {
  const issues: IngestIssue[] = [];
  const spans = flattenTracesData(message, { maxValueLength: 1e6 }, null, issues);
  assert.deepEqual(issues, []);
  return spans;
}

describe('decodeTracesProtobuf', () => {
  it('gives exactly the spans the JSON serialization of the same SDK spans gives', () => {
    const spans = sdkSpans();
    const fromProto = flat(decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!));
    const fromJson = flat(parseJsonLossless(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!)));
    assert.deepEqual(fromProto, fromJson);
    assert.equal(fromProto[0]!.startTimeUnixNano, 1760000000123456789n);
    assert.equal(fromProto[0]!.statusCode, 2);
    assert.equal(fromProto[0]!.events[0]!.attributes['gen_ai.evaluation.score.value'], 0.75);
  });

  it('keeps int64 beyond 2^53, bytes, nested kvlists and links', () => {
    const Type = exportTraceServiceRequestType();
    const bytes = Type.encode(
      Type.fromObject({
        resource_spans: [
          {
            scope_spans: [
              {
                spans: [
                  {
                    trace_id: Buffer.from('5b8efff798038103d269b633813fc60c', 'hex'),
                    span_id: Buffer.from('eee19b7ec3c1b174', 'hex'),
                    name: 'x',
                    start_time_unix_nano: '1760000000000000001',
                    attributes: [
                      { key: 'big', value: { int_value: '9007199254740993' } },
                      { key: 'neg', value: { int_value: '-5' } },
                      { key: 'raw', value: { bytes_value: Buffer.from([1, 2, 3]) } },
                      { key: 'kv', value: { kvlist_value: { values: [{ key: 'inner', value: { string_value: 'v' } }] } } },
                    ],
                    links: [{ trace_id: Buffer.from('aa'.repeat(16), 'hex'), span_id: Buffer.from('bb'.repeat(8), 'hex') }],
                  },
                ],
              },
            ],
          },
        ],
      }),
    ).finish();
    const [s] = flat(decodeTracesProtobuf(bytes));
    assert.equal(s!.startTimeUnixNano, 1760000000000000001n);
    assert.equal(s!.attributes.big, 9007199254740993n);
    assert.equal(s!.attributes.neg, -5);
    assert.equal(s!.attributes.raw, 'AQID');
    assert.deepEqual(s!.attributes.kv, { inner: 'v' });
    assert.equal(s!.links[0]!.traceId, 'aa'.repeat(16));
  });

  it('throws on garbage and on a truncated message', () => {
    const good = ProtobufTraceSerializer.serializeRequest(sdkSpans())!;
    assert.throws(() => decodeTracesProtobuf(good.subarray(0, good.length - 7)));
    assert.throws(() => decodeTracesProtobuf(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 1, 2])));
  });
});

describe('Collector length framing', () => {
  it('splits frames and reports a truncated tail at its offset', () => {
    const msg = ProtobufTraceSerializer.serializeRequest(sdkSpans())!;
    const frame = (b: Uint8Array) => Buffer.concat([Buffer.from([b.length >>> 24, (b.length >>> 16) & 255, (b.length >>> 8) & 255, b.length & 255]), b]);
    const file = Buffer.concat([frame(msg), frame(msg), frame(msg).subarray(0, 20)]);
    assert.equal(looksLengthPrefixed(file), true);
    assert.equal(looksLengthPrefixed(msg), false, 'a bare request is not framed');
    const { frames, error } = splitFrames(file);
    assert.equal(frames.length, 2);
    assert.equal(error?.offset, 2 * (msg.length + 4));
  });
});
