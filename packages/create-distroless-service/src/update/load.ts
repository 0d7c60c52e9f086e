// Where the CLI gets the update command from. From source this is a plain dynamic import; the
// build (scripts/build.mjs) swaps this module for a require() of dist/update.cjs, because an
// import() of a CommonJS file runs Node's ESM loader and export scanner over the whole bundle.
import type * as UpdateCommand from './command.js';

export async function loadUpdate(): Promise<typeof UpdateCommand> {
  return import('./command.js');
}
