// The validator's one contract: severities, findings, rule metadata, rules and the engine that
// runs them, the errors that end a run, and rule documentation. Both subcommands build on it.
export { countSeverities, type Finding, type RuleSetting, type Severity, type TextEdit } from './finding.js';
export { DOCS_HOME, ruleDocsPath, ruleDocsUrl, ruleMeta, type RuleFamily, type RuleMeta } from './meta.js';
export { runRules, type Problem, type Rule, type RuleContext, type RunRulesOptions } from './rule.js';
export { ConfigError, FixWriteError, LintProcessError, RUN_ERRORS, UsageError } from './errors.js';
export { renderRulePage, renderRuleTable, replaceBetweenMarkers } from './docs.js';
