import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import type { FlatSpan } from '../../../src/ingest/flatten-resource-spans.js';
import type { IngestIssue } from '../../../src/ingest/ingest-issue.js';
import { hashFile, readExportBytes, readExportFile, Scratch } from '../../../src/ingest/read-export-file.js';

const sample = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'data', 'sample');
const dir = mkdtempSync(path.join(tmpdir(), 'spanlens-read-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const options = { maxValueLength: 1 << 20, batchSize: 500 };

function summary(spans: FlatSpan[], issues: IngestIssue[]) {
  return {
    spans: spans.map((s) => `${s.traceId}/${s.spanId}@${JSON.stringify(s.position)}`),
    issues: issues.map((i) => `${i.kind}@${JSON.stringify(i.position)}`),
  };
}

/** Reads the file whole and streamed through a scratch buffer of `scratchBytes`; returns both. */
function readBothWays(file: string, scratchBytes: number) {
  const whole = { spans: [] as FlatSpan[], issues: [] as IngestIssue[] };
  const wholeResult = readExportBytes(readFileSync(file), options, whole.issues, (b) => whole.spans.push(...b));
  const streamed = { spans: [] as FlatSpan[], issues: [] as IngestIssue[] };
  const streamedResult = readExportFile(file, options, streamed.issues, (b) => streamed.spans.push(...b), new Scratch(scratchBytes));
  return { whole: summary(whole.spans, whole.issues), streamed: summary(streamed.spans, streamed.issues), wholeResult, streamedResult };
}

describe('readExportFile (streamed through a small reused buffer)', () => {
  for (const name of ['traces-00.jsonl', 'traces-02.pb']) {
    it(`reads ${name} exactly as reading it whole does, with a buffer smaller than one line or frame`, () => {
      const r = readBothWays(path.join(sample, name), 4096);
      assert.ok(r.whole.spans.length > 1000);
      assert.deepEqual(r.streamed, r.whole);
      assert.deepEqual(r.streamedResult, r.wholeResult);
    });
  }

  it('reports a corrupt line and a truncated last line at the same line numbers, keeping the lines around them', () => {
    const lines = readFileSync(path.join(sample, 'traces-00.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
    assert.ok(lines.length >= 4);
    const broken = [...lines.slice(0, 2), '{"resourceSpans": [ not json', lines[2]!, lines[3]!.slice(0, 300)].join('\n');
    const file = path.join(dir, 'broken.jsonl');
    writeFileSync(file, broken);
    const r = readBothWays(file, 64 * 1024);
    assert.deepEqual(r.streamed, r.whole);
    assert.deepEqual(r.streamed.issues, ['corrupt_json@{"line":3}', 'corrupt_json@{"line":5}']);
  });

  it('reports messages of another shape once per file, the first with its place and a count, and keeps the OTLP requests beside them', () => {
    const otlp = JSON.parse(readFileSync(path.join(sample, 'traces-00.jsonl'), 'utf8').split('\n')[0]!);
    const wanted = (otlp.resourceSpans as { scopeSpans: { spans: unknown[] }[] }[]).flatMap((rs) => rs.scopeSpans).flatMap((ss) => ss.spans).length;
    // a top-level array as a JS SDK span dump writes it: span objects with spanContext; one real request between them
    const foreign = (i: number) => ({ name: `step ${i}`, spanContext: { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) }, attributes: {} });
    const file = path.join(dir, 'mixed-shapes.json');
    writeFileSync(file, JSON.stringify([foreign(0), foreign(1), otlp, foreign(2), {}], null, 2));
    const issues: IngestIssue[] = [];
    const spans: FlatSpan[] = [];
    readExportFile(file, options, issues, (b) => spans.push(...b), new Scratch(4096));
    assert.equal(spans.length, wanted);
    assert.equal(issues.length, 1, JSON.stringify(issues));
    assert.equal(issues[0]!.kind, 'not_otlp_traces');
    assert.equal(issues[0]!.severity, 'error');
    assert.equal(issues[0]!.path, '[0]');
    assert.match(issues[0]!.message, /JavaScript SDK \("spanContext"\).*\(and 2 more messages of this file without resourceSpans\)$/);
  });

  it('reports an OTLP metrics file as such, line by line in JSON Lines, once', () => {
    const file = path.join(dir, 'metrics.jsonl');
    writeFileSync(file, [{ resourceMetrics: [] }, { resourceMetrics: [] }, { resourceMetrics: [] }].map((m) => JSON.stringify(m)).join('\n') + '\n');
    const r = readBothWays(file, 4096);
    assert.deepEqual(r.streamed, r.whole);
    assert.deepEqual(r.streamed.issues, ['not_otlp_traces@{"line":1}']);
    assert.equal(r.streamed.spans.length, 0);
  });

  it('reports a truncated last frame at its byte offset', () => {
    const bytes = readFileSync(path.join(sample, 'traces-02.pb'));
    const file = path.join(dir, 'truncated.pb');
    writeFileSync(file, bytes.subarray(0, bytes.length - 100));
    const r = readBothWays(file, 8192);
    assert.deepEqual(r.streamed, r.whole);
    assert.equal(r.streamed.issues.length, 1);
    assert.match(r.streamed.issues[0]!, /^truncated_frame@\{"byte":\d+\}$/);
  });

  it('hashes a file in pieces to the same SHA-256 as hashing it whole', () => {
    const file = path.join(sample, 'traces-02.pb');
    const expected = createHash('sha256').update(readFileSync(file)).digest('hex');
    assert.deepEqual(hashFile(file, new Scratch(1000)), { sizeBytes: readFileSync(file).length, sha256: expected });
  });
});
