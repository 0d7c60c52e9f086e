// The helm check for static tests on fixtures (tests that need helm skip without it, except under
// CI=true).
import { findHelm } from '../../../src/service/static/index.js';

export interface Tool {
  bin: string | null;
  reason: string | null;
}

/** The helm the static checks would use: `helm` on PATH. */
export function findHelmTool(): Tool {
  const bin = findHelm({});
  return {
    bin,
    reason: bin ? null : 'no helm on PATH (`eval "$(.ci/tools.sh helm)"` installs the pinned one; .ci/run does)',
  };
}

/** True when tests needing `tool` should be skipped; prints why. Under CI=true never skips. */
export function skipWithout(tool: Tool, what: string): boolean {
  if (!tool.reason || process.env.CI) return false;
  console.warn(`SKIP ${what}: ${tool.reason}`);
  return true;
}

/** Call first inside a test that may run without its tool under CI=true. */
export function requireTool(tool: Tool): string {
  if (!tool.bin) throw new Error(`${tool.reason} — required because CI=true (a skip would hide a missing feature)`);
  return tool.bin;
}
