/**
 * Reads the config file (if any) and resolves the run configuration; the I/O edge around
 * `resolveRunConfig`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { defaultDatabasePath } from '../paths.js';
import { resolveRunConfig, type ResolvedRunConfig, type RunConfigSources } from './resolve-run-config.js';

/** The config file read when neither --config nor SPANLENS_CONFIG names one. */
export const DEFAULT_CONFIG_FILE = 'spanlens.config.json';

/** Returns the resolved configuration; a missing named file or bad JSON is one more error. */
export function loadRunConfig(input: { configPath: string | undefined; env: NodeJS.ProcessEnv; flags: RunConfigSources['flags'] }): ResolvedRunConfig {
  const path = input.configPath ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null);
  let file: unknown = null;
  if (path !== null) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      return { config: null, errors: [`${path}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`], warnings: [], logFormatHint: formatHint(input) };
    }
    try {
      file = JSON.parse(text);
    } catch (error) {
      return { config: null, errors: [`${path}: not valid JSON (${(error as Error).message})`], warnings: [], logFormatHint: formatHint(input) };
    }
  }
  let resolved = resolveRunConfig({ file, env: input.env, flags: input.flags, defaultDb: defaultDatabasePath({}) });
  // a price file that is not there is a configuration problem, listed with the others before anything runs
  const fileBuild = (file as { build?: { prices?: unknown } } | null)?.build;
  const prices = input.flags.prices ?? (typeof fileBuild?.prices === 'string' && fileBuild.prices !== '' ? fileBuild.prices : null);
  if (prices !== null && !existsSync(prices)) {
    const where = input.flags.prices !== undefined ? '--prices' : 'build.prices';
    resolved = { ...resolved, config: null, errors: [...resolved.errors, `${where}: no such price file: ${prices}`] };
  }
  // key paths (privacy.redact.patterns[2]) are relative to the file; name it once
  return path === null || resolved.errors.length === 0 ? resolved : { ...resolved, errors: [...resolved.errors, `(config file read: ${path})`] };
}

function formatHint(input: { env: NodeJS.ProcessEnv; flags: RunConfigSources['flags'] }): 'text' | 'json' {
  return (input.flags.logFormat ?? input.env.SPANLENS_LOG_FORMAT) === 'json' ? 'json' : 'text';
}
