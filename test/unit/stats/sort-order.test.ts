import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sortOrder } from '../../../src/stats/sort-order.js';
import { seededRandom } from '../../../src/metrics/weighted-estimates.js';

/** The reference: a comparator sort by (value, index). */
const byComparator = (values: number[]) => [...values.keys()].sort((a, b) => values[a]! - values[b]! || a - b);

describe('sortOrder', () => {
  it('equals a stable comparator sort on large samples: ties, negatives, -0, fractions, huge and tiny magnitudes', () => {
    const random = seededRandom(11);
    const samples: number[][] = [
      Array.from({ length: 5000 }, () => Math.round(random() * 300)), // integers with many ties
      Array.from({ length: 5000 }, () => (random() - 0.5) * 1e6), // negatives and fractions
      Array.from({ length: 4000 }, (_, i) => [0, -0, 1e-300, -1e-300, 1e300, -1e300, Number.MIN_VALUE, 2.5][i % 8]!), // edge values
      Array.from({ length: 3000 }, () => 7), // one value
    ];
    for (const values of samples) assert.deepEqual([...sortOrder(values)], byComparator(values));
  });

  it('sorts small samples too', () => {
    assert.deepEqual([...sortOrder([3, 1, 2, 1])], [1, 3, 2, 0]);
    assert.deepEqual([...sortOrder([])], []);
  });
});
