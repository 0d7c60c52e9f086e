// One rule shape for every check, after ESLint and markdownlint: a rule module exports its
// metadata and a check that reports problems through the engine; the engine stamps the rule's id
// and (configured) severity on each, so a rule can neither misname itself nor pick its severity.
import type { Finding, Severity, TextEdit } from './finding.js';
import type { RuleMeta } from './meta.js';

/** What a check reports; the engine turns it into a Finding. */
export interface Problem {
  message: string;
  /** Default 0: the whole file. */
  line?: number;
  /** Default 0: the whole line. */
  column?: number;
  /** Needed when a rule sees many files; otherwise the engine's current file. */
  file?: string;
  /** Only for rules with `meta.fixable`. */
  fix?: TextEdit[];
}

export interface RuleContext<Options> {
  /** The run's resolved configuration. */
  readonly options: Options;
  report(problem: Problem): void;
}

export interface Rule<Input = unknown, Options = unknown> {
  readonly meta: RuleMeta;
  check(input: Input, context: RuleContext<Options>): void;
}

export interface RunRulesOptions<Options> {
  options: Options;
  /** The file problems belong to when they name none. */
  file?: string;
  /** The configured severity of a rule, or null when it is off; default: the rule's own. */
  severity?: (meta: RuleMeta) => Severity | null;
}

/**
 * Runs rules over one input and returns their findings in report order. A rule that throws
 * becomes one error finding of its own, so a bug in one rule never hides the others' findings.
 */
export function runRules<Input, Options>(
  rules: readonly Rule<Input, Options>[],
  input: Input,
  run: RunRulesOptions<Options>,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const { meta } = rule;
    const severity = run.severity ? run.severity(meta) : meta.severity;
    if (!severity) continue;
    const report = (p: Problem): void => {
      if (p.fix && !meta.fixable) throw new Error(`rule ${meta.id} offers a fix but is not marked fixable`);
      const file = p.file ?? run.file;
      if (file === undefined) throw new Error(`rule ${meta.id} reported a problem without a file`);
      const f: Finding = {
        ruleId: meta.id,
        severity,
        file,
        line: p.line ?? 0,
        column: p.column ?? 0,
        message: p.message,
      };
      if (p.fix && p.fix.length > 0) f.fix = p.fix;
      findings.push(f);
    };
    try {
      rule.check(input, { options: run.options, report });
    } catch (e) {
      findings.push({
        ruleId: meta.id,
        severity: 'error',
        file: run.file ?? '.',
        line: 0,
        column: 0,
        message: `internal error in rule ${meta.id}: ${(e as Error).message}`,
      });
    }
  }
  return findings;
}
