/**
 * What a report is made of, as `reports/<name>/report.json` declares it: sections of charts
 * (Vega-Lite specs in the same folder, whose `data.name` names a dataset) and tables, each with a
 * caption and the sample size it states. Reading and validating the folder is the only I/O here;
 * validation returns every problem at once, each as "path: message".
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** How a chart's or table's n is stated: an aggregate of one dataset's column, in a unit. */
export interface SampleSizeRule {
  dataset: string;
  /** Omitted with op "rows". */
  field?: string;
  op: 'sum' | 'max' | 'rows';
  unit: string; // e.g. "turns"
}

export type ColumnFormat = 'text' | 'int' | 'number' | 'usd' | 'rate' | 'p' | 'ci' | 'flag' | 'date';

export interface TableColumn {
  field: string;
  label: string;
  format?: ColumnFormat;
  /** With format "ci": the interval's upper end (field is the lower). */
  field2?: string;
  /** The cell links to the session's page. */
  link?: 'session';
  /** Long text that may wrap (other cells stay on one line; the table scrolls sideways). */
  wrap?: boolean;
}

export interface ChartItem {
  kind: 'chart';
  id: string;
  title: string;
  caption: string;
  spec: string; // file name in the report folder
  n: SampleSizeRule;
}

export interface TableItem {
  kind: 'table';
  id: string;
  title: string;
  caption: string;
  dataset: string;
  columns: TableColumn[];
  /** Rows shown at most (the dataset may hold more). */
  limit?: number;
  /** Only rows whose `field` equals `equals` (or is one of `in`). */
  filter?: { field: string; equals?: string | number | boolean; in?: (string | number | boolean)[] };
  n: SampleSizeRule;
}

export type ReportItem = ChartItem | TableItem;

export interface ReportSection {
  id: string;
  title: string;
  intro?: string;
  items: ReportItem[];
}

export interface ReportDefinition {
  name: string;
  title: string;
  description: string;
  sections: ReportSection[];
  /** Datasets the caller supplies (e.g. a compare result) instead of the database. */
  provided?: string[];
  /** Vega-Lite specs by file name. */
  specs: Record<string, VegaLiteSpec>;
}

/** A Vega-Lite spec as JSON (checked by the compiler, not here). */
export type VegaLiteSpec = Record<string, unknown>;

const ID = /^[a-z0-9][a-z0-9-]*$/;
const FORMATS: ColumnFormat[] = ['text', 'int', 'number', 'usd', 'rate', 'p', 'ci', 'flag', 'date'];

/** Returns every dataset name a spec reads (top-level and layered `data.name`). */
export function specDatasets(spec: unknown): string[] {
  const names = new Set<string>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'data' && value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string') names.add((value as { name: string }).name);
        else visit(value);
      }
    }
  };
  visit(spec);
  return [...names];
}

/** Returns the dataset names the whole report reads. */
export function reportDatasets(def: ReportDefinition): string[] {
  const names = new Set<string>();
  for (const section of def.sections) {
    for (const item of section.items) {
      names.add(item.n.dataset);
      if (item.kind === 'table') names.add(item.dataset);
      else for (const n of specDatasets(def.specs[item.spec])) names.add(n);
    }
  }
  return [...names].sort();
}

/** Returns the problems of a parsed report.json (empty when valid). */
export function validateReport(raw: unknown, specFiles: string[]): string[] {
  const errors: string[] = [];
  const r = raw as Partial<ReportDefinition> | null;
  if (!r || typeof r !== 'object') return ['report.json: not an object'];
  if (typeof r.title !== 'string') errors.push('title: missing');
  if (!Array.isArray(r.sections) || r.sections.length === 0) return [...errors, 'sections: missing or empty'];
  const ids = new Set<string>();
  r.sections.forEach((s, si) => {
    const at = `sections[${si}]`;
    if (!ID.test(String(s?.id))) errors.push(`${at}.id: lowercase letters, digits and dashes`);
    if (typeof s?.title !== 'string') errors.push(`${at}.title: missing`);
    if (!Array.isArray(s?.items) || s.items.length === 0) return errors.push(`${at}.items: missing or empty`);
    s.items.forEach((item, ii) => {
      const here = `${at}.items[${ii}]`;
      if (!ID.test(String(item?.id))) errors.push(`${here}.id: lowercase letters, digits and dashes`);
      else if (ids.has(item.id)) errors.push(`${here}.id: ${item.id} is used twice`);
      else ids.add(item.id);
      if (typeof item?.title !== 'string' || typeof item?.caption !== 'string') errors.push(`${here}: title and caption are required`);
      const n = item?.n as SampleSizeRule | undefined;
      if (!n || typeof n.dataset !== 'string' || typeof n.unit !== 'string' || !['sum', 'max', 'rows'].includes(n.op) || (n.op !== 'rows' && typeof n.field !== 'string')) {
        errors.push(`${here}.n: needs dataset, op (sum, max or rows), field (unless rows) and unit — every chart and table states its sample size`);
      }
      if (item?.kind === 'chart') {
        if (!specFiles.includes(item.spec)) errors.push(`${here}.spec: no file ${item.spec} in the report folder`);
      } else if (item?.kind === 'table') {
        if (typeof item.dataset !== 'string') errors.push(`${here}.dataset: missing`);
        if (!Array.isArray(item.columns) || item.columns.length === 0) errors.push(`${here}.columns: missing`);
        else
          item.columns.forEach((c, ci) => {
            if (typeof c?.field !== 'string' || typeof c?.label !== 'string') errors.push(`${here}.columns[${ci}]: field and label are required`);
            if (c?.format && !FORMATS.includes(c.format)) errors.push(`${here}.columns[${ci}].format: one of ${FORMATS.join(', ')}`);
            if (c?.format === 'ci' && typeof c.field2 !== 'string') errors.push(`${here}.columns[${ci}]: format ci needs field2 (the upper end)`);
          });
      } else errors.push(`${here}.kind: chart or table`);
    });
  });
  return errors;
}

/** Reads and validates `reports/<name>/`; throws one Error listing every problem. */
export function loadReportDefinition(folder: string): ReportDefinition {
  const files = readdirSync(folder);
  const specFiles = files.filter((f) => f.endsWith('.vl.json'));
  const parse = (file: string) => {
    try {
      return JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as unknown;
    } catch (error) {
      throw new Error(`${path.join(folder, file)}: ${(error as Error).message}`);
    }
  };
  const raw = parse('report.json');
  const errors = validateReport(raw, specFiles);
  if (errors.length > 0) throw new Error(`${path.join(folder, 'report.json')} is not a valid report definition:\n  ${errors.join('\n  ')}`);
  const specs: Record<string, VegaLiteSpec> = {};
  for (const f of specFiles) specs[f] = parse(f) as VegaLiteSpec;
  return { name: path.basename(folder), ...(raw as Omit<ReportDefinition, 'name' | 'specs'>), specs };
}
