/**
 * A Vega-Lite spec → a Vega spec, compiled in Node so the page only needs the Vega runtime, then
 * bound to the rows of the datasets it names. Compilation does not depend on the data (the spec
 * names its datasets; values are set on the compiled spec's data entries of those names), so each
 * spec is compiled once: `npm run build` stores the compiled specs in dist/compiled-specs.json,
 * keyed by a hash of the spec and the Vega-Lite version, and a spec not found there is compiled
 * on the spot (importing vega-lite costs ~0.3 s of start-up). Every compiler warning is returned.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { specDatasets, type VegaLiteSpec } from './report-definition.js';

export type Row = Record<string, unknown>;

export interface CompiledChart {
  vega: Record<string, unknown>;
  warnings: string[];
}

interface CompiledSpec {
  vega: Record<string, unknown>;
  warnings: string[];
}

const require = createRequire(import.meta.url);
// the package exports only its schema besides the code; package.json sits one folder above it
const VEGA_LITE_VERSION = (JSON.parse(readFileSync(path.resolve(path.dirname(require.resolve('vega-lite/vega-lite-schema.json')), '..', 'package.json'), 'utf8')) as { version: string }).version;

/** Where `npm run build` writes the compiled specs (dist/compiled-specs.json). */
export function compiledSpecsFile(): string {
  const here = path.dirname(new URL(import.meta.url).pathname);
  // dist/src/report/compile-chart.js → dist/compiled-specs.json
  return path.resolve(here, '..', '..', 'compiled-specs.json');
}

/** Returns the cache key of a spec: its JSON and the compiler's version. */
export function specKey(spec: VegaLiteSpec): string {
  return createHash('sha256').update(VEGA_LITE_VERSION).update(JSON.stringify(spec)).digest('hex');
}

let precompiled: Record<string, CompiledSpec> | null = null;

function loadPrecompiled(): Record<string, CompiledSpec> {
  if (precompiled) return precompiled;
  const file = compiledSpecsFile();
  precompiled = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, CompiledSpec>) : {};
  return precompiled;
}

/** Returns the logger the Vega-Lite compiler reports through, recording warnings and errors. */
function collectingLogger(sink: string[]) {
  let level = 2;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    warn: (...args: unknown[]) => (sink.push(args.map(String).join(' ')), logger),
    error: (...args: unknown[]) => (sink.push(`error: ${args.map(String).join(' ')}`), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** Returns the spec compiled by Vega-Lite now (no cache), with its warnings. */
export async function compileSpecNow(spec: VegaLiteSpec): Promise<CompiledSpec> {
  const { compile } = await import('vega-lite');
  const warnings: string[] = [];
  const { spec: vega } = compile(spec as never, { logger: collectingLogger(warnings) as never });
  return { vega: vega as unknown as Record<string, unknown>, warnings };
}

/** Returns the compiled spec, from dist/compiled-specs.json when it is there. */
export async function compileSpec(spec: VegaLiteSpec): Promise<CompiledSpec> {
  return loadPrecompiled()[specKey(spec)] ?? (await compileSpecNow(spec));
}

/** Pure: returns a copy of a compiled spec whose named data entries carry the datasets' rows. */
export function bindData(compiled: CompiledSpec, names: string[], datasets: Record<string, Row[]>): CompiledChart {
  const data = ((compiled.vega.data as { name: string }[] | undefined) ?? []).map((d) => {
    if (!names.includes(d.name)) return d;
    const rows = datasets[d.name];
    if (!rows) throw new Error(`chart reads dataset ${d.name}, which was not loaded`);
    return { ...d, values: rows };
  });
  return { vega: { ...compiled.vega, data }, warnings: compiled.warnings };
}

/** Returns the compiled chart bound to its datasets; throws when a dataset it names is missing. */
export async function compileChart(spec: VegaLiteSpec, datasets: Record<string, Row[]>): Promise<CompiledChart> {
  const names = specDatasets(spec);
  for (const n of names) if (!datasets[n]) throw new Error(`chart reads dataset ${n}, which was not loaded`);
  return bindData(await compileSpec(spec), names, datasets);
}
