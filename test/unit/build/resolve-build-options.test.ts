import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BUILD_OPTIONS } from '../../../src/build/build-options.js';
import { BUILD_OPTION_KEYS, resolveBuildOptions } from '../../../src/build/resolve-build-options.js';

const asFlag = (k: string) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

describe('resolveBuildOptions', () => {
  it('overlays the defaults with given values: numbers or numeric text, key lists as arrays or comma text, the price file', () => {
    const { options, errors } = resolveBuildOptions(
      { retrievalLowScore: '0.5', turnIndexCap: 20, sessionTypeKeys: ['app.flow', ' session.type '], sampleRateKeys: 'rate, SampleRate', prices: 'p.csv', db: 'ignored' },
      asFlag,
    );
    assert.deepEqual(errors, []);
    assert.equal(options.retrievalLowScore, 0.5);
    assert.equal(options.turnIndexCap, 20);
    assert.deepEqual(options.sessionTypeKeys, ['app.flow', 'session.type']);
    assert.deepEqual(options.sampleRateKeys, ['rate', 'SampleRate']);
    assert.equal(options.pricesFile, 'p.csv');
    assert.equal(options.minSampleSize, DEFAULT_BUILD_OPTIONS.minSampleSize);
    assert.equal(options.fullBuild, false);
  });

  it('names every bad value by its flag or key path, and leaves the defaults untouched', () => {
    const { errors } = resolveBuildOptions(
      { staleMaxAgeDays: 'soon', minSampleSize: 0, bootstrapResamples: 2.5, sessionTypeKeys: [3], sampleRateKeys: ' , ', prices: '' },
      (k) => `build.${k}`,
    );
    assert.deepEqual(errors, [
      'build.staleMaxAgeDays: must be a number, got "soon"',
      'build.minSampleSize: must be a whole number of at least 1, got 0',
      'build.bootstrapResamples: must be a whole number of at least 1, got 2.5',
      'build.sessionTypeKeys: must be a list of attribute keys, got [3]',
      'build.sampleRateKeys: must name at least one attribute key, got " , "',
      'build.prices: must be the path of a JSON or CSV price file, got ""',
    ]);
    assert.deepEqual(resolveBuildOptions({}, asFlag).options, { ...DEFAULT_BUILD_OPTIONS });
  });

  it('knows every option the build command has a flag for', () => {
    assert.deepEqual([...BUILD_OPTION_KEYS].sort(), [
      'bootstrapResamples', 'growthMinTurns', 'impactWindowDays', 'minSampleSize', 'minSupportSessions', 'prices', 'repetitionMinSimilarity',
      'retrievalLowScore', 'sampleRateKeys', 'sessionTypeKeys', 'staleMaxAgeDays', 'staleMinConfidence', 'superLinearExponent', 'turnIndexCap',
    ]);
  });
});
