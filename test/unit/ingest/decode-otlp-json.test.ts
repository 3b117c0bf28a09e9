import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJsonDocument, decodeJsonLines, isJsonLines, parseJsonLossless } from '../../../src/ingest/decode-otlp-json.js';
import { toJsonText } from '../../../src/ingest/decode-any-value.js';
import type { IngestIssue } from '../../../src/ingest/ingest-issue.js';

describe('parseJsonLossless', () => {
  it('keeps every digit of integers beyond 2^53 and leaves strings and doubles alone', () => {
    const v = parseJsonLossless('{"a":1544712660000000123,"b":[9007199254740993],"c":"x:12345678901234567","d":0.12345678901234567,"e":12}') as Record<string, unknown>;
    assert.equal(v.a, '1544712660000000123');
    assert.deepEqual(v.b, ['9007199254740993']);
    assert.equal(v.c, 'x:12345678901234567');
    assert.equal(v.d, 0.12345678901234567);
    assert.equal(v.e, 12);
  });
});

describe('toJsonText', () => {
  it('writes bigints as exact JSON numbers', () => {
    assert.equal(toJsonText({ n: 9007199254740993n, s: 'a' }), '{"n":9007199254740993,"s":"a"}');
  });
});

describe('JSON Lines and documents', () => {
  it('tells JSON Lines from a pretty-printed document', () => {
    assert.equal(isJsonLines('{"resourceSpans":[]}\n{"resourceSpans":[]}\n'), true);
    assert.equal(isJsonLines('{\n  "resourceSpans": []\n}\n'), false);
  });

  it('reports a corrupt line by number and keeps its neighbours', () => {
    const issues: IngestIssue[] = [];
    const messages = [...decodeJsonLines('{"a":1}\n{"a":\n\n{"a":3}\n{"a":4', issues)];
    assert.deepEqual(messages.map((m) => m.position), [{ line: 1 }, { line: 4 }]);
    assert.deepEqual(issues.map((i) => [i.kind, i.position]), [
      ['corrupt_json', { line: 2 }],
      ['corrupt_json', { line: 5 }],
    ]);
    assert.match(issues[1]!.message, /incomplete last line/);
  });

  it('locates the error line in a corrupt document', () => {
    const issues: IngestIssue[] = [];
    assert.deepEqual(decodeJsonDocument('{\n "a": 1,\n "b": ]\n}', issues), []);
    assert.deepEqual(issues[0]?.position, { line: 3 });
  });
});
