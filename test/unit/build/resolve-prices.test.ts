import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { findOverride, readPriceOverrides, resolvePrice } from '../../../src/build/resolve-prices.js';
import { tempDir } from '../../helpers/run-cli.js';

describe('resolvePrice', () => {
  it('prices a dated OpenAI snapshot from the bundled table, with cache reads at the cache price', () => {
    const p = resolvePrice('openai', 'gpt-4o-2024-08-06', '2026-10-05', []);
    assert.match(p.price_source, /^genai-prices /);
    assert.equal(p.price_model_id, 'gpt-4o');
    assert.ok(p.input_mtok! > 0 && p.output_mtok! > p.input_mtok!);
    assert.ok(p.cache_read_mtok! < p.input_mtok!, 'cached input is cheaper than input');
  });

  it('returns no price (never 0) for an unknown model', () => {
    const p = resolvePrice('acme', 'acme-llm-9000', '2026-10-05', []);
    assert.equal(p.price_source, 'unpriced');
    assert.equal(p.input_mtok, null);
    assert.equal(p.output_mtok, null);
  });

  it('applies the override in force on the day: a dated price change', () => {
    const overrides = [
      { model: 'acme-*', valid_from: '2026-01-01', input_mtok: 1, output_mtok: 2 },
      { model: 'acme-*', valid_from: '2026-10-10', input_mtok: 3, output_mtok: 6, cached_input_mtok: 0.5 },
    ];
    assert.equal(resolvePrice('acme', 'acme-llm', '2026-10-09', overrides, 'p.json').input_mtok, 1);
    const after = resolvePrice('acme', 'acme-llm', '2026-10-10', overrides, 'p.json');
    assert.equal(after.input_mtok, 3);
    assert.equal(after.cache_read_mtok, 0.5);
    assert.equal(after.price_source, 'override:p.json');
    assert.equal(findOverride(overrides, 'acme', 'other', '2026-10-10'), undefined);
  });

  it('reads CSV overrides and names the bad entry', () => {
    const dir = tempDir();
    const good = path.join(dir, 'prices.csv');
    writeFileSync(good, 'model,valid_from,input_mtok,cached_input_mtok,output_mtok\nmy-model,2026-01-01,1.5,0.5,6\n');
    assert.deepEqual(readPriceOverrides(good), [{ model: 'my-model', valid_from: '2026-01-01', input_mtok: 1.5, cached_input_mtok: 0.5, output_mtok: 6 }]);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ model: 'x', valid_from: '2026-01-01', input_mtok: 1, output_mtok: 1 }, { model: 'y' }]));
    assert.throws(() => readPriceOverrides(bad), /entry 2 needs/);
    const typo = path.join(dir, 'typo.json');
    writeFileSync(typo, JSON.stringify([{ model: 'x', valid_from: '2026-01-01', input_mtok: 2.5e30, output_mtok: 10 }]));
    assert.throws(() => readPriceOverrides(typo), /entry 1: input_mtok must be a price in USD per million tokens from 0 to under 1,000,000/);
  });
});
