import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTable } from '../../../src/report/render-table.js';
import type { TableColumn } from '../../../src/report/report-definition.js';

const COLUMNS: TableColumn[] = [
  { field: 'session_id', label: 'Session', link: 'session' },
  { field: 'rate', label: 'Rate', format: 'rate' },
  { field: 'ci_low', field2: 'ci_high', label: '95% CI', format: 'ci' },
  { field: 'cost', label: 'Cost', format: 'usd' },
];

describe('renderTable', () => {
  it('escapes cell text and links, and marks small samples', () => {
    const html = renderTable(
      COLUMNS,
      [
        { session_id: '"><img src=x onerror=alert(1)>', rate: 0.1234, ci_low: 0.1, ci_high: 0.15, cost: 0.00123, is_small_sample: true },
        { session_id: 's2', rate: null, ci_low: null, ci_high: null, cost: 12.5, is_small_sample: false },
      ],
      { sessionHref: (id) => (id === 's2' ? 'sessions/abc.html' : null) },
    );
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /<tr class="small"><td>[^<]*<span class="small-n"/);
    assert.match(html, /<a href="sessions\/abc.html">s2<\/a>/);
    assert.match(html, /12\.3%/);
    assert.match(html, /\[0\.1, 0\.15\]/);
    assert.match(html, /\$0\.00123/);
    assert.match(html, /\$12\.50/);
    assert.equal((html.match(/–/g) ?? []).length, 2, 'missing rate and CI show as a dash, not 0');
  });

  it('says so when there are no rows', () => {
    assert.match(renderTable(COLUMNS, []), /No rows/);
  });
});
