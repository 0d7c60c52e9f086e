// What a lint thread or child process is given per file, and what it gives back: shared by
// lint.ts, the worker thread and the child processes without an import cycle.
import type { AdrSummary } from './rules/types.js';
import type { AdrResult, ResolvedConfig } from './types.js';

export interface FileWork {
  abs: string;
  file: string;
  config: ResolvedConfig;
  fix: 'write' | 'dry-run' | false;
  /** Found by scanning a folder or glob: a file that is not an ADR is skipped, not linted. */
  scanned: boolean;
  /** With fix: the real paths a file must resolve inside to be written (fixRoots). */
  roots?: string[];
  /**
   * Set for threads without a heap limit of their own: a file of more bytes than this is not
   * parsed there but handed back (`{ isolate: true }`) to be parsed in a thread that has one.
   */
  isolateAbove?: number;
}

/** A file a thread without a heap limit read but did not parse: too large for it. */
export interface Deferred {
  isolate: true;
}

export interface FileDone {
  result: AdrResult;
  summary: AdrSummary;
}
