/**
 * Test helpers: build a SpanInput from just the parts a test cares about.
 */
import type { Attributes, SpanEventInput, SpanInput } from '../../../src/normalize/span-input.js';

/** Returns a span with the given attributes and defaults for everything else (status unset, no events). */
export function span(attributes: Attributes, extra: Partial<SpanInput> = {}): SpanInput {
  return { name: 'span', kind: 1, statusCode: 0, statusMessage: '', startTimeUnixNano: 0n, attributes, resourceAttributes: {}, scopeName: '', scopeVersion: '', events: [], ...extra };
}

/** Returns a span event. */
export function event(name: string, attributes: Attributes = {}): SpanEventInput {
  return { name, timeUnixNano: 0n, attributes };
}
