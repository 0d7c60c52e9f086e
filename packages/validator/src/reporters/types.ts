import type { Finding, RuleMeta } from '../core/index.js';

/**
 * Everything a reporter prints, from the results of one run: reporters read nothing else (no rule
 * registry, no config), so `adr` and `service` share them.
 */
export interface RunReport {
  /** The tool's name, as SARIF's driver names it (`distroless-validate-adr`). */
  tool: string;
  version: string;
  /** What the findings are about, for annotation titles (`ADR`, `service`). */
  label: string;
  /** The rules that ran, in a stable order: SARIF's rule table and help links. */
  rules: readonly RuleMeta[];
  findings: readonly Finding[];
  /** How many things were checked, and what one is called: `{ count: 7, noun: 'ADR' }`. */
  checked: { count: number; noun: string };
  /** What `--format json` prints: each subcommand keeps its own documented JSON shape. */
  json: unknown;
  /** A last line of the subcommand's own for stylish (the service's verdict). */
  verdict?: string;
  /** SARIF rule tags. */
  tags?: readonly string[];
  /** Stylish only: colour the output (a terminal, without NO_COLOR or --no-color). */
  color?: boolean;
}

/**
 * Text from files (names, status values, messages quoting them) shown on a terminal: control
 * characters would move the cursor or retitle the window, so they are shown as escapes.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) =>
    c === '\t' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Turns a run's results into the text a format prints; reporters never decide the exit code. */
export type Reporter = (report: RunReport) => string;

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
