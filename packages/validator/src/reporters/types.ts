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
}

/** Turns a run's results into the text a format prints; reporters never decide the exit code. */
export type Reporter = (report: RunReport) => string;

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
