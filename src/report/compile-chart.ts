/**
 * Pure: a Vega-Lite spec plus the rows of the datasets it names → a Vega spec with the data
 * inlined, compiled in Node so the page only needs the Vega runtime. Every compiler warning is
 * returned (tests require none).
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { specDatasets, type VegaLiteSpec } from './report-definition.js';

export type Row = Record<string, unknown>;

export interface CompiledChart {
  vega: Record<string, unknown>;
  warnings: string[];
}

/** Returns a logger for the Vega-Lite compiler that records warnings and errors. */
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

/** Returns the compiled chart; throws when a dataset the spec names is missing. */
export function compileChart(spec: VegaLiteSpec, datasets: Record<string, Row[]>): CompiledChart {
  const names = specDatasets(spec);
  const inlined: Record<string, Row[]> = {};
  for (const name of names) {
    const rows = datasets[name];
    if (!rows) throw new Error(`chart reads dataset ${name}, which was not loaded`);
    inlined[name] = rows;
  }
  const warnings: string[] = [];
  const { spec: vega } = compile({ ...spec, datasets: inlined } as unknown as TopLevelSpec, { logger: collectingLogger(warnings) as never });
  return { vega: vega as unknown as Record<string, unknown>, warnings };
}
