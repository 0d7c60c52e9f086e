import type { Root } from 'mdast';
import type { ReadStatus } from './status.js';
import type { Finding, RuleSetting, Severity, TextEdit } from '../core/index.js';

export type { RuleSetting, Severity, TextEdit };

/** One finding of a file, exactly as `--format json` prints it (the file is the result's). */
export type LintMessage = Omit<Finding, 'file'>;

/** Required sections for every record, or per body profile (`madr`, `nygard`, `minimal`). */
export type RequiredSections = RequiredConcept[] | Partial<Record<'madr' | 'nygard' | 'minimal', RequiredConcept[]>>;

/** Severities for some files only (`--init` records a repository's existing findings this way). */
export interface ConfigOverride {
  /** Globs relative to the folder the config file is in. */
  files: string[];
  rules: Record<string, RuleSetting | 'warn'>;
}

/** Where ADR numbers must be unique (`unique-number`). */
export type NumberingScope = 'tree' | 'folder';

/** `.adrlintrc.json`, `.adrlintrc.yaml`, or the `adrLint` key of package.json. */
export interface AdrLintConfig {
  profile?: string;
  statuses?: string[];
  requiredSections?: RequiredSections;
  /** Team names for a concept's section: `{ "decision": ["Resolution"] }`. */
  sectionAliases?: Partial<Record<RequiredConcept, string[]>>;
  rules?: Record<string, RuleSetting | 'warn'>;
  overrides?: ConfigOverride[];
  /** A regular expression every ADR's file name matches (`--init` learns it). */
  fileNamePattern?: string;
  /**
   * Where ADR numbers must be unique: `tree` (default) across the ADR folder with its sub-folders,
   * `folder` within each folder (a series per area: `backend/0001-…`, `frontend/0001-…`).
   */
  numbering?: NumberingScope;
  ignore?: string[];
  maxFileSize?: number;
  /** Seconds one file may take to read, parse and check before it is reported and skipped. */
  fileTimeLimit?: number;
  /** Memory, in MB, one parsing thread may use before the file it parses is reported and skipped. */
  fileMemoryLimit?: number;
}

/** A config with every default filled in; what rules read as their options. */
export interface ResolvedConfig {
  profile: string;
  statuses: string[];
  /** Whether the repository listed its statuses (then an unknown status is an error). */
  statusesConfigured: boolean;
  requiredSections: RequiredSections | null;
  sectionAliases: Partial<Record<RequiredConcept, string[]>> | null;
  rules: Record<string, RuleSetting>;
  overrides: Array<{ files: string[]; rules: Record<string, RuleSetting> }>;
  fileNamePattern: RegExp | null;
  numbering: NumberingScope;
  ignore: string[];
  maxFileSize: number;
  fileTimeLimit: number;
  fileMemoryLimit: number;
  /** Where the config came from, for messages; null for defaults. */
  source: string | null;
  /** The folder override globs are relative to. */
  dir: string | null;
  /**
   * ADR folders (absolute) named by `.distroless-adr.json`, `.adr-dir`, ... as seen from the run's
   * working directory (findAdrFolders): records inside one belong to it, whatever it is called.
   */
  adrFolders: string[];
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
  /** With --fix / --fix-dry-run: what was (or would be) changed, one entry per repaired finding. */
  fixed?: Array<{ ruleId: string; line: number; message: string }>;
  /** With --fix-dry-run: the change as a unified diff. */
  diff?: string;
  /**
   * With --fix / --fix-dry-run: why --fix leaves this file as it is (a symbolic link, read-only,
   * outside the repository); its findings then carry no fix.
   */
  notFixed?: string;
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
  /** For a status: how it reads against the run's statuses, worked out once when parsing. */
  read?: ReadStatus;
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
  /** The heading the fix writes (`### Decision` in a record whose sections are level 3), for messages. */
  heading: string;
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
  /** HTML comments at the top level of the body: where inline `adr-lint-disable` directives live. */
  comments: Array<{ value: string; line: number }>;
  /** Where the status is a template prompt (`[proposed | accepted]`) instead of a value. */
  statusPlaceholder?: Pos & { source: FieldSource };
  /** The only date given is a template prompt (`[YYYY-MM-DD]`). */
  datePlaceholder?: boolean;
  /** Set when the file could not be read or decoded as text. */
  readProblems: Array<{
    ruleId: 'file-readable' | 'file-encoding' | 'file-skipped' | 'fix-skipped';
    message: string;
    fatal: boolean;
  }>;
  tree: Root | null;
}
