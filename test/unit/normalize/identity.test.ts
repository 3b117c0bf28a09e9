import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSpan } from '../../../src/normalize/normalize-span.js';
import type { Attributes } from '../../../src/normalize/span-input.js';
import { span } from './make-span.js';

const SESSION_ORDER = [
  'gen_ai.conversation.id',
  'session.id',
  'langfuse.session.id',
  'langfuse.trace.metadata.langfuse_session_id',
  'langfuse.observation.metadata.langfuse_session_id',
  'traceloop.association.properties.session_id',
  'ai.telemetry.metadata.sessionId',
  'ai.settings.runtimeContext.sessionId',
  'ai.settings.context.sessionId',
];

const USER_ORDER = [
  'user.id',
  'enduser.id',
  'langfuse.user.id',
  'langfuse.trace.metadata.langfuse_user_id',
  'langfuse.observation.metadata.langfuse_user_id',
  'traceloop.association.properties.user_id',
  'traceloop.association.properties.customer_id',
  'ai.telemetry.metadata.userId',
  'ai.settings.runtimeContext.userId',
  'ai.settings.context.userId',
  'enduser.pseudo.id',
];

/** With keys[i..] all present, the winner must be keys[i]: each key beats every later one. */
function assertOrder(keys: string[], field: 'sessionId' | 'userId'): void {
  for (let i = 0; i < keys.length; i++) {
    const attrs: Attributes = Object.fromEntries(keys.slice(i).map((k) => [k, k]));
    assert.equal(normalizeSpan(span(attrs))[field], keys[i], `${keys[i]} should win over ${keys.slice(i + 1).join(', ')}`);
  }
}

describe('identity precedence', () => {
  it('session: the documented order', () => assertOrder(SESSION_ORDER, 'sessionId'));
  it('user: the documented order', () => assertOrder(USER_ORDER, 'userId'));
  it('any span attribute beats every resource attribute', () => {
    const g = normalizeSpan(span({ 'ai.settings.context.sessionId': 'span-s', 'enduser.pseudo.id': 'span-u' }, { resourceAttributes: { 'gen_ai.conversation.id': 'res-s', 'user.id': 'res-u' } }));
    assert.deepEqual([g.sessionId, g.userId], ['span-s', 'span-u']);
  });
  it('resource attributes are the fallback', () => {
    const g = normalizeSpan(span({}, { resourceAttributes: { 'session.id': 'res-s', 'enduser.id': 'res-u' } }));
    assert.deepEqual([g.sessionId, g.userId], ['res-s', 'res-u']);
  });
  it('blank or non-text values are skipped; numbers become text', () => {
    const g = normalizeSpan(span({ 'gen_ai.conversation.id': '  ', 'session.id': ['a'], 'langfuse.session.id': 1234, 'user.id': true, 'enduser.id': 9007199254740993n }));
    assert.deepEqual([g.sessionId, g.userId], ['1234', '9007199254740993']);
  });
});
