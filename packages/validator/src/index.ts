// Programmatic API. `lintAdrs` returns exactly what `--format json` prints.
export { lintAdrs, lintAdrText, checkDocument, type LintOptions } from './adr/lint.js';
export { initConfig, type InitResult, type InitEvidence } from './adr/init.js';
export { parseAdr } from './adr/parse.js';
// The per-file time limit every command that parses ADRs applies (fileTimeLimit).
// The per-file bounds' defaults straight from budget.js, which imports no config code: a bundle that
// needs only them and the parser (distroless-adr's dialect detector) does not take in the config reader.
export {
  DEFAULT_FILE_TIME_LIMIT,
  DEFAULT_MAX_FILE_SIZE,
  parseAdrWithin,
  timeLimitMessage,
  unreadableReason,
  withinTime,
  type BoundedParseOptions,
} from './adr/budget.js';
export { readAdrFileSync, type ReadResult } from './adr/read.js';
export { numberFromFileName, isDateSlug, sameNumber } from './adr/numbers.js';
export { readStatus } from './adr/status.js';
// The front-matter key names the parser accepts (distroless-adr writes a folder's own spelling of them).
export { FIELD_KEYS, NUMBER_KEYS, SUPERSEDED_BY_KEYS, type FieldKey } from './adr/readers/types.js';
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
  indexMarkers,
  IndexMarkerError,
  spliceIndex,
  sameIndex,
  indexFileIn,
  indexState,
  bareTitle,
  type IndexEntry,
  type IndexLink,
  type IndexOptions,
  type IndexState,
  type ReadRecordsOptions,
} from './adr/adr-index.js';
export { resolveConfig, findConfig, DEFAULT_IGNORE, type AdrLintConfig, type ResolvedConfig } from './adr/config.js';
export { rules, ruleIds } from './adr/rules/index.js';
export type { AdrRule, FileRule, ProjectRule, AdrSummary } from './adr/rules/index.js';
export { adrReport } from './adr/report.js';
export { isRecordFolderName, recordBaseName, recordFileName, recordPageFolder } from './adr/record-page.js';
export {
  ADR_FOLDER_FILES,
  ADR_TOOL_CONFIG,
  ADR_TOOL_PACKAGE_KEY,
  AdrFolderFileError,
  DEFAULT_ADR_DIRS,
  findAdrFolders,
  SERVICE_ADR_DIR,
  type AdrFolderLookup,
  type FindAdrFoldersOptions,
} from './adr/folders.js';
export { DEFAULT_STATUSES } from './adr/status.js';
export { PROFILES } from './adr/concepts.js';
export type { AdrResult, LintMessage, Dialect, AdrDocument, NumberingScope } from './adr/types.js';
// The contract every check shares: findings, rules, the engine, the errors that end a run.
export {
  countSeverities,
  runRules,
  ruleMeta,
  ConfigError,
  UsageError,
  FixWriteError,
  LintProcessError,
  type Finding,
  type Severity,
  type RuleSetting,
  type TextEdit,
  type Rule,
  type RuleMeta,
  type RuleContext,
  type Problem,
} from './core/index.js';
// Output formats for both subcommands, fed by a RunReport (`adrReport(results, { version })`).
export { reporters, formats, reporterFor, type Reporter, type RunReport } from './reporters/index.js';
// Service verification (`distroless-validate service`); probe and drain helpers are also in `./service`.
export { verifyService, checkStatic, CannotRunError, type VerifyOptions, type VerifyResult } from './service/index.js';
export type { Finding as ServiceFinding, Step as ServiceStep, ServiceFacts } from './service/types.js';
