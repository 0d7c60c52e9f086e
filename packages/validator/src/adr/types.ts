import type { Root } from 'mdast';
import type { Finding, RuleSetting, Severity, TextEdit } from '../core/index.js';

export type { RuleSetting, Severity, TextEdit };

/** One finding of a file, exactly as `--format json` prints it (the file is the result's). */
export type LintMessage = Omit<Finding, 'file'>;

/** `.adrlintrc.json`, or the `adrLint` key of package.json. */
export interface AdrLintConfig {
  profile?: string;
  statuses?: string[];
  requiredSections?: RequiredConcept[];
  rules?: Record<string, RuleSetting | 'warn'>;
  ignore?: string[];
  maxFileSize?: number;
}

/** A config with every default filled in; what rules read as their options. */
export interface ResolvedConfig {
  profile: string;
  statuses: string[];
  requiredSections: RequiredConcept[] | null;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  maxFileSize: number;
  /** Where the config came from, for messages; null for defaults. */
  source: string | null;
}

/** One file's result, exactly as `--format json` prints it. */
export interface AdrResult {
  file: string;
  title: string | null;
  number: string | null;
  status: string | null;
  date: string | null;
  dialect: Dialect;
  messages: LintMessage[];
}

export type Dialect =
  | 'madr-frontmatter'
  | 'frontmatter-nygard'
  | 'madr2'
  | 'log4brains'
  | 'nygard'
  | 'bold-fields'
  | 'flattened'
  | 'table'
  | 'changelog'
  | 'plain-status'
  | 'madr-headings'
  | 'unknown'
  | 'unreadable';

export type Concept = 'context' | 'decision' | 'consequences' | 'options' | 'status' | 'drivers' | 'links' | 'other';

/** The concepts a profile can require. */
export type RequiredConcept = 'context' | 'decision' | 'consequences' | 'options';

export type FieldSource = 'front-matter' | 'list' | 'bold' | 'table' | 'section' | 'changelog' | 'plain' | 'flattened';

export interface Pos {
  line: number;
  column: number;
}

/** A metadata value (status, date, ...) and where it was written. */
export interface Field extends Pos {
  raw: string;
  source: FieldSource;
  /** Range of `raw` in the source, when it can be edited safely. */
  range?: { start: number; end: number };
}

export interface Section extends Pos {
  depth: number;
  text: string;
  concept: Concept;
  endLine: number;
  empty: boolean;
}

/** A line that reads like a section name or a title but is plain text. */
export interface PlainHeading extends Pos {
  text: string;
  kind: 'title' | 'section';
  edit: TextEdit;
}

export interface Placeholder extends Pos {
  text: string;
}

export interface AdrDocument {
  /** Path relative to cwd, with forward slashes. */
  file: string;
  absPath: string;
  text: string;
  eol: '\n' | '\r\n';
  title: (Pos & { text: string; fromFileName: boolean }) | null;
  titleNumber: string | null;
  fileNumber: string | null;
  frontMatterNumber: (Pos & { raw: string }) | null;
  number: string | null;
  status: Field | null;
  /** Every place a status was written, in precedence order. */
  statuses: Field[];
  date: Field | null;
  deciders: string | null;
  dialect: Dialect;
  frontMatter: Record<string, unknown> | null;
  frontMatterError: (Pos & { message: string }) | null;
  /** Unfenced front matter, as in a pasted MADR file (`status: accepted date: ...`). */
  flattenedFrontMatter: (Pos & { edit: TextEdit }) | null;
  plainHeadings: PlainHeading[];
  sections: Section[];
  placeholders: Placeholder[];
  supersededBy: (Pos & { ref: string }) | null;
  /** References (numbers, file names) this ADR says it supersedes. */
  supersedes: string[];
  /** Set when the file could not be read or decoded as text. */
  readProblems: Array<{ ruleId: 'file-readable' | 'file-encoding'; message: string; fatal: boolean }>;
  tree: Root | null;
}
