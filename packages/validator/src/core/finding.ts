// The one shape every check of the validator reports in, whatever it checks (ADRs, Dockerfiles,
// Helm charts, a running service), so reporters and exit codes work the same for all of them.

export type Severity = 'error' | 'warning';

/** A configured severity: `off` keeps the rule from running. */
export type RuleSetting = Severity | 'off';

/** A text edit over the decoded source; offsets are UTF-16 indices. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Path relative to where the run started, with forward slashes. */
  file: string;
  /** 1-based; 0 when the finding is about the file as a whole. */
  line: number;
  /** 1-based, in UTF-16 code units; 0 when the finding is about the whole line or file. */
  column: number;
  /** What is wrong and what to change; may span lines (tool output). */
  message: string;
  /** Edits that repair this finding; present only when `--fix` can repair it. */
  fix?: TextEdit[];
}

/** Errors and warnings: the exit code and every summary line count the same way. */
export function countSeverities(findings: Iterable<{ severity: Severity }>): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}
