import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { query, runCli, tempDir } from '../helpers/run-cli.js';

type Attr = [string, string | number | string[]];
const value = (v: Attr[1]) =>
  Array.isArray(v) ? { arrayValue: { values: v.map((s) => ({ stringValue: s })) } } : typeof v === 'number' ? (Number.isInteger(v) ? { intValue: v } : { doubleValue: v }) : { stringValue: v };

let traceNo = 0;
/** Returns an OTLP request holding one turn: a root and the given children (in time order). */
function turn(children: { name: string; attrs: Attr[]; status?: number }[], rootAttrs: Attr[] = []) {
  traceNo++;
  const traceId = traceNo.toString(16).padStart(32, '0');
  const t0 = 1_760_000_000_000_000_000n + BigInt(traceNo) * 1_000_000_000_000n;
  const root = { traceId, spanId: '1'.padStart(16, '0'), name: 'turn', startTimeUnixNano: String(t0), endTimeUnixNano: String(t0 + 10_000_000_000n), attributes: [['session.id', `s${traceNo}`] as Attr, ...rootAttrs].map(([key, v]) => ({ key, value: value(v) })) };
  const spans = children.map((c, i) => ({
    traceId,
    spanId: (i + 2).toString(16).padStart(16, '0'),
    parentSpanId: root.spanId,
    name: c.name,
    startTimeUnixNano: String(t0 + BigInt(i + 1) * 1_000_000_000n),
    endTimeUnixNano: String(t0 + BigInt(i + 1) * 1_000_000_000n + 500_000_000n),
    attributes: c.attrs.map(([key, v]) => ({ key, value: value(v) })),
    status: { code: c.status ?? 0 },
  }));
  return { traceId, line: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [root, ...spans] }] }] }) };
}

const chat = (extra: Attr[] = [], status = 0) => ({
  name: 'chat gpt-4o',
  status,
  attrs: [['gen_ai.operation.name', 'chat'], ['gen_ai.request.model', 'gpt-4o'], ['gen_ai.usage.input_tokens', 100], ['gen_ai.usage.output_tokens', 10], ...extra] as Attr[],
});
const retrieval = (docs: unknown[]) => ({ name: 'retrieval kb', attrs: [['gen_ai.operation.name', 'retrieval'], ['gen_ai.retrieval.documents', JSON.stringify(docs)]] as Attr[] });
const tool = (status: number) => ({ name: 'execute_tool x', status, attrs: [['gen_ai.operation.name', 'execute_tool'], ['gen_ai.tool.name', 'x']] as Attr[] });

describe('failure attribution: each rule, and the first failing step wins', () => {
  it('labels every kind', async () => {
    const cases: Record<string, ReturnType<typeof turn>> = {
      llm_error: turn([chat([], 2)]),
      tool_error: turn([chat(), tool(2)]),
      retrieval_empty: turn([retrieval([]), chat()]),
      retrieval_low_score: turn([retrieval([{ id: 'a', score: 0.1 }, { id: 'b', score: 0.2 }]), chat()]),
      stale_memory: turn([retrieval([{ id: 'm', score: 0.9, metadata: { created_at: '2024-01-01T00:00:00Z' } }]), chat()]),
      stale_low_confidence: turn([retrieval([{ id: 'm', score: 0.9, metadata: { confidence: 0.1 } }]), chat()]),
      truncated: turn([chat([['gen_ai.response.finish_reasons', ['length']]])]),
      content_filter: turn([chat([['gen_ai.response.finish_reasons', ['content_filter']]])]),
      template_error: turn([chat([['gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hello {{ customer_name }}, your order' }] }])]])]),
      postprocess_mismatch: turn(
        [chat([['gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Your refund of $40 was approved today.' }] }])]])],
        [['output.value', 'ERROR: could not render response template']],
      ),
      other_error: turn([{ name: 'guardrail', attrs: [], status: 2 }]),
      first_step_wins: turn([tool(2), chat([], 2)]),
      healthy: turn([retrieval([{ id: 'a', score: 0.9 }]), chat([['gen_ai.response.finish_reasons', ['stop']]])]),
      // placeholders: {name} and {{ name }} left in a prompt fail it; braces that are code or math do not
      template_single_brace: turn([chat([['gen_ai.input.messages', JSON.stringify([{ role: 'system', parts: [{ type: 'text', content: 'You help {customer_name} with orders.' }] }])]])]),
      js_template_literal: turn([chat([['gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Why does `Hello ${name}` print literally?' }] }])]])]),
      latex: turn([chat([['gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Simplify $\\frac{a}{b} + \\frac{dy}{dx} + \\sqrt[3]{x} + x^{n} + y_{i}$' }] }])]])]),
      // Langfuse marks a failed generation with level ERROR and leaves the status UNSET; an error
      // type alone (here error.type of a retried attempt, level WARNING) is not a failure
      langfuse_level_error: turn([
        { name: 'generation', attrs: [['langfuse.observation.type', 'generation'], ['langfuse.observation.level', 'ERROR'], ['langfuse.observation.status_message', 'RateLimitError: slow down'], ['gen_ai.request.model', 'gpt-4o']] },
      ]),
      langfuse_level_warning: turn([
        { name: 'generation', attrs: [['langfuse.observation.type', 'generation'], ['langfuse.observation.level', 'WARNING'], ['gen_ai.request.model', 'gpt-4o'], ['error.type', 'RateLimitError']] },
      ]),
    };
    const dir = tempDir();
    const db = path.join(dir, 'db.duckdb');
    writeFileSync(path.join(dir, 'turns.jsonl'), Object.values(cases).map((c) => c.line).join('\n') + '\n');
    assert.equal(runCli(['ingest', dir, '--db', db]).code, 0);
    const b = runCli(['build', '--db', db]);
    assert.equal(b.code, 0, b.stderr);
    const rows = await query(db, 'select trace_id, failure_kind, is_failed from turns');
    const byTrace = Object.fromEntries(rows.map((r) => [r.trace_id, r]));
    const expected: Record<string, string | null> = {
      llm_error: 'llm_error',
      tool_error: 'tool_error',
      retrieval_empty: 'retrieval_empty',
      retrieval_low_score: 'retrieval_low_score',
      stale_memory: 'stale_memory',
      stale_low_confidence: 'stale_memory',
      truncated: 'truncated',
      content_filter: 'content_filter',
      template_error: 'template_error',
      postprocess_mismatch: 'postprocess_mismatch',
      other_error: 'other_error',
      first_step_wins: 'tool_error',
      healthy: null,
      template_single_brace: 'template_error',
      js_template_literal: null,
      latex: null,
      langfuse_level_error: 'llm_error',
      langfuse_level_warning: null,
    };
    for (const [name, c] of Object.entries(cases)) {
      assert.equal(byTrace[c.traceId]!.failure_kind, expected[name], name);
      assert.equal(byTrace[c.traceId]!.is_failed, expected[name] !== null, name);
    }
  });
});
