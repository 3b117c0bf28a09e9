/**
 * Pure: turn facts as columns (typed arrays, text as dictionary codes) and row selections as
 * index arrays, so a metric step that groups 200k turns a dozen ways and hands each group's
 * weights, flags and values to an estimator gathers numbers from typed arrays instead of mapping
 * objects into fresh JS arrays for every estimate (the allocations were most of its time).
 *
 * Nulls of numeric columns are NaN; a text column's null is a code like any other value.
 */
import { bytes } from '../typed-memory.js';
import type { TurnFact } from './turn-fact.js';

/** A text column: row i holds values[codes[i]]; codes are numbered in first-seen order. */
export interface CodedColumn {
  codes: Int32Array;
  values: (string | null)[];
}

export interface TurnColumns {
  length: number;
  /** The session as 0, 1, … (TurnFact.session_no): the cluster id of variance estimates. */
  session_no: Int32Array;
  turn_index: Int32Array;
  turn_bucket: Int32Array;
  sampling_weight: Float64Array;
  is_failed: Uint8Array;
  is_truncated: Uint8Array;
  has_tool_error: Uint8Array;
  is_repetition: Uint8Array;
  quality: Float64Array;
  duration_ms: Float64Array;
  total_tokens: Float64Array;
  cost_usd: Float64Array;
  cumulative_tokens: Float64Array;
  cumulative_cost_usd: Float64Array;
  marginal_input_tokens: Float64Array;
  user_id: CodedColumn;
  session_type: CodedColumn;
  session_cohort: CodedColumn;
  day: CodedColumn;
  /** provider and request model joined by U+0000: the series a model change belongs to. */
  model_key: CodedColumn;
  response_model: CodedColumn;
  weight_source: CodedColumn;
  failure_kind: CodedColumn;
}

/** Returns a text column coded in first-seen order. */
function codeInOrder(length: number, valueAt: (i: number) => string | null): CodedColumn {
  const codes = new Int32Array(length);
  const index = new Map<string | null, number>();
  const values: (string | null)[] = [];
  for (let i = 0; i < length; i++) {
    const v = valueAt(i);
    let c = index.get(v);
    if (c === undefined) {
      index.set(v, (c = values.length));
      values.push(v);
    }
    codes[i] = c;
  }
  return { codes, values };
}

const coded = (turns: TurnFact[], value: (t: TurnFact) => string | null) => codeInOrder(turns.length, (i) => value(turns[i]!));

function numbers(turns: TurnFact[], value: (t: TurnFact) => number | null): Float64Array {
  const out = new Float64Array(turns.length);
  for (let i = 0; i < turns.length; i++) out[i] = value(turns[i]!) ?? NaN;
  return out;
}

function integers(turns: TurnFact[], value: (t: TurnFact) => number): Int32Array {
  const out = new Int32Array(turns.length);
  for (let i = 0; i < turns.length; i++) out[i] = value(turns[i]!);
  return out;
}

function flags(turns: TurnFact[], value: (t: TurnFact) => boolean): Uint8Array {
  const out = new Uint8Array(turns.length);
  for (let i = 0; i < turns.length; i++) out[i] = value(turns[i]!) ? 1 : 0;
  return out;
}

const cache = new WeakMap<TurnFact[], TurnColumns>();

/** Returns the columns of a turn array (computed once per array: the steps of one build share them). */
export function turnColumns(turns: TurnFact[]): TurnColumns {
  let c = cache.get(turns);
  if (c) return c;
  c = {
    length: turns.length,
    session_no: integers(turns, (t) => t.session_no),
    turn_index: integers(turns, (t) => t.turn_index),
    turn_bucket: integers(turns, (t) => t.turn_bucket),
    sampling_weight: numbers(turns, (t) => t.sampling_weight),
    is_failed: flags(turns, (t) => t.is_failed),
    is_truncated: flags(turns, (t) => t.is_truncated),
    has_tool_error: flags(turns, (t) => t.has_tool_error),
    is_repetition: flags(turns, (t) => t.is_repetition),
    quality: numbers(turns, (t) => t.quality),
    duration_ms: numbers(turns, (t) => t.duration_ms),
    total_tokens: numbers(turns, (t) => t.total_tokens),
    cost_usd: numbers(turns, (t) => t.cost_usd),
    cumulative_tokens: numbers(turns, (t) => t.cumulative_tokens),
    cumulative_cost_usd: numbers(turns, (t) => t.cumulative_cost_usd),
    marginal_input_tokens: numbers(turns, (t) => t.marginal_input_tokens),
    user_id: coded(turns, (t) => t.user_id),
    session_type: coded(turns, (t) => t.session_type),
    session_cohort: coded(turns, (t) => t.session_cohort),
    day: coded(turns, (t) => t.day),
    model_key: coded(turns, (t) => `${t.provider}\u0000${t.request_model}`),
    response_model: coded(turns, (t) => t.response_model),
    weight_source: coded(turns, (t) => t.weight_source),
    failure_kind: coded(turns, (t) => t.failure_kind),
  };
  cache.set(turns, c);
  return c;
}

/** Returns the indices 0 … n−1 (every row). */
export function allRows(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Returns the rows of `rows` for which `keep(row)` holds, in order. */
export function selectRows(rows: Int32Array, keep: (row: number) => boolean): Int32Array {
  const out = new Int32Array(rows.length);
  let k = 0;
  for (let j = 0; j < rows.length; j++) if (keep(rows[j]!)) out[k++] = rows[j]!;
  return out.slice(0, k);
}

/** Returns the rows whose numeric value is not null (NaN). */
export const presentRows = (rows: Int32Array, column: Float64Array) => selectRows(rows, (i) => !Number.isNaN(column[i]!));

/** Returns column[row] for each row, in row order. */
export function gather<T extends Float64Array | Int32Array | Uint8Array>(column: T, rows: Int32Array): T {
  const out = new (column.constructor as new (n: number) => T)(rows.length);
  for (let j = 0; j < rows.length; j++) out[j] = column[rows[j]!]!;
  return out;
}

/** Returns Σ column[row] over the rows, summed in row order. */
export function sumOf(column: Float64Array, rows: Int32Array): number {
  let s = 0;
  for (let j = 0; j < rows.length; j++) s += column[rows[j]!]!;
  return s;
}

/** groupRows for keys in 0..size-1. */
function groupSmallKeys(rows: Int32Array, key: Int32Array, size: number): Map<number, Int32Array> {
  const counts = new Int32Array(size);
  const firstSeen: number[] = [];
  for (let j = 0; j < rows.length; j++) {
    const k = key[rows[j]!]!;
    if (counts[k]!++ === 0) firstSeen.push(k);
  }
  const groups: Int32Array[] = new Array(size);
  const out = new Map<number, Int32Array>();
  for (const k of firstSeen) {
    groups[k] = new Int32Array(counts[k]!);
    out.set(k, groups[k]!);
  }
  counts.fill(0);
  for (let j = 0; j < rows.length; j++) {
    const k = key[rows[j]!]!;
    groups[k]![counts[k]!++] = rows[j]!;
  }
  return out;
}

/** Returns the rows grouped by a coded column's value (or any integer key), groups in first-seen order. */
export function groupRows(rows: Int32Array, key: Int32Array): Map<number, Int32Array> {
  let min = 0;
  let max = -1;
  for (let j = 0; j < rows.length; j++) {
    const k = key[rows[j]!]!;
    if (k < min) min = k;
    if (k > max) max = k;
  }
  // small non-negative keys (codes, turn indexes, session numbers): counted in arrays, not maps
  if (min >= 0 && max < 4 * rows.length + 1024) return groupSmallKeys(rows, key, max + 1);
  const counts = new Map<number, number>();
  for (let j = 0; j < rows.length; j++) {
    const k = key[rows[j]!]!;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const out = new Map<number, Int32Array>();
  const filled = new Map<number, number>();
  for (const [k, n] of counts) {
    out.set(k, new Int32Array(n));
    filled.set(k, 0);
  }
  for (let j = 0; j < rows.length; j++) {
    const k = key[rows[j]!]!;
    const at = filled.get(k)!;
    out.get(k)![at] = rows[j]!;
    filled.set(k, at + 1);
  }
  return out;
}

/** Returns the rows grouped by a text column's value, groups in first-seen order. */
export function groupRowsBy(rows: Int32Array, column: CodedColumn): Map<string | null, Int32Array> {
  const out = new Map<string | null, Int32Array>();
  for (const [code, group] of groupRows(rows, column.codes)) out.set(column.values[code]!, group);
  return out;
}

/**
 * Returns one entry per session of the rows, in first-seen order: failed when any of its rows
 * failed; weight = the mean sampling weight of its rows (the weights summed in row order).
 */
export function sessionSummaries(c: TurnColumns, rows: Int32Array): { failed: Uint8Array; weight: Float64Array } {
  let min = Infinity;
  let max = -Infinity;
  for (let j = 0; j < rows.length; j++) {
    const n = c.session_no[rows[j]!]!;
    if (n < min) min = n;
    if (n > max) max = n;
  }
  // session numbers are dense: a slot table when the rows span few of them (all rows, a session
  // type), a map when they are scattered (one user's sessions)
  const table = rows.length > 0 && max - min < 4 * rows.length + 1024 ? new Int32Array(max - min + 1).fill(-1) : null;
  const slot = new Map<number, number>();
  const failed: number[] = [];
  const sums: number[] = [];
  const counts: number[] = [];
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j]!;
    const n = c.session_no[i]!;
    let s = table ? table[n - min]! : (slot.get(n) ?? -1);
    if (s === -1) {
      s = failed.length;
      if (table) table[n - min] = s;
      else slot.set(n, s);
      failed.push(0);
      sums.push(0);
      counts.push(0);
    }
    if (c.is_failed[i]) failed[s] = 1;
    sums[s] = sums[s]! + c.sampling_weight[i]!;
    counts[s] = counts[s]! + 1;
  }
  const weight = new Float64Array(sums.length);
  for (let s = 0; s < sums.length; s++) weight[s] = sums[s]! / counts[s]!;
  return { failed: Uint8Array.from(failed), weight };
}

/** What a metric step reads: turn facts as rows (tests, compare) or already as columns (the build). */
export type TurnInput = TurnFact[] | TurnColumns;

/** Returns the columns of either input. */
export const asColumns = (turns: TurnInput): TurnColumns => (Array.isArray(turns) ? turnColumns(turns) : turns);

/** Returns the rows' sampling weights, or ones when unweighted. */
export function weightsOf(c: TurnColumns, rows: Int32Array, weighted = true): Float64Array {
  return weighted ? gather(c.sampling_weight, rows) : new Float64Array(rows.length).fill(1);
}

/**
 * Returns a coded column from query codes (null or −1 = a null value) and their dictionary. An
 * Int32Array of codes is taken over, its −1s rewritten in place: a fresh copy of every coded
 * column was 75 MB of memory touched for the first time on 2.3M turns.
 */
function fromCodes(codes: ArrayLike<unknown>, dictionary: string[], shared: boolean): CodedColumn {
  const nullCode = dictionary.length;
  if (codes instanceof Int32Array) {
    for (let i = 0; i < codes.length; i++) if (codes[i]! < 0) codes[i] = nullCode;
    return { codes, values: [...dictionary, null] };
  }
  const out = new Int32Array(bytes(codes.length * 4, shared));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number | null;
    out[i] = c === null || c < 0 ? nullCode : c;
  }
  return { codes: out, values: [...dictionary, null] };
}

/**
 * Returns the pairs of two coded columns as one, its values joined by U+0000 (a null shows as
 * "null", as in a template string); pairs whose joined text is equal share a code.
 */
function joinCodes(a: CodedColumn, b: CodedColumn, shared: boolean): CodedColumn {
  const width = b.values.length;
  const pair = new Map<number, number>();
  const byText = new Map<string, number>();
  const values: string[] = [];
  const codes = new Int32Array(bytes(a.codes.length * 4, shared));
  for (let i = 0; i < codes.length; i++) {
    const k = a.codes[i]! * width + b.codes[i]!;
    let c = pair.get(k);
    if (c === undefined) {
      const text = `${a.values[a.codes[i]!]}\u0000${b.values[b.codes[i]!]}`;
      c = byText.get(text);
      if (c === undefined) {
        byText.set(text, (c = values.length));
        values.push(text);
      }
      pair.set(k, c);
    }
    codes[i] = c;
  }
  return { codes, values };
}

const toNumbers = (xs: ArrayLike<unknown>) => {
  if (xs instanceof Float64Array) return xs;
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = (xs[i] as number | null) ?? NaN;
  return out;
};
const toIntegers = (xs: ArrayLike<unknown>) => (xs instanceof Int32Array ? xs : Int32Array.from(xs as ArrayLike<number>));
const toFlags = (xs: ArrayLike<unknown>) => {
  if (xs instanceof Uint8Array) return xs;
  const out = new Uint8Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = xs[i] ? 1 : 0;
  return out;
};

/**
 * Returns turn columns from the turn-fact query's result (src/metrics/read-turn-facts.ts), as
 * arrays of values or typed arrays: rows in session order, each session's first row flagged
 * (`starts_session`), the repetitive text columns and the user id as codes into `dictionaries`
 * (null, or −1, for a null value). Typed arrays of the result become the columns (not copied;
 * code arrays are rewritten in place), so the result is not to be used afterwards.
 */
export function columnsFromResult(r: Record<string, ArrayLike<unknown>>, dictionaries: Record<string, string[]>, shared = false): TurnColumns {
  const starts = r.starts_session!;
  const length = starts.length;
  const sessionNo = new Int32Array(bytes(length * 4, shared));
  for (let i = 1, n = 0; i < length; i++) sessionNo[i] = starts[i] ? ++n : n;
  const code = (name: string) => fromCodes(r[name]!, dictionaries[name]!, shared);
  return {
    length,
    session_no: sessionNo,
    turn_index: toIntegers(r.turn_index!),
    turn_bucket: toIntegers(r.turn_bucket!),
    sampling_weight: toNumbers(r.sampling_weight!),
    is_failed: toFlags(r.is_failed!),
    is_truncated: toFlags(r.is_truncated!),
    has_tool_error: toFlags(r.has_tool_error!),
    is_repetition: toFlags(r.is_repetition!),
    quality: toNumbers(r.quality!),
    duration_ms: toNumbers(r.duration_ms!),
    total_tokens: toNumbers(r.total_tokens!),
    cost_usd: toNumbers(r.cost_usd!),
    cumulative_tokens: toNumbers(r.cumulative_tokens!),
    cumulative_cost_usd: toNumbers(r.cumulative_cost_usd!),
    marginal_input_tokens: toNumbers(r.marginal_input_tokens!),
    user_id: code('user_id'),
    session_type: code('session_type'),
    session_cohort: code('session_cohort'),
    day: code('day'),
    model_key: joinCodes(code('provider'), code('request_model'), shared),
    response_model: code('response_model'),
    weight_source: code('weight_source'),
    failure_kind: code('failure_kind'),
  };
}
