/**
 * The side effects the pipeline needs, passed in so tests can capture or silence them (STYLE rule 8).
 * Results go to stdout through `output`; people are told things on stderr through `log`.
 */

export interface Effects {
  /** A line of human progress or a warning, for stderr. */
  log(line: string): void;
  /** Machine-readable or result output, for stdout. */
  output(text: string): void;
  /** Milliseconds since some fixed point, for elapsed times. */
  now(): number;
  /** Whether stderr is a colour-capable terminal (false under NO_COLOR). */
  color: boolean;
}

/** Returns effects bound to the real process streams; colour only on a TTY and never with NO_COLOR. */
export function processEffects(): Effects {
  const color = Boolean(process.stderr.isTTY) && !('NO_COLOR' in process.env);
  return {
    log: (line) => process.stderr.write(line + '\n'),
    output: (text) => process.stdout.write(text),
    now: () => performance.now(),
    color,
  };
}

/** Returns effects that record everything in memory, for tests. */
export function captureEffects(): Effects & { logs: string[]; outputs: string[] } {
  const logs: string[] = [];
  const outputs: string[] = [];
  return { logs, outputs, log: (l) => logs.push(l), output: (t) => outputs.push(t), now: () => performance.now(), color: false };
}

/** Returns `text` wrapped in an ANSI colour when colour is on. */
export function paint(effects: Effects, text: string, tone: 'red' | 'yellow' | 'dim' | 'green'): string {
  if (!effects.color) return text;
  const codes = { red: 31, yellow: 33, dim: 2, green: 32 } as const;
  return `\u001b[${codes[tone]}m${text}\u001b[0m`;
}
