import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeForeignMessage, isTracesRequest } from '../../../src/ingest/describe-foreign-message.js';
import { flattenTracesData } from '../../../src/ingest/flatten-resource-spans.js';
import type { IngestIssue } from '../../../src/ingest/ingest-issue.js';

const limits = { maxValueLength: 1 << 20 };

describe('describeForeignMessage', () => {
  it('takes resourceSpans in either spelling, and {} (an empty request), as OTLP traces', () => {
    assert.equal(isTracesRequest({ resourceSpans: [] }), true);
    assert.equal(isTracesRequest({ resource_spans: [] }), true);
    assert.equal(isTracesRequest({}), true);
    assert.equal(isTracesRequest({ resourceLogs: [] }), false);
  });

  it('names the shapes found in real files (CONVENTIONS.md §6) and OTLP signals other than traces', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ resourceLogs: [] }, /^an OTLP logs request/],
      [{ resource_metrics: [] }, /^an OTLP metrics request/],
      [{ trace: { id: 'x' }, observations: [], scores: [] }, /^a Langfuse trace download/],
      [{ name: 'a', spanContext: { traceId: 't', spanId: 's' }, attributes: {} }, /^a span object of the OpenTelemetry JavaScript SDK/],
      [{ name: 'a', context: { trace_id: 't', span_id: 's' }, span_kind: 'LLM', start_time: '2026-01-01' }, /^a Phoenix\/OpenInference span/],
      [{ 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': 3, input: '' }, /^an attribute map \("gen_ai\.request\.model", "gen_ai\.usage\.input_tokens", "input"\)/],
      [{ foo: 1, bar: 2 }, /^a JSON object without "resourceSpans" \(keys "foo", "bar"\)/],
    ];
    for (const [message, expected] of cases) {
      assert.match(describeForeignMessage(message), expected);
      assert.match(describeForeignMessage(message), /spanlens reads OTLP trace exports/);
    }
  });

  it('names a value that is not an object at all', () => {
    assert.equal(isTracesRequest(7), false);
    assert.equal(isTracesRequest(null), false);
    assert.equal(isTracesRequest([{ resourceSpans: [] }]), false);
    assert.match(describeForeignMessage(7), /^a number where an OTLP traces request \(a JSON object with "resourceSpans"\) belongs/);
    assert.match(describeForeignMessage(null), /^null where/);
    assert.match(describeForeignMessage([]), /^an array where/);
  });

  it('quotes and shortens the keys it shows, and counts the rest', () => {
    const message: Record<string, unknown> = {};
    for (let i = 0; i < 8; i++) message[`k${i}"<b>${'x'.repeat(i === 0 ? 60 : 0)}`] = i;
    const text = describeForeignMessage(message);
    assert.match(text, /"k0\\"<b>x{34}…"/);
    assert.match(text, /… \(8 keys\)/);
    assert.doesNotMatch(text, /k5/);
  });
});

describe('flattenTracesData on a message that is not an OTLP traces request', () => {
  it('returns no spans and one not_otlp_traces error at the item path; {} is an empty request without an error', () => {
    const issues: IngestIssue[] = [];
    assert.deepEqual(flattenTracesData({ trace: { id: 'x' }, observations: [] }, limits, { line: 4 }, issues, '[2]'), []);
    assert.equal(issues.length, 1);
    assert.deepEqual({ kind: issues[0]!.kind, severity: issues[0]!.severity, path: issues[0]!.path, position: issues[0]!.position }, {
      kind: 'not_otlp_traces',
      severity: 'error',
      path: '[2]',
      position: { line: 4 },
    });
    const none: IngestIssue[] = [];
    assert.deepEqual(flattenTracesData({}, limits, { line: 1 }, none), []);
    assert.deepEqual(none, []);
  });

  it('reports entries of resourceSpans and scopeSpans that are not objects, and reads the entries beside them', () => {
    const span = { traceId: '0102030405060708090a0b0c0d0e0f10', spanId: '0102030405060708', name: 's', startTimeUnixNano: '1700000000000000000' };
    const issues: IngestIssue[] = [];
    const message = { resourceSpans: [null, 3, { scopeSpans: ['x', { spans: [span] }] }] };
    const spans = flattenTracesData(message, limits, { line: 2 }, issues);
    assert.deepEqual(spans.map((s) => s.spanId), ['0102030405060708']);
    assert.deepEqual(issues.map((i) => `${i.kind}@${i.path}: ${i.message}`), [
      'wrong_type@resourceSpans[0]: a ResourceSpans must be an object, not null',
      'wrong_type@resourceSpans[1]: a ResourceSpans must be an object, not a number',
      'wrong_type@resourceSpans[2].scopeSpans[0]: a ScopeSpans must be an object, not a string',
    ]);
  });
});
