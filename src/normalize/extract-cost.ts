/**
 * Pure: the cost in USD that the instrumentation recorded itself (spanlens prices tokens separately;
 * this is what the source claimed).
 *
 * First present of: OpenInference `llm.cost.total`, else `llm.cost.prompt` + `llm.cost.completion`;
 * Langfuse `langfuse.observation.cost_details` JSON: its `total`, else the sum of its entries (Langfuse
 * keys costs by usage type, e.g. {"input": 0.0005, "output": 0.0006}). Negative, non-numeric and
 * implausible values (a billion USD or more) are null.
 */
import { LANGFUSE, OPENINFERENCE } from '../semconv.js';
import { attr, field, jsonObject, number, toNumber } from './read-attributes.js';
import type { Attributes } from './span-input.js';

// a billion USD or more for one call is garbage, not a cost (and would not fit the exact DECIMAL
// sums of queries/3-link/turns.sql, which hold up to 1e26)
const MAX_PLAUSIBLE_USD = 1e9;
const nonNegative = (n: number | null): number | null => (n !== null && n >= 0 && n < MAX_PLAUSIBLE_USD ? n : null);

/** Returns the recorded cost in USD, or null. */
export function extractRecordedCost(a: Attributes): number | null {
  const total = nonNegative(number(a, OPENINFERENCE.costTotal));
  if (total !== null) return total;
  const prompt = nonNegative(number(a, OPENINFERENCE.costPrompt));
  const completion = nonNegative(number(a, OPENINFERENCE.costCompletion));
  if (prompt !== null || completion !== null) return (prompt ?? 0) + (completion ?? 0);
  const details = jsonObject(attr(a, LANGFUSE.costDetails));
  if (!details) return null;
  const detailsTotal = nonNegative(toNumber(field(details, 'total')));
  if (detailsTotal !== null) return detailsTotal;
  const parts = Object.keys(details)
    .map((k) => nonNegative(toNumber(details[k])))
    .filter((v): v is number => v !== null);
  return parts.length ? parts.reduce((s, v) => s + v, 0) : null;
}
