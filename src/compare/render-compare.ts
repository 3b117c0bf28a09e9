/**
 * Pure: a CompareResult as the terminal table. Every number printed comes from the result (the
 * same document `--json` prints), only rounded: rates in % and deltas in percentage points (pp).
 * Columns are separated by at least two spaces and no cell contains two spaces in a row, so the
 * table can be parsed back (the e2e test does).
 */
import type { CompareResult, CompareRow, CompareSide } from './compare-result.js';
import type { RegressionGate } from './regression-gate.js';

const RATES = new Set(['failure_rate', 'truncation_rate', 'tool_error_rate']);
const DECIMALS: Record<string, number> = { mean_quality: 3, latency_p50_ms: 0, latency_p95_ms: 0, tokens_per_turn: 1, cost_per_turn_usd: 5 };

const count = (n: number) => n.toLocaleString('en-US');

/** Returns a metric value as printed: rates as "12.3%", others rounded per metric. */
export function formatValue(metric: string, v: number | null): string {
  if (v === null) return '—';
  return RATES.has(metric) ? `${(v * 100).toFixed(1)}%` : v.toFixed(DECIMALS[metric] ?? 3);
}

/** Returns a difference as printed, signed: rates in percentage points ("+10.1pp"). */
export function formatDelta(metric: string, v: number | null): string {
  if (v === null) return '—';
  const text = RATES.has(metric) ? (v * 100).toFixed(1) : v.toFixed(DECIMALS[metric] ?? 3);
  const unit = RATES.has(metric) ? 'pp' : '';
  return `${text.startsWith('-') ? '' : '+'}${text}${unit}`;
}

/** Returns a p-value as printed: "<0.001" below that, else three decimals. */
export function formatP(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

function scopeLabel(r: CompareRow): string {
  if (r.scope === 'overall') return 'overall';
  if (r.scope === 'mix_adjusted') return 'mix-adjusted';
  return `type ${r.segment.replace(/\s+/g, ' ') || '(none)'}`;
}

export const TABLE_COLUMNS = ['scope', 'metric', 'before', 'after', 'delta', '95% CI of delta', 'p (Holm)', 'n before', 'n after', 'sessions before', 'sessions after', 'verdict'];

/** Returns the table's cells, one array per row, in result order. */
export function tableCells(result: CompareResult): string[][] {
  return result.rows.map((r) => [
    scopeLabel(r),
    r.metric,
    formatValue(r.metric, r.before_value),
    formatValue(r.metric, r.after_value),
    formatDelta(r.metric, r.difference),
    r.ci_low === null || r.ci_high === null ? '—' : `[${formatDelta(r.metric, r.ci_low)}, ${formatDelta(r.metric, r.ci_high)}]`,
    formatP(r.p_holm),
    count(r.before_n),
    count(r.after_n),
    count(r.before_sessions),
    count(r.after_sessions),
    r.verdict,
  ]);
}

function sideLine(name: string, s: CompareSide): string {
  const days = s.days ? `, on ${s.days.length} day(s) both snapshots answered` : '';
  const snapshot = s.response_model ? `snapshot ${s.response_model}, ` : '';
  return `${name.padEnd(8)}${s.label}  [${s.from}, ${s.to})  ${snapshot}${count(s.turns)} turns in ${count(s.sessions)} sessions${days}`;
}

/** Returns the aligned table, with a blank line between scopes when each has several metrics. */
function table(result: CompareResult): string[] {
  const cells = tableCells(result);
  const widths = TABLE_COLUMNS.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(TABLE_COLUMNS)];
  cells.forEach((row, i) => {
    if (i > 0 && row[0] !== cells[i - 1]![0] && result.metrics.length > 1) out.push('');
    out.push(line(row));
  });
  return out;
}

/** Returns the terminal output of `spanlens compare`: windows, filters, the note, the table, worst sessions, the gate. */
export function renderCompare(result: CompareResult, gate: RegressionGate | null = null): string {
  const f = result.filters;
  const filters = [`provider ${f.provider ?? 'any'}`, `request model ${f.request_model ?? 'any'}`, `session type ${f.session_type ?? 'any'}`].join(', ');
  const lines = [sideLine('before', result.before), sideLine('after', result.after), `${'filters'.padEnd(8)}${filters}`];
  const c = result.change;
  if (c) lines.push(`${'change'.padEnd(8)}${c.id}  ${c.provider} ${c.request_model}: ${c.previous_snapshot ?? '(none)'} → ${c.new_snapshot} on ${c.change_day}`);
  lines.push(
    result.note,
    `Holm-adjusted across all ${result.holm_family_size} tests in this table (metrics × scopes): verdicts at p (Holm) < ${result.settings.alpha}; "too little data" when a side has fewer than ${result.settings.min_n} turns or ${result.settings.min_sessions} sessions (or, for rates, fewer than 5 hits or misses); latency p-values are bootstrap (${result.settings.bootstrap_resamples} resamples, never below ${(2 / (result.settings.bootstrap_resamples + 1)).toPrecision(2)}).`,
    '',
    ...table(result),
  );
  const worseTypes = new Set(result.rows.filter((r) => r.scope === 'session_type' && r.verdict === 'worse').map((r) => r.segment));
  const worst = result.worst_sessions.filter((w) => worseTypes.has(w.session_type) && w.rank <= 3);
  if (worst.length) {
    lines.push('', 'worst sessions after, in the types that got worse (spanlens session <id>):');
    for (const w of worst) {
      const quality = w.mean_quality === null ? '' : `, mean quality ${w.mean_quality.toFixed(2)}`;
      lines.push(`  ${w.session_type} #${w.rank}  ${w.session_id}  ${w.failed_turns}/${w.turns} turns failed${w.failure_kinds.length ? ` (${w.failure_kinds.join(', ')})` : ''}${quality}`);
    }
  }
  if (gate) {
    lines.push(
      '',
      gate.exit_code === 0
        ? `regression gate (${gate.metrics.join(', ')}): passed, nothing significantly worse`
        : `regression gate (${gate.metrics.join(', ')}): FAILED, significantly worse: ${gate.regressions.map((r) => `${r.metric} (${r.scope === 'session_type' ? `type ${r.segment}` : r.scope})`).join('; ')}`,
    );
  }
  return lines.join('\n');
}
