/**
 * I/O: `spanlens compare --html FILE` — the compare result rendered with the report machinery
 * (reports/compare: deltas with CI bars, daily series with the change marked, per-type breakdown,
 * worst sessions), written atomically. Same escaping and self-containment as the main report.
 */
import path from 'node:path';
import type { CompareResult } from '../compare/compare-result.js';
import { reportsDirectory } from '../paths.js';
import { compareDatasets, compareNotices } from './compare-datasets.js';
import { loadReportDefinition } from './report-definition.js';
import { renderReport } from './render-report.js';
import { writeFileAtomic } from './write-file-atomic.js';
import { vegaRuntime } from './write-report.js';

export interface CompareHtmlOptions {
  file: string;
  dbPath: string;
  version: string;
  generatedAt: Date;
  /** Gate lines ("failure_rate billing +0.07"), or null without --fail-on-regression. */
  regressions: string[] | null;
}

/** Writes the compare page; returns its size in bytes and the compiler warnings. */
export async function writeCompareHtml(result: CompareResult, o: CompareHtmlOptions): Promise<{ bytes: number; warnings: string[] }> {
  const definition = loadReportDefinition(path.join(reportsDirectory(), 'compare'));
  const rendered = await renderReport({
    definition,
    datasets: compareDatasets(result),
    windowLabel: `${result.before.label} vs ${result.after.label}`,
    databaseLabel: path.basename(o.dbPath),
    notices: compareNotices(result, o.regressions),
    sessionHref: () => null,
    footer: `spanlens ${o.version} · generated ${o.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC · observational data: associations, not causes`,
    vegaRuntime: vegaRuntime(),
  });
  writeFileAtomic(o.file, rendered.html);
  return { bytes: Buffer.byteLength(rendered.html), warnings: rendered.warnings };
}
