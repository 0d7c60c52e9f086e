// Machine output: one object, { ok, engine, findings, steps }, plus `error` when verification could not run.
import type { VerifyResult } from '../verify.js';

export function json(result: VerifyResult): string {
  const { ok, engine, findings, steps, error } = result;
  return JSON.stringify({ ok, engine, findings, steps, ...(error !== undefined ? { error } : {}) }, null, 2) + '\n';
}
