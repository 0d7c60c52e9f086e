// Programmatic API. `lintAdrs` returns exactly what `--format json` prints.
export {
  lintAdrs,
  lintAdrText,
  checkDocument,
  ConfigError,
  UsageError,
  FixWriteError,
  type LintOptions,
} from './adr/lint.js';
export { parseAdr } from './adr/parse.js';
export { resolveConfig, DEFAULT_IGNORE, type AdrLintConfig, type ResolvedConfig } from './adr/config.js';
export { rules, ruleIds } from './adr/rules/index.js';
export type { Rule, RuleMeta, FileRule, ProjectRule, Finding } from './adr/rules/index.js';
export { reporters, formats, type Reporter } from './adr/reporters/index.js';
export { DEFAULT_STATUSES } from './adr/status.js';
export { PROFILES } from './adr/concepts.js';
export type { AdrResult, LintMessage, Severity, Dialect, AdrDocument } from './adr/types.js';
// Service verification (`distroless-validate service`); probe and drain helpers are also in `./service`.
export { verifyService, checkStatic, CannotRunError, type VerifyOptions, type VerifyResult } from './service/index.js';
export type { Finding as ServiceFinding, Step as ServiceStep, ServiceFacts } from './service/types.js';
