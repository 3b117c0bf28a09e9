/**
 * A report definition plus its datasets → the finished HTML page (pure but for reading the
 * precompiled specs): every chart compiled
 * (warnings collected), the body rendered, the page shell around it. Used by `spanlens report`
 * (datasets from the database) and `spanlens compare --html` (datasets from a compare result).
 */
import { compileChart, type CompiledChart, type Row } from './compile-chart.js';
import { renderPage } from './page-shell.js';
import { renderOverview } from './render-overview.js';
import type { ReportDefinition } from './report-definition.js';

export interface ReportPageInput {
  definition: ReportDefinition;
  datasets: Record<string, Row[]>;
  windowLabel: string;
  databaseLabel: string;
  notices: string[];
  sessionHref: (sessionId: string) => string | null;
  footer: string;
  vegaRuntime: string;
}

export interface RenderedReport {
  html: string;
  warnings: string[];
  charts: number;
  tables: number;
}

/** Returns the page and what went into it. */
export async function renderReport(input: ReportPageInput): Promise<RenderedReport> {
  const charts: Record<string, CompiledChart> = {};
  const warnings: string[] = [];
  let tables = 0;
  for (const section of input.definition.sections) {
    for (const item of section.items) {
      if (item.kind === 'table') {
        tables++;
        continue;
      }
      charts[item.id] = await compileChart(input.definition.specs[item.spec]!, input.datasets);
      warnings.push(...charts[item.id]!.warnings.map((w) => `${item.spec}: ${w}`));
    }
  }
  const body = renderOverview({ ...input, charts });
  const html = renderPage({ title: input.definition.title, body, vegaRuntime: input.vegaRuntime, footer: input.footer });
  return { html, warnings, charts: Object.keys(charts).length, tables };
}
