import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeSampleSize, sampleSize } from '../../../src/report/sample-size.js';
import { dayWindow, sessionPageFile } from '../../../src/report/write-report.js';
import { plainRows } from '../../../src/report/plain-rows.js';

describe('sampleSize', () => {
  const rows = [
    { n: 10, is_small_sample: true },
    { n: 40, is_small_sample: false },
  ];
  it('sums, takes the max or counts rows, and counts small-sample rows', () => {
    assert.equal(sampleSize({ dataset: 'd', field: 'n', op: 'sum', unit: 'turns' }, rows).n, 50);
    assert.equal(sampleSize({ dataset: 'd', field: 'n', op: 'max', unit: 'turns' }, rows).n, 40);
    assert.equal(sampleSize({ dataset: 'd', op: 'rows', unit: 'rows' }, rows).n, 2);
    assert.equal(describeSampleSize(sampleSize({ dataset: 'd', field: 'n', op: 'sum', unit: 'turns' }, rows)), 'n = 50 turns · 1 of 2 rows rest on a small sample (faded, marked "small n")');
    assert.equal(describeSampleSize(sampleSize({ dataset: 'd', op: 'rows', unit: 'rows' }, [])), 'n = 0 rows · no data in this window');
  });
});

describe('plainRows', () => {
  it('turns bigints into numbers and a values list into a mean with its t interval', () => {
    const [r] = plainRows([{ k: 5n, day: new Date('2026-11-01T00:00:00Z'), values: [1, 2, 3, 4] }], 30);
    assert.equal(r!.k, 5);
    assert.equal(r!.day, '2026-11-01');
    assert.equal(r!.mean, 2.5);
    assert.equal(r!.n, 4);
    assert.equal(r!.is_small_sample, true);
    // t(0.975, 3) = 3.182; sd = 1.291; half = 3.182 * 1.291 / 2 = 2.054
    assert.ok(Math.abs((r!.ci_high as number) - 4.554) < 0.002, String(r!.ci_high));
    assert.equal('values' in r!, false);
  });
});

describe('dayWindow and sessionPageFile', () => {
  it('makes --until inclusive and rejects bad dates', () => {
    assert.deepEqual(dayWindow('2026-11-01', '2026-11-07'), { since: '2026-11-01', until: '2026-11-08' });
    assert.throws(() => dayWindow('2026-13-01'), /--since/);
    assert.throws(() => dayWindow('2026-11-07', '2026-11-01'), /after/);
  });
  it('names session pages by hash, never by the raw id', () => {
    assert.match(sessionPageFile('../../etc/passwd"><script>'), /^sessions\/[0-9a-f]{16}\.html$/);
  });
});
