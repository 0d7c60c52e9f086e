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
  /**
   * How many things were checked, and what one is called: `{ count: 7, noun: 'ADR' }`; `ignored`:
   * the files a scan left out as not one (display paths), named in the stylish summary.
   */
  checked: { count: number; noun: string; ignored?: readonly string[] };
  /** What `--format json` prints: each subcommand keeps its own documented JSON shape. */
  json: unknown;
  /** A last line of the subcommand's own for stylish (the service's verdict). */
  verdict?: string;
  /** SARIF: what the findings' paths are relative to (%SRCROOT%); default: the current directory. */
  srcRoot?: string;
  /** SARIF rule tags. */
  tags?: readonly string[];
  /** Stylish only: colour the output (a terminal, without NO_COLOR or --no-color). */
  color?: boolean;
}

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text from files (status values, messages quoting them, a diff) shown on a terminal or in a CI log:
 * control characters would move the cursor or retitle the window, so they are shown as escapes.
 * Tabs and line feeds stay: this is for text whose lines the caller lays out itself.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, escape);
}

/**
 * Text that must stay on one line: file names, and a finding's message where the format has no
 * room for more lines. Line breaks (and tabs) are escaped too, so a file name cannot start a line
 * of its own (a forged `::error` workflow command in a CI log).
 */
export function printableLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, escape);
}

/** Turns a run's results into the text a format prints; reporters never decide the exit code. */
export type Reporter = (report: RunReport) => string;

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** How many names an ignored-files note lists before it says how many more. */
const NAMED = 5;

/** `3 files ignored as not ADRs: a.md, b.md, c.md`: the first five named, then `and N more`. */
export function ignoredNote(names: readonly string[], noun: string): string {
  const shown = names.slice(0, NAMED).map(printableLine).join(', ');
  const more = names.length > NAMED ? ` and ${names.length - NAMED} more` : '';
  return `${plural(names.length, 'file')} ignored as not ${noun}s: ${shown}${more}`;
}
