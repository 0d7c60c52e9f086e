// Errors about the run itself (exit code 2), never about what was checked: those are findings.
// Each sets `name`, so it survives a worker thread's message and prints as what it is.

/** Bad arguments: an unknown option, a path or glob that matches nothing, no ADR folder. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A configuration file that cannot be read or does not validate. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** `--fix` could not write a repaired file back. */
export class FixWriteError extends Error {
  override name = 'FixWriteError';
}

/** A lint child process could not be started or stopped before it linted anything (ADR 0019). */
export class LintProcessError extends Error {
  override name = 'LintProcessError';
}

/** The errors above by name, to rebuild one that crossed a thread boundary as plain data. */
export const RUN_ERRORS: Record<string, new (message: string) => Error> = {
  UsageError,
  ConfigError,
  FixWriteError,
  LintProcessError,
};
