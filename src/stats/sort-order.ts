/**
 * Pure: the permutation that sorts numbers ascending, stable (equal values keep their order), as
 * a least-significant-digit radix sort over the bits of each float64 (made order-preserving as
 * unsigned integers: flip every bit of a negative, the sign bit of a positive). Four 16-bit passes,
 * a pass skipped when every row has the same digit (integers leave the low bits zero), so sorting
 * 100k latencies costs a few milliseconds instead of a comparator sort's ~100 ms; results are
 * exactly those of sorting by (value, index). Small inputs use the comparator. No NaN expected.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const RADIX_FROM = 2048;

/** Returns the row order that sorts `values` ascending (stable: ties keep their order). */
export function sortOrder(values: ArrayLike<number>): Uint32Array {
  const n = values.length;
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < RADIX_FROM || !LITTLE_ENDIAN) return order.sort((a, b) => values[a]! - values[b]! || a - b);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = values[i]! + 0; // -0 → +0: equal values, equal keys
  const words = new Uint32Array(keys.buffer); // row i: low word 2i, high word 2i+1
  for (let i = 0; i < n; i++) {
    const high = words[2 * i + 1]!;
    if (high & 0x80000000) {
      words[2 * i + 1] = ~high >>> 0;
      words[2 * i] = ~words[2 * i]! >>> 0;
    } else words[2 * i + 1] = (high | 0x80000000) >>> 0;
  }
  let next = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass >> 1;
    const shift = (pass & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(words[2 * i + word]! >>> shift) & 0xffff]!++;
    if (counts[(words[word]! >>> shift) & 0xffff] === n) continue; // one digit for all rows
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const row = order[j]!;
      next[counts[(words[2 * row + word]! >>> shift) & 0xffff]!++] = row;
    }
    [order, next] = [next, order];
  }
  return order;
}
