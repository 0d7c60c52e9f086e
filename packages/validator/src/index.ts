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
export { numberFromFileName, isDateSlug, sameNumber } from './adr/numbers.js';
export { readStatus } from './adr/status.js';
// The ADR folder's index, shared with `distroless-adr index` (packages/adr).
export {
  INDEX_START,
  INDEX_END,
  DEFAULT_INDEX_FILE,
  listRecordFiles,
  readRecords,
  indexEntries,
  renderIndexTable,
  currentIndex,
  spliceIndex,
  sameIndex,
  indexState,
  bareTitle,
  type IndexEntry,
  type IndexLink,
  type IndexOptions,
  type IndexState,
} from './adr/adr-index.js';
export { resolveConfig, findConfig, DEFAULT_IGNORE, type AdrLintConfig, type ResolvedConfig } from './adr/config.js';
export { rules, ruleIds } from './adr/rules/index.js';
export type { Rule, RuleMeta, FileRule, ProjectRule, Finding } from './adr/rules/index.js';
export { reporters, formats, type Reporter } from './adr/reporters/index.js';
export { DEFAULT_STATUSES } from './adr/status.js';
export { PROFILES } from './adr/concepts.js';
export type { AdrResult, LintMessage, Severity, Dialect, AdrDocument } from './adr/types.js';
// Service verification (`distroless-validate service`); probe and drain helpers are also in `./service`.
export { verifyService, checkStatic, CannotRunError, type VerifyOptions, type VerifyResult } from './service/index.js';
export type { Finding as ServiceFinding, Step as ServiceStep, ServiceFacts } from './service/types.js';
