import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonLossless } from '../../../src/ingest/decode-otlp-json.js';
import { decodeId, decodeUnixNano, flattenTracesData } from '../../../src/ingest/flatten-resource-spans.js';
import type { IngestIssue } from '../../../src/ingest/ingest-issue.js';

const limits = { maxValueLength: 1000 };

function flatten(message: unknown) {
  const issues: IngestIssue[] = [];
  const spans = flattenTracesData(message, limits, { line: 7 }, issues);
  return { spans, issues };
}

// The canonical example from opentelemetry-proto examples/trace.json (uppercase hex, string nanos, kind 2).
const protoExample = `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},
"scopeSpans":[{"scope":{"name":"my.library","version":"1.0.0","attributes":[{"key":"my.scope.attribute","value":{"stringValue":"some scope attribute"}}]},
"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173","name":"I'm a server span",
"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","kind":2,
"attributes":[{"key":"my.span.attr","value":{"stringValue":"some value"}}]}]}]}]}`;

describe('flattenTracesData', () => {
  it('reads the canonical OTLP/JSON example exactly', () => {
    const { spans, issues } = flatten(parseJsonLossless(protoExample));
    assert.deepEqual(issues, []);
    assert.equal(spans.length, 1);
    const s = spans[0]!;
    assert.equal(s.traceId, '5b8efff798038103d269b633813fc60c');
    assert.equal(s.spanId, 'eee19b7ec3c1b174');
    assert.equal(s.parentSpanId, 'eee19b7ec3c1b173');
    assert.equal(s.kind, 2);
    assert.equal(s.startTimeUnixNano, 1544712660000000000n);
    assert.equal(s.endTimeUnixNano, 1544712661000000000n);
    assert.equal(s.resourceAttributes['service.name'], 'my.service');
    assert.equal(s.scopeName, 'my.library');
    assert.equal(s.scopeAttributes['my.scope.attribute'], 'some scope attribute');
    assert.deepEqual(s.position, { line: 7 });
  });

  it('accepts snake_case keys, enum names, numeric nanos beyond 2^53 and base64 ids', () => {
    const text = `{"resource_spans":[{"scope_spans":[{"spans":[{"trace_id":"W47/95gDgQPSabYzgT/GDA==","span_id":"7uGbfsPBsXQ=",
      "name":"x","kind":"SPAN_KIND_CLIENT","start_time_unix_nano":1544712660000000123,"end_time_unix_nano":1544712660000000999,
      "status":{"code":"STATUS_CODE_ERROR","message":"boom"},
      "attributes":[{"key":"big","value":{"int_value":9007199254740993}},{"key":"d","value":{"double_value":0.5}}]}]}]}]}`;
    const { spans, issues } = flatten(parseJsonLossless(text));
    assert.deepEqual(issues, []);
    const s = spans[0]!;
    assert.equal(s.traceId, '5b8efff798038103d269b633813fc60c');
    assert.equal(s.spanId, 'eee19b7ec3c1b174');
    assert.equal(s.kind, 3);
    assert.equal(s.statusCode, 2);
    assert.equal(s.statusMessage, 'boom');
    assert.equal(s.startTimeUnixNano, 1544712660000000123n);
    assert.equal(s.endTimeUnixNano! - s.startTimeUnixNano, 876n);
    assert.equal(s.attributes.big, 9007199254740993n);
    assert.equal(s.attributes.d, 0.5);
  });

  it('reads old JS SDK {low, high} timestamps', () => {
    const ns = 1700000000123456789n;
    const low = Number(ns & 0xffffffffn) | 0; // the SDK wrote signed 32-bit halves
    const high = Number(ns >> 32n);
    assert.equal(decodeUnixNano({ low, high }), ns);
  });

  it('rejects invalid, all-zero and missing ids but keeps the other spans of the message', () => {
    const good = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'ok', startTimeUnixNano: '1' };
    const message = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { ...good, traceId: '0'.repeat(32) },
                { ...good, spanId: 'xyz' },
                { ...good, spanId: undefined },
                { ...good, startTimeUnixNano: undefined },
                { ...good, startTimeUnixNano: true },
                { ...good, kind: 'SPAN_KIND_BOGUS' },
                good,
              ],
            },
          ],
        },
      ],
    };
    const { spans, issues } = flatten(message);
    assert.equal(spans.length, 1);
    assert.deepEqual(
      issues.map((i) => [i.kind, i.path]),
      [
        ['invalid_id', 'resourceSpans[0].scopeSpans[0].spans[0]'],
        ['invalid_id', 'resourceSpans[0].scopeSpans[0].spans[1]'],
        ['missing_field', 'resourceSpans[0].scopeSpans[0].spans[2]'],
        ['missing_field', 'resourceSpans[0].scopeSpans[0].spans[3]'],
        ['wrong_type', 'resourceSpans[0].scopeSpans[0].spans[4]'],
        ['wrong_type', 'resourceSpans[0].scopeSpans[0].spans[5]'],
      ],
    );
    assert.ok(issues.every((i) => i.severity === 'error' && i.position && 'line' in i.position && i.position.line === 7));
  });

  it('drops a malformed attribute, truncates an oversize one, and keeps the span', () => {
    const message = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 'a'.repeat(32),
                  spanId: 'b'.repeat(16),
                  name: 'x',
                  startTimeUnixNano: '5',
                  attributes: [
                    { key: 'ok', value: { stringValue: 'fine' } },
                    { key: 'bad', value: { intValue: 'twelve' } },
                    { value: { stringValue: 'no key' } },
                    { key: 'huge', value: { stringValue: 'p'.repeat(5000) } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const { spans, issues } = flatten(message);
    assert.equal(spans.length, 1);
    assert.equal(spans[0]!.attributes.ok, 'fine');
    assert.equal(spans[0]!.attributes.bad, undefined);
    assert.equal((spans[0]!.attributes.huge as string).length, 1000);
    assert.deepEqual(issues.map((i) => i.kind).sort(), ['oversize_value', 'wrong_type', 'wrong_type']);
  });

  it('keeps a span whose events or links are malformed, reporting each problem at the span', () => {
    const span = {
      traceId: '0102030405060708090a0b0c0d0e0f10', spanId: '0102030405060708', name: 's', startTimeUnixNano: '1700000000000000000',
      events: { name: 'not a list' },
      links: [5, { traceId: 'zz', spanId: '0a0b0c0d0e0f0102', attributes: [{ key: 'k', value: 'bare' }] }, { traceId: '0102030405060708090a0b0c0d0e0f11', spanId: '0a0b0c0d0e0f0103' }],
    };
    const { spans, issues } = flatten({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
    assert.equal(spans.length, 1);
    assert.deepEqual(spans[0]!.events, []);
    assert.deepEqual(spans[0]!.links.map((l) => [l.traceId, l.spanId]), [[null, '0a0b0c0d0e0f0102'], ['0102030405060708090a0b0c0d0e0f11', '0a0b0c0d0e0f0103']]);
    const messages = issues.map((i) => `${i.kind}@${i.path}: ${i.message}`);
    assert.equal(messages.length, 4, messages.join('\n'));
    assert.match(messages[0]!, /^wrong_type@resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]: events must be a list, not an object; dropped$/);
    assert.match(messages[1]!, /: links\[0\] must be an object, not a number; dropped$/);
    assert.match(messages[2]!, /: links\[1\]\.traceId: .*; stored as null$/);
    assert.match(messages[3]!, /links\[1\]\.k/);
  });

  it('reports a message that is not an object as not an OTLP traces request', () => {
    const { spans, issues } = flatten([1, 2]);
    assert.equal(spans.length, 0);
    assert.equal(issues.length, 1);
    assert.equal(issues[0]?.kind, 'not_otlp_traces');
    assert.match(issues[0]!.message, /^an array where an OTLP traces request/);
  });
});

describe('decodeId', () => {
  it('lowercases hex, converts base64, refuses wrong lengths', () => {
    assert.equal(decodeId('EEE19B7EC3C1B174', 8), 'eee19b7ec3c1b174');
    assert.equal(decodeId('7uGbfsPBsXQ=', 8), 'eee19b7ec3c1b174');
    assert.equal(decodeId('', 8), null);
    assert.ok(typeof decodeId('abc', 8) === 'object');
    assert.ok(typeof decodeId(12, 8) === 'object');
  });
});

describe('decodeKeyValues', () => {
  it('keeps an attribute named "__proto__" as data: the object keeps its prototype, the JSON keeps the key', async () => {
    const { decodeKeyValues, toJsonText } = await import('../../../src/ingest/decode-any-value.js');
    const problems: never[] = [];
    const attrs = decodeKeyValues(
      JSON.parse('[{"key":"__proto__","value":{"kvlistValue":{"values":[{"key":"polluted","value":{"boolValue":true}}]}}},{"key":"a","value":{"intValue":"1"}}]'),
      limits,
      problems,
    );
    assert.equal(Object.getPrototypeOf(attrs), Object.prototype);
    assert.equal((attrs as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(JSON.parse(toJsonText(attrs)), JSON.parse('{"__proto__":{"polluted":true},"a":1}'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
