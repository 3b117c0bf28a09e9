/**
 * Pure: the `--fail-on-regression` decision. A gated metric regresses when any of its rows
 * (overall, mix-adjusted or one session type) has the verdict 'worse', i.e. it got significantly
 * worse after Holm across the whole table. A regression for one session type gates too: that is
 * what on-call needs to catch, and the single Holm family keeps the false-alarm rate ≤ alpha.
 */
import { ExitCode } from '../errors.js';
import type { CompareResult, CompareScope } from './compare-result.js';

export interface RegressionGate {
  /** The metrics gated (all compared metrics when none were named). */
  metrics: string[];
  regressions: { scope: CompareScope; segment: string; metric: string; difference: number; p_holm: number }[];
  exit_code: 0 | 5;
}

/** Returns the gate's verdict over a result; `metrics` empty = every compared metric. */
export function regressionGate(result: CompareResult, metrics: string[]): RegressionGate {
  const gated = metrics.length ? metrics : result.metrics;
  const regressions = result.rows
    .filter((r) => r.verdict === 'worse' && gated.includes(r.metric))
    .map((r) => ({ scope: r.scope, segment: r.segment, metric: r.metric, difference: r.difference!, p_holm: r.p_holm! }));
  return { metrics: gated, regressions, exit_code: regressions.length ? ExitCode.regression : ExitCode.ok };
}
