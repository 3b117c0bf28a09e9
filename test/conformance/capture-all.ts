/**
 * Regenerates every committed capture: runs each family's capture script in its own process (the
 * instrumentations patch the same `openai` classes, so they must not share one) and writes
 * test/conformance/otlp/<family>.jsonl.
 *
 *   npx tsc -p tsconfig.json && node dist/test/conformance/capture-all.js [--out DIR] [family...]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMITTED_DIR, type CaptureResult } from './harness.js';

export const CAPTURE_FAMILIES = ['otel-genai', 'openinference', 'openllmetry', 'vercel-ai', 'langfuse'] as const;
export type CaptureFamily = (typeof CAPTURE_FAMILIES)[number];

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Runs one family's capture in a child process and returns what it reported. */
export function runCapture(family: CaptureFamily, out: string): CaptureResult {
  const script = path.join(HERE, `capture-${family}.js`);
  const r = spawnSync(process.execPath, [script, '--out', out], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`capture-${family} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as CaptureResult;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--out');
  const dir = i >= 0 ? path.resolve(args[i + 1]!) : COMMITTED_DIR;
  const wanted = args.filter((a, j) => !a.startsWith('--') && (i < 0 || j !== i + 1));
  const families = wanted.length ? CAPTURE_FAMILIES.filter((f) => wanted.includes(f)) : CAPTURE_FAMILIES;
  for (const family of families) {
    const r = runCapture(family, path.join(dir, `${family}.jsonl`));
    console.log(`${family}: ${r.spans} spans in ${r.traces} traces, ${r.calls.length} HTTP calls → ${path.relative(process.cwd(), r.out)}`);
  }
}
