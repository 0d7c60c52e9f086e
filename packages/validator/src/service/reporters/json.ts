// Machine output: one object, { ok, engine, findings, steps }.
import type { VerifyResult } from '../verify.js';

export function json(result: VerifyResult): string {
  const { ok, engine, findings, steps } = result;
  return JSON.stringify({ ok, engine, findings, steps }, null, 2) + '\n';
}
