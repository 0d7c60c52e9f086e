// The ADR rules' shapes on the validator's one rule contract (core/rule.ts): file rules check one
// parsed document, project rules the summaries of all files of a run. Both read the resolved
// config as their options.
import type { Rule } from '../../core/index.js';
import type { AdrDocument, Pos, ResolvedConfig } from '../types.js';

/** Checks one document in isolation. */
export interface FileRule extends Rule<AdrDocument, ResolvedConfig> {
  scope: 'file';
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
  /** HTML comments carrying `adr-lint-` directives, so cross-file findings obey them too. */
  comments: Array<{ value: string; line: number }>;
}

/** Checks relations between the files of one run (numbers, supersession); names the file it reports on. */
export interface ProjectRule extends Rule<readonly AdrSummary[], ResolvedConfig> {
  scope: 'project';
}

export type AdrRule = FileRule | ProjectRule;
