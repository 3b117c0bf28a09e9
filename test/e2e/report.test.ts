/// <reference lib="dom" />
/**
 * Acceptance for `spanlens report` (issue 5): on generated data plus sessions whose ids, user ids,
 * span names and session types carry XSS payloads, the report is written atomically, states n
 * everywhere, escapes everything, matches its golden structure, and — in real headless Chromium —
 * renders every chart with no console errors and no network requests, payloads inert.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_OPTIONS, generate } from '../fixtures/generate.js';
import { ExportFileWriter, initZstd } from '../fixtures/write-export.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { chatTurns, jsonRequest } from '../helpers/sdk-export.js';

const XSS_USER = '<script>window.__xss = 1</script>';
const XSS_SESSION = '"><img src=x onerror="window.__xss = 2">';
const XSS_NAME = '</pre><script>window.__xss = 3</script>';
const XSS_TYPE = "<svg onload=\"window.__xss = 4\">";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const GOLDEN = path.join(ROOT, 'test', 'golden', 'report-overview.json');
const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');

let dir = '';
let db = '';
let out = '';

async function buildDatabase(): Promise<void> {
  await initZstd();
  dir = tempDir('spanlens-report-');
  const exports = path.join(dir, 'exports');
  mkdirSync(exports);
  const writer = new ExportFileWriter(path.join(exports, 'a.jsonl'), 'json-lines', 'none');
  generate({ ...DEFAULT_OPTIONS, family: 'mixed', sessions: 80, seed: 5, batchSize: 50 }, (batch) => writer.write(batch));
  writer.close();
  const start = Date.parse('2026-10-05T12:00:00Z') / 1000;
  const hostile = chatTurns(
    [0, 1, 2].map((i) => ({ session: XSS_SESSION, user: XSS_USER, start: start + i * 60, input: 900_000, output: 90_000, cached: 0, failLlm: true, rootName: XSS_NAME, sessionType: XSS_TYPE })),
  );
  writeFileSync(path.join(exports, 'hostile.jsonl'), jsonRequest(hostile) + '\n');
  db = path.join(dir, 'db.duckdb');
  for (const args of [['ingest', exports, '--db', db], ['build', '--db', db]]) {
    const r = runCli(args);
    assert.equal(r.code, 0, r.stderr);
  }
  out = path.join(dir, 'report');
}

/** Returns the report's structure and data with volatile parts normalized, for the golden file. */
function structureOf(html: string): unknown {
  const round = (v: unknown): unknown =>
    typeof v === 'number' ? Number(v.toPrecision(10)) : Array.isArray(v) ? v.map(round) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)])) : v;
  const figures = [...html.matchAll(/<figure aria-labelledby="[^"]+" data-item="([^"]+)">\n<h3 [^>]*>([^<]*)<\/h3>([\s\S]*?)<figcaption>([\s\S]*?)<\/figcaption>/g)].map(([, id, title, body, caption]) => {
    const spec = /<script type="application\/json" data-chart="[^"]+">([\s\S]*?)<\/script>/.exec(body!);
    const data = spec ? Object.fromEntries((JSON.parse(spec[1]!).data as { name: string; values?: unknown[] }[]).filter((d) => d.values).map((d) => [d.name, round(d.values)])) : undefined;
    const rows = spec ? undefined : [...body!.matchAll(/<tr(?: class="small")?><td>([\s\S]*?)<\/tr>/g)].map(([, r]) => r!.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|'));
    return { id, title, caption: caption!.replace(/<[^>]+>/g, ''), ...(data ? { data } : {}), ...(rows ? { rows } : {}) };
  });
  const sections = [...html.matchAll(/<section id="([^"]+)">\n<h2>([^<]*)<\/h2>/g)].map(([, id, title]) => ({ id, title }));
  return { sections, figures };
}

describe('spanlens report', () => {
  before(buildDatabase);

  it('writes the overview and session pages, atomically, with no compile warnings', () => {
    const r = runCli(['report', '--db', db, '--out', out, '--top-sessions', '5', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.charts, 11);
    assert.equal(summary.tables, 8);
    assert.deepEqual(summary.compile_warnings, []);
    assert.ok(summary.session_pages >= 5 && summary.session_pages <= 10, String(summary.session_pages));
    assert.equal(readdirSync(path.join(out, 'sessions')).length, summary.session_pages);
    assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.tmp')), []);
    assert.ok(summary.bytes < 3 * 1024 * 1024, `overview + pages ${summary.bytes} bytes`);
  });

  it('states n on every figure and marks small samples', () => {
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    const figures = html.split('<figure').slice(1);
    assert.equal(figures.length, 19);
    for (const f of figures) assert.match(f, /<span class="n">n = [\d,]+ /, f.slice(0, 200));
    assert.match(html, /rest on a small sample/);
    assert.doesNotMatch(html, /<script[^>]* src=|<link |<img |<iframe /i, 'nothing is loaded from elsewhere');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
  });

  it('escapes every payload (ids, user ids, span names, session types) in the overview and the session page', () => {
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    const pages = readdirSync(path.join(out, 'sessions')).map((f) => readFileSync(path.join(out, 'sessions', f), 'utf8'));
    const hostile = pages.find((p) => p.includes('window.__xss = 3'));
    assert.ok(hostile, 'the hostile session (most failures) has a page');
    for (const page of [html, hostile!]) {
      for (const p of [XSS_USER, XSS_SESSION, XSS_NAME, XSS_TYPE]) assert.ok(!page.includes(p), `raw payload ${p} found`);
    }
    assert.ok(hostile!.includes('&lt;/pre&gt;&lt;script&gt;window.__xss = 3&lt;/script&gt;'));
    assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=&quot;window.__xss = 2&quot;&gt;'));
  });

  it('matches the golden structure and data (dates and versions normalized)', () => {
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    const actual = JSON.stringify(structureOf(html), null, 1) + '\n';
    if (!existsSync(GOLDEN)) {
      assert.notEqual(process.env.CI, 'true', `golden file ${GOLDEN} is missing; generate it locally (npm test) and commit it`);
      writeFileSync(GOLDEN, actual);
    }
    const expected = readFileSync(GOLDEN, 'utf8');
    if (actual !== expected) {
      writeFileSync(GOLDEN.replace(/\.json$/, '-changed.json'), actual);
      assert.fail(`report differs from ${GOLDEN}; see report-overview-changed.json beside it (replace the golden file if the change is intended)`);
    }
  });

  it('--since/--until recompute the window; an empty window still renders and says so', () => {
    const week = runCli(['report', '--db', db, '--out', path.join(dir, 'week'), '--since', '2026-10-05', '--until', '2026-10-06', '--json']);
    assert.equal(week.code, 0, week.stderr);
    assert.match(week.stderr, /metric tables recomputed from [\d,]+ turns/);
    const all = JSON.parse(runCli(['report', '--db', db, '--out', path.join(dir, 'all2'), '--json']).stdout);
    const w = JSON.parse(week.stdout);
    assert.ok(w.datasets.volume_by_day < all.datasets.volume_by_day, 'fewer days in the window');
    const empty = runCli(['report', '--db', db, '--out', path.join(dir, 'empty'), '--since', '2030-01-01', '--json']);
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(readFileSync(path.join(dir, 'empty', 'index.html'), 'utf8'), /no data in this window/);
    const bad = runCli(['report', '--db', db, '--since', '2026-02-30']);
    assert.equal(bad.code, 2);
  });

  it('compare --html writes a self-contained page from the same result as --json, payloads escaped', () => {
    const page = path.join(dir, 'compare.html');
    const r = runCli(['compare', '--db', db, '--before', '2026-10-01..2026-10-04', '--after', '2026-10-05..2026-10-14', '--html', page, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    const html = readFileSync(page, 'utf8');
    assert.equal(html.split('data-chart=').length - 1, 3);
    assert.ok(html.includes(`Before — 2026-10-01..2026-10-04: ${result.before.turns.toLocaleString('en-US')} turns`));
    assert.ok(html.includes(`${result.rows.length} comparisons`), 'the table states its n');
    assert.ok(!html.includes(XSS_TYPE) && !html.includes(XSS_USER), 'raw payloads');
    assert.ok(html.includes('&lt;svg onload=&quot;window.__xss = 4&quot;&gt;'), 'the hostile session type is shown, escaped');
  });

  it('asks for a build first on a database without metric tables', () => {
    const fresh = path.join(dir, 'fresh.duckdb');
    assert.equal(runCli(['ingest', path.join(dir, 'exports', 'hostile.jsonl'), '--db', fresh]).code, 0);
    const r = runCli(['report', '--db', fresh, '--out', path.join(dir, 'none')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /run spanlens build first/);
  });
});

describe('spanlens report in headless Chromium', () => {
  const executablePath = process.env.SPANLENS_CHROMIUM ?? '/usr/bin/chromium';
  let browser: import('playwright-core').Browser;

  before(async () => {
    if (!out) await buildDatabase();
    if (!existsSync(path.join(out, 'index.html'))) assert.equal(runCli(['report', '--db', db, '--out', out, '--top-sessions', '5']).code, 0);
    assert.ok(existsSync(executablePath), `Chromium not found at ${executablePath}: .ci/run installs Debian's chromium (apt-get install chromium)`);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  });
  after(async () => browser?.close());

  async function open(file: string) {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => !r.url().startsWith('file:') && requests.push(r.url()));
    await page.goto(`file://${file}`);
    return { page, problems, requests };
  }

  it('renders every chart as SVG with marks, with no console errors, no network requests, payloads inert', async () => {
    const { page, problems, requests } = await open(path.join(out, 'index.html'));
    await page.waitForFunction(() => Array.from(document.querySelectorAll(".chart")).every((c) => c.getAttribute('data-rendered')), null, { timeout: 20_000 });
    const charts = await page.$$eval('.chart', (els) => els.map((e) => ({ id: e.id, state: e.getAttribute('data-rendered'), marks: e.querySelectorAll('svg .mark-symbol path, svg .mark-line path, svg .mark-rect path, svg .mark-rule line, svg .mark-area path').length, label: e.querySelector('svg')?.getAttribute('aria-label') ?? e.getAttribute('aria-label') })));
    assert.equal(charts.length, 11);
    for (const c of charts) {
      assert.equal(c.state, 'true', c.id);
      assert.ok(c.marks > 0, `${c.id} has no marks`);
      assert.ok(c.label, `${c.id} has no accessible label`);
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, []);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
    // the payload is visible as text
    assert.ok((await page.textContent('body'))!.includes(XSS_SESSION));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 1366, `page scrolls sideways at laptop width (${width}px)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-overview.png'), fullPage: true });
    await page.close();
  });

  it('renders the compare page: every chart drawn, nothing executed, no requests', async () => {
    const { page, problems, requests } = await open(path.join(dir, 'compare.html'));
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.chart')).every((c) => c.getAttribute('data-rendered')), null, { timeout: 20_000 });
    const states = await page.$$eval('.chart', (els) => els.map((e) => `${e.id}:${e.getAttribute('data-rendered')}:${e.querySelectorAll('svg path, svg line').length > 0}`));
    assert.deepEqual(states, ['chart-deltas-overall:true:true', 'chart-daily:true:true', 'chart-deltas-types:true:true']);
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, []);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    await page.screenshot({ path: path.join(ARTIFACTS, 'compare.png'), fullPage: true });
    await page.close();
  });

  it('opens the hostile session page from its link: text shown, nothing executed', async () => {
    const { page, problems, requests } = await open(path.join(out, 'index.html'));
    const link = page.locator('#table-most-failures a', { hasText: XSS_SESSION }).first();
    await link.click();
    await page.waitForLoadState('load');
    assert.match(page.url(), /sessions\/[0-9a-f]{16}\.html$/);
    assert.ok((await page.textContent('h1'))!.includes(XSS_SESSION));
    assert.ok((await page.textContent('pre.tree'))!.includes(XSS_NAME));
    assert.ok((await page.textContent('.failing'))!.length > 0, 'the failing step is marked');
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, []);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-session.png'), fullPage: true });
    await page.close();
  });
});
