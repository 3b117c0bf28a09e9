/**
 * Pure: a trace's spans → an indented tree, one line per span, with the failing step marked.
 * Orphans (parent not in the trace) are shown at the top level with a note.
 */

export interface TreeSpan {
  span_id: string;
  parent_span_id: string | null;
  name: string;
  started_at_ms: number;
  duration_ms: number | null;
  status_code: string;
  operation: string | null;
  response_model: string | null;
  request_model: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  error_type: string | null;
}

/** Returns the tree as lines; `failingSpanId` gets a "◀ failing step (kind)" marker. */
export function renderSpanTree(spans: TreeSpan[], failingSpanId: string | null, failureKind: string | null): string[] {
  const ids = new Set(spans.map((s) => s.span_id));
  const children = new Map<string | null, TreeSpan[]>();
  for (const s of spans) {
    const parent = s.parent_span_id && ids.has(s.parent_span_id) ? s.parent_span_id : null;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  for (const list of children.values()) list.sort((a, b) => a.started_at_ms - b.started_at_ms);
  const t0 = Math.min(...spans.map((s) => s.started_at_ms));
  const lines: string[] = [];
  const visit = (s: TreeSpan, depth: number) => {
    const parts = [`${'  '.repeat(depth)}${s.name}`, `+${Math.round(s.started_at_ms - t0)}ms`, s.duration_ms === null ? '' : `${Math.round(s.duration_ms)}ms`];
    const model = s.response_model ?? s.request_model;
    if (model) parts.push(model);
    if (s.input_tokens !== null || s.output_tokens !== null) parts.push(`tokens ${s.input_tokens ?? 0}→${s.output_tokens ?? 0}`);
    if (s.status_code !== 'UNSET') parts.push(s.status_code);
    if (s.error_type) parts.push(`error ${s.error_type}`);
    if (s.parent_span_id && !ids.has(s.parent_span_id)) parts.push(`(orphan: parent ${s.parent_span_id} not found)`);
    if (s.span_id === failingSpanId) parts.push(`◀ failing step${failureKind ? ` (${failureKind})` : ''}`);
    lines.push(parts.filter((p) => p !== '').join('  '));
    for (const c of children.get(s.span_id) ?? []) visit(c, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  return lines;
}
