import type { Reporter } from './types.js';

/** The same objects lintAdrs() returns. */
export const json: Reporter = (results) => `${JSON.stringify(results, null, 2)}\n`;
