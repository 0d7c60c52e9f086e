import type { AdrResult } from '../types.js';

export interface ReporterContext {
  /** Tool version for SARIF. */
  version: string;
}

/** Turns results into the text a format prints; reporters never decide the exit code. */
export type Reporter = (results: AdrResult[], ctx: ReporterContext) => string;

/** Errors and warnings across all results: the summary lines and the exit code both need it. */
export function countSeverities(results: AdrResult[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    for (const m of r.messages) {
      if (m.severity === 'error') errors++;
      else warnings++;
    }
  }
  return { errors, warnings };
}
