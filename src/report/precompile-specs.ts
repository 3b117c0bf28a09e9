/**
 * Build step (`npm run build`, `prepare`): compiles every Vega-Lite spec under reports/ once and
 * writes dist/compiled-specs.json, so `spanlens report` need not load the Vega-Lite compiler.
 * Fails (exit 1) when a spec raises a compiler warning.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { reportsDirectory } from '../paths.js';
import { compiledSpecsFile, compileSpecNow, specKey } from './compile-chart.js';
import { loadReportDefinition } from './report-definition.js';

const out: Record<string, unknown> = {};
const problems: string[] = [];
for (const name of readdirSync(reportsDirectory(), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
  const def = loadReportDefinition(path.join(reportsDirectory(), name));
  for (const [file, spec] of Object.entries(def.specs)) {
    const compiled = await compileSpecNow(spec);
    problems.push(...compiled.warnings.map((w) => `reports/${name}/${file}: ${w}`));
    out[specKey(spec)] = compiled;
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exitCode = 1;
} else {
  writeFileSync(compiledSpecsFile(), JSON.stringify(out));
  console.error(`compiled ${Object.keys(out).length} report specs into ${path.relative(process.cwd(), compiledSpecsFile())}`);
}
