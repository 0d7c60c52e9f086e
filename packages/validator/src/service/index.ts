// Service verification: static checks → engines (container, native) → probe and drain checks →
// reporters. The probe and drain checks also work on their own; the repository demo and the
// end-to-end tests (tests/e2e) run the whole verification through this entry point.
export * from './probe.js';
export * from './types.js';
export { checkStatic, staticRules, staticRuleIds, findHelm } from './static/index.js';
export { verifyService, CannotRunError, type VerifyOptions, type VerifyResult } from './verify.js';
export { DeadlineError, InterruptedError } from './deadline.js';
export { isDynamicElf } from './elf.js';
export { findGoToolchain, onPath } from './tools.js';
export {
  judge,
  Locator,
  runtimeRules,
  type Anchor,
  type Location,
  type Observed,
  type RuntimeOptions,
  type RuntimeRule,
  type Stage,
} from './runtime/index.js';
export { serviceReport, serviceRules } from './report.js';
export { formatProgress, formatStep, type StepProgress } from './progress.js';
export { OWNER_LABEL_KEY, RUN_LABEL_KEY } from './engines/container.js';
export { sandboxProblem } from './engines/sandbox.js';
