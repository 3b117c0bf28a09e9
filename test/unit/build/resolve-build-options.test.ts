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

  it('reads evaluation scales as flag text or a config object, sorted by name; refuses bad ones', () => {
    const expected = [{ name: 'helpfulness', low: 1, high: 5 }, { name: 'thumbs', low: -1, high: 1 }];
    assert.deepEqual(resolveBuildOptions({ qualityScales: 'thumbs=-1:1, helpfulness=1:5' }, asFlag).options.qualityScales, expected);
    assert.deepEqual(resolveBuildOptions({ qualityScales: { thumbs: [-1, 1], helpfulness: ['1', 5] } }, asFlag).options.qualityScales, expected);
    assert.deepEqual(resolveBuildOptions({ qualityScales: ['a=b=0:10'] }, asFlag).options.qualityScales, [{ name: 'a=b', low: 0, high: 10 }]);
    const bad = (v: unknown) => resolveBuildOptions({ qualityScales: v }, (k) => `build.${k}`).errors;
    assert.deepEqual(bad('stars'), ['build.qualityScales: must be name=low:high, got "stars"']);
    assert.deepEqual(bad('stars=5:1'), ['build.qualityScales: "stars": low must be below high, got 5 and 1']);
    assert.deepEqual(bad({ stars: [1] }), ['build.qualityScales: "stars": the scale must be two numbers, low and high']);
    assert.deepEqual(bad('stars=1:x'), ['build.qualityScales: "stars": the scale must be two numbers, low and high']);
    assert.deepEqual(bad('s=0:1,s=1:2'), ['build.qualityScales: "s": declared twice']);
    assert.deepEqual(bad(7), ['build.qualityScales: must map evaluation names to [low, high]']);
  });

  it('knows every option the build command has a flag for', () => {
    assert.deepEqual([...BUILD_OPTION_KEYS].sort(), [
      'bootstrapResamples', 'growthMinTurns', 'impactWindowDays', 'minSampleSize', 'minSupportSessions', 'prices', 'qualityScales', 'repetitionMinSimilarity',
      'retrievalLowScore', 'sampleRateKeys', 'sessionTypeKeys', 'staleMaxAgeDays', 'staleMinConfidence', 'superLinearExponent', 'turnIndexCap',
    ]);
  });
});
