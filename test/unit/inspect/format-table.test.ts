import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAligned, formatCsv, formatNdjson } from '../../../src/inspect/format-table.js';
import { renderSpanTree } from '../../../src/inspect/render-span-tree.js';

describe('format-table', () => {
  const rows = [{ a: 1n, b: 'x,"y"' }, { a: 12345678901234567890n, b: null }];
  it('aligns columns and counts rows', () => {
    const text = formatAligned(['a', 'b'], rows);
    assert.equal(text.split('\n')[0], 'a                     b');
    assert.match(text, /\(2 rows\)$/);
  });
  it('quotes CSV and keeps big integers exact', () => {
    assert.equal(formatCsv(['a', 'b'], rows), 'a,b\n1,"x,""y"""\n12345678901234567890,');
    assert.equal(formatNdjson(rows).split('\n')[1], '{"a":"12345678901234567890","b":null}');
  });
});

describe('renderSpanTree', () => {
  const base = { duration_ms: 10, status_code: 'UNSET', operation: null, response_model: null, request_model: null, input_tokens: null, output_tokens: null, error_type: null };
  it('indents children, marks the failing step and orphans', () => {
    const lines = renderSpanTree(
      [
        { ...base, span_id: 'r', parent_span_id: null, name: 'turn', started_at_ms: 0 },
        { ...base, span_id: 't', parent_span_id: 'r', name: 'tool', started_at_ms: 5, status_code: 'ERROR', error_type: 'Timeout' },
        { ...base, span_id: 'o', parent_span_id: 'missing', name: 'lost', started_at_ms: 7 },
      ],
      't',
      'tool_error',
    );
    assert.equal(lines[0], 'turn  +0ms  10ms');
    assert.equal(lines[1], '  tool  +5ms  10ms  ERROR  error Timeout  ◀ failing step (tool_error)');
    assert.match(lines[2]!, /^lost .*orphan: parent missing not found/);
  });
});
