import type { Reporter } from './types.js';

/** The subcommand's own result object (for `adr`, the array `lintAdrs` returns). */
export const json: Reporter = (report) => `${JSON.stringify(report.json, null, 2)}\n`;
