/**
 * Pure: the HTML document around a report page — styles readable at laptop width, and, when the
 * page has charts, the inlined Vega runtime plus a boot script that renders each embedded Vega
 * spec as SVG. Nothing is fetched: the page works from file:// with no network.
 */
import { escapeHtml, inlineScript } from './escape-html.js';

export interface PageShell {
  title: string;
  /** Already-escaped HTML of the page body. */
  body: string;
  /** The Vega runtime's source, when the page has charts. */
  vegaRuntime?: string;
  /** Shown in the footer, e.g. "spanlens 0.1.0 · generated 2026-11-25 10:00 UTC". */
  footer: string;
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --warn: #9a5b00; --bad: #b42318; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #fafbfc; }
header, main, footer { max-width: 1120px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 20px; }
h1 { font-size: 1.6rem; margin: 0.2em 0; } h2 { font-size: 1.25rem; margin: 1.6em 0 0.4em; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.02rem; margin: 1.2em 0 0.2em; }
nav a { margin-right: 1em; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; } dl.meta dd { margin: 0; color: var(--ink); } .meta { color: var(--muted); font-size: 0.9rem; }
figure { margin: 0.6em 0 1.4em; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px; overflow-x: auto; }
figcaption { color: var(--muted); font-size: 0.88rem; margin-top: 0.4em; } .n { color: var(--ink); font-weight: 600; }
.chart { min-height: 60px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.88rem; width: 100%; background: #fff; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; white-space: nowrap; }
td.wrap { white-space: normal; min-width: 18em; overflow-wrap: anywhere; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.small td { color: var(--muted); }
.small-n { font-size: 0.72rem; color: var(--warn); border: 1px solid var(--warn); border-radius: 3px; padding: 0 3px; white-space: nowrap; }
.failing { color: var(--bad); font-weight: 600; }
.notice { background: #fff7e6; border: 1px solid #f0c36d; border-radius: 6px; padding: 8px 12px; }
pre.tree { background: #fff; border: 1px solid var(--line); padding: 8px; overflow-x: auto; font-size: 0.82rem; white-space: pre; }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 0.8rem; padding: 24px 20px; }
`;

const BOOT = `
(function () {
  var nodes = document.querySelectorAll('script[type="application/json"][data-chart]');
  nodes.forEach(function (node) {
    var target = document.getElementById(node.getAttribute('data-chart'));
    try {
      var view = new vega.View(vega.parse(JSON.parse(node.textContent)), { renderer: 'svg', container: target, hover: true });
      view.runAsync().then(function () { target.setAttribute('data-rendered', 'true'); })
        .catch(function (e) { target.setAttribute('data-rendered', 'error'); target.textContent = 'This chart failed to render: ' + e.message; console.error(e); });
    } catch (e) {
      target.setAttribute('data-rendered', 'error'); target.textContent = 'This chart failed to render: ' + e.message; console.error(e);
    }
  });
})();
`;

/** Returns the complete HTML document. */
export function renderPage(page: PageShell): string {
  const scripts = page.vegaRuntime ? `<script>${inlineScript(page.vegaRuntime)}</script>\n<script>${BOOT}</script>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline' 'unsafe-eval'">
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${page.body}
<footer>${escapeHtml(page.footer)}</footer>
${scripts}
</body>
</html>
`;
}
