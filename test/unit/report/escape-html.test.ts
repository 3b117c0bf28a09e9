import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, inlineScript, jsonForScript } from '../../../src/report/escape-html.js';

const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror="alert(2)">', "'; drop table spans; --", '</script><!--', '\u2028line\u2029'];

describe('escapeHtml', () => {
  it('leaves no tag or attribute breakout in content or quoted attributes', () => {
    for (const p of PAYLOADS) {
      const e = escapeHtml(p);
      assert.doesNotMatch(e, /[<>"']/, p);
    }
    assert.equal(escapeHtml('a & b < c'), 'a &amp; b &lt; c');
    assert.equal(escapeHtml(null), '');
  });
});

describe('jsonForScript', () => {
  it('round-trips through JSON.parse and cannot close the script element', () => {
    const value = { rows: PAYLOADS.map((p) => ({ user_id: p, n: 3 })) };
    const text = jsonForScript(value);
    assert.doesNotMatch(text, /<\/script|<!--|[<>]/i);
    assert.deepEqual(JSON.parse(text), value);
  });
});

describe('inlineScript', () => {
  it('breaks a closing script tag inside inlined source', () => {
    assert.equal(inlineScript('var s = "</script>";'), 'var s = "<\\/script>";');
    assert.doesNotMatch(inlineScript('x = "<!--"; y = "</SCRIPT>"'), /<!--|<\/script/i);
  });
});
