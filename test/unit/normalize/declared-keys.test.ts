import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaredSampleRate } from '../../../src/normalize/declared-sample-rate.js';
import { declaredSessionType } from '../../../src/normalize/declared-session-type.js';
import { DEFAULT_SAMPLE_RATE_KEYS, DEFAULT_SESSION_TYPE_KEYS } from '../../../src/semconv.js';

describe('values declared for the build at ingest', () => {
  it('session type: the first key in order, span before resource, non-strings as their JSON text', () => {
    assert.equal(declaredSessionType({ 'app.session.type': 'coding' }, { 'session.type': 'support' }, DEFAULT_SESSION_TYPE_KEYS), 'support');
    assert.equal(declaredSessionType({ 'session.type': 'a', 'app.session.type': 'b' }, {}, DEFAULT_SESSION_TYPE_KEYS), 'a');
    assert.equal(declaredSessionType({ 'gen_ai.agent.name': 'planner' }, {}, DEFAULT_SESSION_TYPE_KEYS), 'planner');
    assert.equal(declaredSessionType({ 'session.type': 7 }, {}, DEFAULT_SESSION_TYPE_KEYS), '7');
    assert.equal(declaredSessionType({ 'session.type': ['x', 'y'] }, {}, DEFAULT_SESSION_TYPE_KEYS), '["x","y"]');
    assert.equal(declaredSessionType({ 'session.type': null }, {}, DEFAULT_SESSION_TYPE_KEYS), null);
    assert.equal(declaredSessionType({}, {}, DEFAULT_SESSION_TYPE_KEYS), null);
  });

  it('sample rate: numbers or numeric strings of at least 1, first key in order, span before resource', () => {
    assert.equal(declaredSampleRate({ SampleRate: 5 }, {}, DEFAULT_SAMPLE_RATE_KEYS), 5);
    assert.equal(declaredSampleRate({ sample_rate: '20' }, { SampleRate: 3 }, DEFAULT_SAMPLE_RATE_KEYS), 3);
    assert.equal(declaredSampleRate({ SampleRate: 0.5, 'sampling.rate': 10n }, {}, DEFAULT_SAMPLE_RATE_KEYS), 10);
    assert.equal(declaredSampleRate({ SampleRate: 'ten' }, {}, DEFAULT_SAMPLE_RATE_KEYS), null);
    assert.equal(declaredSampleRate({ SampleRate: true }, {}, DEFAULT_SAMPLE_RATE_KEYS), null);
  });
});
