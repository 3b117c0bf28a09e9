/**
 * The bundled report definitions: valid, every chart compiles with Vega-Lite without warnings, every
 * dataset resolves to a query in queries/reports or a metric table, every item states its n.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { bindData, compileSpecNow } from '../../../src/report/compile-chart.js';
import { metricTables } from '../../../src/report/read-datasets.js';
import { loadReportDefinition, reportDatasets, specDatasets, validateReport } from '../../../src/report/report-definition.js';
import { queriesDirectory, reportsDirectory } from '../../../src/paths.js';

const reports = readdirSync(reportsDirectory(), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

describe('report definitions', () => {
  it('there is at least the overview', () => assert.ok(reports.includes('overview')));

  for (const name of reports) {
    const def = loadReportDefinition(path.join(reportsDirectory(), name));
    it(`${name}: every dataset is a report query or a metric table`, () => {
      for (const ds of reportDatasets(def)) {
        assert.ok(existsSync(path.join(queriesDirectory(), 'reports', `${ds}.sql`)) || metricTables().includes(ds) || def.provided?.includes(ds), ds);
      }
    });
    for (const [file, spec] of Object.entries(def.specs)) {
      it(`${name}/${file} compiles without warnings and has an accessible description`, async () => {
        const { vega, warnings } = await compileSpecNow(spec);
        assert.deepEqual(warnings, []);
        assert.equal(typeof spec.description, 'string');
        assert.ok(Array.isArray(vega.data) && (vega.data as unknown[]).length > 0);
      });
      it(`${name}/${file} shows its n in a tooltip`, () => {
        assert.match(JSON.stringify(spec), /"title":\s*"n["( ]/);
      });
    }
    it(`${name}: every spec file is used by an item`, () => {
      const used = new Set(def.sections.flatMap((s) => s.items.flatMap((i) => (i.kind === 'chart' ? [i.spec] : []))));
      assert.deepEqual(Object.keys(def.specs).filter((f) => !used.has(f)), []);
    });
  }
});

describe('bindData', () => {
  it('sets the rows on the named data entries only, leaving the compiled spec untouched', async () => {
    const spec = loadReportDefinition(path.join(reportsDirectory(), 'overview')).specs['volume-by-day.vl.json']!;
    const compiled = await compileSpecNow(spec);
    const rows = [{ day: '2026-11-01', measure: 'turns', count: 3 }];
    const bound = bindData(compiled, specDatasets(spec), { volume_by_day: rows });
    const entry = (bound.vega.data as { name: string; values?: unknown }[]).find((d) => d.name === 'volume_by_day');
    assert.deepEqual(entry?.values, rows);
    assert.equal((compiled.vega.data as { values?: unknown }[]).some((d) => d.values), false);
    assert.throws(() => bindData(compiled, specDatasets(spec), {}), /volume_by_day/);
  });
});

describe('validateReport', () => {
  it('reports every problem with its path, including a missing sample size', () => {
    const errors = validateReport(
      { title: 't', sections: [{ id: 'a', title: 'A', items: [{ kind: 'chart', id: 'c', title: 'C', caption: 'x', spec: 'missing.vl.json' }, { kind: 'table', id: 'c', title: 'T', caption: 'y', dataset: 'd', columns: [{ field: 'f', label: 'F', format: 'ci' }], n: { dataset: 'd', op: 'rows', unit: 'rows' } }] }] },
      [],
    );
    assert.ok(errors.some((e) => e.startsWith('sections[0].items[0].n:')), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('sections[0].items[0].spec:')));
    assert.ok(errors.some((e) => e.includes('is used twice')));
    assert.ok(errors.some((e) => e.includes('field2')));
  });
});
