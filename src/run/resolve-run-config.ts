/**
 * Pure: `spanlens run` configuration from a config file (spanlens.config.json), the environment and
 * flags, in increasing precedence, into one frozen RunConfig. Returns every problem, each as
 * `path: message`, instead of stopping at the first (the CLI prints them all and exits 2).
 *
 * spanlens.config.json (every key optional):
 *   {
 *     "db": "/var/lib/spanlens/spanlens.duckdb",
 *     "inputs": ["/var/otel/exports"],
 *     "retainDays": 90,
 *     "waitSeconds": 0,
 *     "logFormat": "text" | "json",
 *     "workers": 2,
 *     "reportDir": "/srv/www/spanlens" | false,   (default: reports/ beside the database)
 *     "build": { "prices": "/etc/spanlens/prices.csv", "retrievalLowScore": 0.5, ... },
 *                 (the `build` command's options by their camelCase names: src/build/resolve-build-options.ts)
 *     "privacy": {
 *       "text": "keep" | "redact" | "drop",
 *       "redact": { "builtins": ["email", "phone", "api_key"], "patterns": ["ACCT-\\d{6}"] },
 *       "hashIds": true,
 *       "hashKeyEnv": "SPANLENS_HASH_KEY"
 *     }
 *   }
 */
import { dirname, join } from 'node:path';
import type { BuildOptions } from '../build/build-options.js';
import { BUILD_OPTION_KEYS, resolveBuildOptions } from '../build/resolve-build-options.js';
import { BUILTIN_PATTERNS, type PrivacyPolicy, type TextMode } from '../privacy/privacy-policy.js';

export interface RunConfig {
  db: string;
  inputs: string[];
  retainDays: number | null;
  /** 0: fail at once when another run holds the lock; otherwise seconds to wait for it. */
  waitSeconds: number;
  logFormat: 'text' | 'json';
  workers: number | null;
  privacy: PrivacyPolicy;
  /** Where the run writes the HTML report after build; null: no report. */
  reportDir: string | null;
  /** How the build step builds (prices, thresholds, session-type keys); fullBuild is always false. */
  build: BuildOptions;
}

export interface RunConfigSources {
  /** The parsed config file, or null when there is none. */
  file: unknown;
  env: Record<string, string | undefined>;
  /** Only flags given on the command line. */
  flags: {
    db?: string;
    inputs?: string[];
    retainDays?: string;
    wait?: string | boolean;
    logFormat?: string;
    workers?: string;
    privacyText?: string;
    hashIds?: boolean;
    reportDir?: string;
    /** --no-report */
    report?: boolean;
    prices?: string;
  };
  defaultDb: string;
}

export interface ResolvedRunConfig {
  config: RunConfig | null;
  errors: string[];
  warnings: string[];
  /** How to log the errors when config is null: "json" when any source asked for it. */
  logFormatHint: 'text' | 'json';
}

const FILE_KEYS = ['db', 'inputs', 'retainDays', 'waitSeconds', 'logFormat', 'workers', 'privacy', 'reportDir', 'build'];
const PRIVACY_KEYS = ['text', 'redact', 'hashIds', 'hashKeyEnv'];
const TEXT_MODES: TextMode[] = ['keep', 'redact', 'drop'];
export const DEFAULT_HASH_KEY_ENV = 'SPANLENS_HASH_KEY';
/** With --wait and no number. */
export const DEFAULT_WAIT_SECONDS = 600;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Returns the resolved configuration and every problem found. */
export function resolveRunConfig(sources: RunConfigSources): ResolvedRunConfig {
  const errors: string[] = [];
  const warnings: string[] = [];
  const file: Record<string, unknown> = isObject(sources.file) ? sources.file : {};
  if (sources.file !== null && !isObject(sources.file)) errors.push('(config file): must be a JSON object');
  for (const k of Object.keys(file)) if (!FILE_KEYS.includes(k)) errors.push(`${k}: unknown key (known: ${FILE_KEYS.join(', ')})`);

  const { env, flags } = sources;
  const str = (path: string, v: unknown): string | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') return void errors.push(`${path}: must be a non-empty string`);
    return v;
  };
  const int = (path: string, v: unknown, min: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min) return void errors.push(`${path}: must be an integer ≥ ${min}, got ${JSON.stringify(v)}`);
    return n;
  };
  const pick = <T>(...candidates: (T | undefined)[]): T | undefined => candidates.find((c) => c !== undefined);

  const db = pick(str('--db', flags.db), str('SPANLENS_DB', env.SPANLENS_DB), str('db', file.db)) ?? sources.defaultDb;

  let fileInputs: string[] | undefined;
  if (file.inputs !== undefined) {
    if (!Array.isArray(file.inputs)) errors.push('inputs: must be an array of paths');
    else {
      fileInputs = [];
      file.inputs.forEach((p, i) => {
        const s = str(`inputs[${i}]`, p);
        if (s !== undefined) fileInputs!.push(s);
      });
    }
  }
  const envInputs = env.SPANLENS_INPUTS ? env.SPANLENS_INPUTS.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const inputs = pick(flags.inputs && flags.inputs.length > 0 ? flags.inputs : undefined, envInputs, fileInputs) ?? [];
  if (inputs.length === 0) errors.push('inputs: no input paths (give them as arguments, in SPANLENS_INPUTS, or as "inputs" in the config file)');

  const retainDays = pick(int('--retain-days', flags.retainDays, 1), int('SPANLENS_RETAIN_DAYS', env.SPANLENS_RETAIN_DAYS, 1), int('retainDays', file.retainDays, 1)) ?? null;
  const flagWait = flags.wait === true ? DEFAULT_WAIT_SECONDS : int('--wait', flags.wait, 0);
  const waitSeconds = pick(flagWait, int('waitSeconds', file.waitSeconds, 0)) ?? 0;
  const workers = pick(int('--workers', flags.workers, 1), int('workers', file.workers, 1)) ?? null;

  const logFormatRaw = pick<unknown>(flags.logFormat, env.SPANLENS_LOG_FORMAT, file.logFormat) ?? 'text';
  const logFormatPath = flags.logFormat !== undefined ? '--log-format' : env.SPANLENS_LOG_FORMAT !== undefined ? 'SPANLENS_LOG_FORMAT' : 'logFormat';
  if (logFormatRaw !== 'text' && logFormatRaw !== 'json') errors.push(`${logFormatPath}: must be "text" or "json", got ${JSON.stringify(logFormatRaw)}`);

  const privacy = resolvePrivacy(file.privacy, env, flags, errors, warnings);

  // the report goes beside the database unless told otherwise; false in the file or --no-report: none
  const fileReport = file.reportDir === false ? null : str('reportDir', file.reportDir);
  const reportDir = flags.report === false ? null : (pick(str('--report-dir', flags.reportDir), fileReport) ?? (file.reportDir === false ? null : join(dirname(db), 'reports')));

  // the build step's options: the file's "build" object, --prices over its "prices"
  const fileBuild: Record<string, unknown> = isObject(file.build) ? file.build : {};
  if (file.build !== undefined && !isObject(file.build)) errors.push('build: must be an object');
  for (const k of Object.keys(fileBuild)) if (!BUILD_OPTION_KEYS.includes(k)) errors.push(`build.${k}: unknown key (known: ${BUILD_OPTION_KEYS.join(', ')})`);
  const buildValues = flags.prices !== undefined ? { ...fileBuild, prices: flags.prices } : fileBuild;
  const build = resolveBuildOptions(buildValues, (k) => (k === 'prices' && flags.prices !== undefined ? '--prices' : `build.${k}`));
  errors.push(...build.errors);

  // the format asked for with the usual precedence, even when the configuration has problems
  const logFormatHint = pick<unknown>(flags.logFormat, env.SPANLENS_LOG_FORMAT, file.logFormat) === 'json' ? 'json' : 'text';
  if (errors.length > 0) return { config: null, errors, warnings, logFormatHint };
  const config: RunConfig = { db, inputs, retainDays, waitSeconds, logFormat: logFormatRaw as 'text' | 'json', workers, privacy: privacy!, reportDir, build: build.options };
  return { config: Object.freeze(config), errors, warnings, logFormatHint };
}

/** Returns an on/off environment value (1/true/yes/on, 0/false/no/off, any case); anything else is an error. */
function envSwitch(name: string, raw: string | undefined, errors: string[]): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  errors.push(`${name}: must be 1/true/yes/on or 0/false/no/off, got ${JSON.stringify(raw)}`);
  return undefined;
}

function resolvePrivacy(raw: unknown, env: RunConfigSources['env'], flags: RunConfigSources['flags'], errors: string[], warnings: string[]): PrivacyPolicy | null {
  const p: Record<string, unknown> = isObject(raw) ? raw : {};
  if (raw !== undefined && !isObject(raw)) errors.push('privacy: must be an object');
  for (const k of Object.keys(p)) if (!PRIVACY_KEYS.includes(k)) errors.push(`privacy.${k}: unknown key (known: ${PRIVACY_KEYS.join(', ')})`);

  const textPath = flags.privacyText !== undefined ? '--privacy-text' : env.SPANLENS_PRIVACY_TEXT !== undefined ? 'SPANLENS_PRIVACY_TEXT' : 'privacy.text';
  const text = flags.privacyText ?? env.SPANLENS_PRIVACY_TEXT ?? p.text ?? 'keep';
  if (!TEXT_MODES.includes(text as TextMode)) errors.push(`${textPath}: must be one of ${TEXT_MODES.join(', ')}, got ${JSON.stringify(text)}`);

  const patterns: string[] = [];
  const redact: Record<string, unknown> = isObject(p.redact) ? p.redact : {};
  if (p.redact !== undefined && !isObject(p.redact)) errors.push('privacy.redact: must be an object');
  for (const k of Object.keys(redact)) if (k !== 'builtins' && k !== 'patterns') errors.push(`privacy.redact.${k}: unknown key (known: builtins, patterns)`);
  const builtins = redact.builtins ?? Object.keys(BUILTIN_PATTERNS);
  if (!Array.isArray(builtins)) errors.push('privacy.redact.builtins: must be an array');
  else
    builtins.forEach((b, i) => {
      if (typeof b !== 'string' || !(b in BUILTIN_PATTERNS)) errors.push(`privacy.redact.builtins[${i}]: must be one of ${Object.keys(BUILTIN_PATTERNS).join(', ')}, got ${JSON.stringify(b)}`);
      else patterns.push(BUILTIN_PATTERNS[b]!);
    });
  const user = redact.patterns ?? [];
  if (!Array.isArray(user)) errors.push('privacy.redact.patterns: must be an array of regular expressions');
  else
    user.forEach((src, i) => {
      if (typeof src !== 'string' || src === '') return void errors.push(`privacy.redact.patterns[${i}]: must be a non-empty string`);
      try {
        if (new RegExp(src, 'g').test('')) errors.push(`privacy.redact.patterns[${i}]: matches the empty string`);
        else patterns.push(src);
      } catch (error) {
        errors.push(`privacy.redact.patterns[${i}]: not a valid regular expression (${(error as Error).message})`);
      }
    });
  if (text !== 'redact' && isObject(p.redact)) {
    warnings.push(`privacy.redact: span text is redacted only in text mode "redact" (it is "${String(text)}"); the patterns still clean the messages of ingest problems whenever a privacy setting is on`);
  }

  const hashIds = flags.hashIds ?? envSwitch('SPANLENS_HASH_IDS', env.SPANLENS_HASH_IDS, errors) ?? p.hashIds ?? false;
  if (typeof hashIds !== 'boolean') errors.push(`privacy.hashIds: must be true or false, got ${JSON.stringify(hashIds)}`);
  const keyEnv = p.hashKeyEnv ?? DEFAULT_HASH_KEY_ENV;
  if (typeof keyEnv !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyEnv)) errors.push(`privacy.hashKeyEnv: must be an environment variable name, got ${JSON.stringify(keyEnv)}`);
  if (text === 'redact' && hashIds !== true) {
    warnings.push('privacy.text: "redact" rewrites session and user ids too, so ids that differ only in an email, phone number or key become one; set privacy.hashIds (with a key) to keep them distinct and private');
  }
  let hashKey: string | null = null;
  if (hashIds === true && typeof keyEnv === 'string') {
    const key = env[keyEnv];
    if (key === undefined || key === '') errors.push(`privacy.hashIds: ids are to be hashed but $${keyEnv} is not set; set it to a secret of at least 16 characters (spanlens never uses a default key)`);
    else if (key.length < 16) errors.push(`privacy.hashIds: $${keyEnv} is ${key.length} characters; use a secret of at least 16`);
    else hashKey = key;
  }
  return { text: text as TextMode, patterns, hashKey };
}
