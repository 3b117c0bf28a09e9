import path from 'node:path';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveRunConfig, type RunConfigSources } from '../../../src/run/resolve-run-config.js';
import { BUILTIN_PATTERNS } from '../../../src/privacy/privacy-policy.js';

const base: RunConfigSources = { file: null, env: {}, flags: {}, defaultDb: 'data/spanlens.duckdb' };
const resolve = (s: Partial<RunConfigSources>) => resolveRunConfig({ ...base, ...s });

describe('run config', () => {
  it('precedence: flags > env > file > defaults', () => {
    const file = { db: 'file.duckdb', inputs: ['f'], retainDays: 30, logFormat: 'json' };
    assert.equal(resolve({ file }).config!.db, 'file.duckdb');
    assert.equal(resolve({ file, env: { SPANLENS_DB: 'env.duckdb' } }).config!.db, 'env.duckdb');
    assert.equal(resolve({ file, env: { SPANLENS_DB: 'env.duckdb' }, flags: { db: 'flag.duckdb' } }).config!.db, 'flag.duckdb');
    assert.equal(resolve({ file, env: { SPANLENS_RETAIN_DAYS: '7' } }).config!.retainDays, 7);
    assert.equal(resolve({ file, flags: { retainDays: '3', inputs: ['x'] } }).config!.retainDays, 3);
    assert.deepEqual(resolve({ file, flags: { inputs: ['x'] } }).config!.inputs, ['x']);
    assert.equal(resolve({ flags: { inputs: ['x'] } }).config!.db, 'data/spanlens.duckdb');
    assert.equal(resolve({ file, flags: { logFormat: 'text' } }).config!.logFormat, 'text');
  });
  it('collects every problem with its path', () => {
    const r = resolve({
      file: { inputs: 'x', waitSeconds: -1, nope: 1, privacy: { text: 'blur', redact: { builtins: ['email', 'ssn'], patterns: ['ok', '(', 3] }, hashIds: 'yes' } },
    });
    assert.equal(r.config, null);
    assert.deepEqual(r.errors, [
      'nope: unknown key (known: db, inputs, retainDays, waitSeconds, logFormat, workers, privacy, reportDir, build)',
      'inputs: must be an array of paths',
      'inputs: no input paths (give them as arguments, in SPANLENS_INPUTS, or as "inputs" in the config file)',
      'waitSeconds: must be an integer ≥ 0, got -1',
      'privacy.text: must be one of keep, redact, drop, got "blur"',
      'privacy.redact.builtins[1]: must be one of email, phone, api_key, got "ssn"',
      'privacy.redact.patterns[1]: not a valid regular expression (Invalid regular expression: /(/g: Unterminated group)',
      'privacy.redact.patterns[2]: must be a non-empty string',
      'privacy.hashIds: must be true or false, got "yes"',
    ]);
  });
  it('SPANLENS_HASH_IDS is an on/off switch: yes/on/1/true and no/off/0/false in any case; anything else is an error, never silently off', () => {
    const env = (v: string) => ({ SPANLENS_HASH_IDS: v, SPANLENS_HASH_KEY: 'k'.repeat(16) });
    for (const on of ['1', 'true', 'YES', 'On']) assert.equal(resolve({ flags: { inputs: ['x'] }, env: env(on) }).config!.privacy.hashKey, 'k'.repeat(16), on);
    for (const off of ['0', 'false', 'No', 'OFF']) assert.equal(resolve({ flags: { inputs: ['x'] }, env: env(off), file: { privacy: { hashIds: true } } }).config!.privacy.hashKey, null, off);
    assert.deepEqual(resolve({ flags: { inputs: ['x'] }, env: env('enabled'), file: { privacy: { hashIds: true } } }).errors, ['SPANLENS_HASH_IDS: must be 1/true/yes/on or 0/false/no/off, got "enabled"']);
  });
  it('redact without hashed ids warns that ids are redacted too (distinct ids can merge)', () => {
    const r = resolve({ flags: { inputs: ['x'] }, file: { privacy: { text: 'redact' } } });
    assert.ok(r.config);
    assert.match(r.warnings.join('\n'), /"redact" rewrites session and user ids too/);
    assert.deepEqual(resolve({ flags: { inputs: ['x'], hashIds: true }, env: { SPANLENS_HASH_KEY: 'k'.repeat(16) }, file: { privacy: { text: 'redact' } } }).warnings, []);
  });
  it('the build step takes the "build" object (prices, thresholds, keys); --prices wins over its "prices"', () => {
    const r = resolve({ flags: { inputs: ['x'], prices: 'flag.csv' }, file: { build: { prices: 'file.csv', impactWindowDays: 14, sessionTypeKeys: ['app.flow'] } } });
    assert.equal(r.config!.build.pricesFile, 'flag.csv');
    assert.equal(r.config!.build.impactWindowDays, 14);
    assert.deepEqual(r.config!.build.sessionTypeKeys, ['app.flow']);
    assert.equal(resolve({ flags: { inputs: ['x'] }, file: { build: { prices: 'file.csv' } } }).config!.build.pricesFile, 'file.csv');
    assert.deepEqual(resolve({ flags: { inputs: ['x'] }, file: { build: 'fast' } }).errors, ['build: must be an object']);
  });
  it('a configuration with problems is logged in the format asked for, with the usual precedence', () => {
    const bad = { file: { retainDays: 0, logFormat: 'json' } };
    assert.equal(resolve({ ...bad, flags: { inputs: ['x'] } }).logFormatHint, 'json');
    assert.equal(resolve({ ...bad, flags: { inputs: ['x'], logFormat: 'text' } }).logFormatHint, 'text', 'the flag wins over the file');
    assert.equal(resolve({ file: { retainDays: 0 }, flags: { inputs: ['x'], logFormat: 'text' }, env: { SPANLENS_LOG_FORMAT: 'json' } }).logFormatHint, 'text', 'and over the environment');
  });
  it('hashing ids needs a key from the environment, at least 16 characters', () => {
    const flags = { inputs: ['x'], hashIds: true };
    assert.match(resolve({ flags }).errors[0]!, /SPANLENS_HASH_KEY is not set/);
    assert.match(resolve({ flags, env: { SPANLENS_HASH_KEY: 'short' } }).errors[0]!, /is 5 characters/);
    const ok = resolve({ flags, env: { MY_KEY: 'k'.repeat(16) }, file: { privacy: { hashKeyEnv: 'MY_KEY' } } });
    assert.equal(ok.config!.privacy.hashKey, 'k'.repeat(16));
  });
  it('redact uses the built-ins by default plus the user’s patterns; the result is frozen', () => {
    const r = resolve({ flags: { inputs: ['x'] }, file: { privacy: { text: 'redact', redact: { patterns: ['ACCT-\\d+'] } } } });
    assert.deepEqual(r.config!.privacy.patterns, [...Object.values(BUILTIN_PATTERNS), 'ACCT-\\d+']);
    assert.ok(Object.isFrozen(r.config));
    assert.deepEqual(resolve({ flags: { inputs: ['x'] }, file: { privacy: { redact: {} } } }).warnings, ['privacy.redact: span text is redacted only in text mode "redact" (it is "keep"); the patterns still clean the messages of ingest problems whenever a privacy setting is on']);
  });

  it('report: beside the database by default, --report-dir or reportDir elsewhere, --no-report or reportDir false none', () => {
    const run = (over: Partial<RunConfigSources>) => resolveRunConfig({ ...base, ...over, flags: { inputs: ['x'], ...over.flags } }).config!.reportDir;
    assert.equal(run({ flags: { db: 'srv/db.duckdb' } }), path.join('srv', 'reports'));
    assert.equal(run({ file: { reportDir: 'www' } }), 'www');
    assert.equal(run({ file: { reportDir: 'www' }, flags: { reportDir: 'cli' } }), 'cli');
    assert.equal(run({ file: { reportDir: false } }), null);
    assert.equal(run({ flags: { report: false } }), null);
    assert.deepEqual(resolveRunConfig({ ...base, file: { reportDir: 3 }, flags: { inputs: ['x'] } }).errors, ['reportDir: must be a non-empty string']);
  });
});
