import type { ResolvedConfig } from '../config.js';
import type { AdrDocument, Pos, Severity, TextEdit } from '../types.js';

export interface Finding extends Pos {
  message: string;
  /** Edits that repair this finding; only for rules marked fixable. */
  fix?: TextEdit[];
}

export interface RuleMeta {
  id: string;
  severity: Severity;
  /** One line, shown in the README and SARIF rule metadata. */
  docs: string;
  fixable: boolean;
}

/** Checks one document in isolation. */
export interface FileRule extends RuleMeta {
  scope: 'file';
  check(doc: AdrDocument, config: ResolvedConfig, report: (f: Finding) => void): void;
}

/** What cross-file rules keep per file, instead of the whole tree. */
export interface AdrSummary {
  file: string;
  absPath: string;
  dir: string;
  baseName: string;
  number: string | null;
  fileNumber: string | null;
  title: string | null;
  supersededBy: (Pos & { ref: string }) | null;
  supersedes: string[];
}

/** Checks relations between the files of one run (numbers, supersession). */
export interface ProjectRule extends RuleMeta {
  scope: 'project';
  checkProject(files: AdrSummary[], config: ResolvedConfig, report: (file: string, f: Finding) => void): void;
}

export type Rule = FileRule | ProjectRule;
