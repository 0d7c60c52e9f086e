import type { AdrResult } from '../types.js';

export interface ReporterContext {
  /** Tool version for SARIF. */
  version: string;
}

/** Turns results into the text a format prints; reporters never decide the exit code. */
export type Reporter = (results: AdrResult[], ctx: ReporterContext) => string;
