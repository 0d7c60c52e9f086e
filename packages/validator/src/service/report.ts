// A service verification's results as the shared reporters read them.
import path from 'node:path';
import { rules as adrRules } from '../adr/rules/index.js';
import { countSeverities, type RuleMeta } from '../core/index.js';
import type { RunReport } from '../reporters/index.js';
import { runtimeRules } from './runtime/index.js';
import { staticRules } from './static/rules/index.js';
import type { VerifyResult } from './verify.js';

/** Every rule `service` can report: static, runtime, and the ADR rules under `adr/`. */
export function serviceRules(): RuleMeta[] {
  return [
    ...staticRules.map((r) => r.meta),
    ...runtimeRules.map((r) => r.meta),
    ...adrRules.map((r) => ({ ...r.meta, id: `adr/${r.meta.id}` })),
  ];
}

/** The verdict under the findings: verified, failed, or could not run (and why). */
function verdict(result: VerifyResult): string {
  if (result.error !== undefined) {
    const { errors, warnings } = countSeverities(result.findings);
    return (
      `✖ service could not be verified: ${result.error.split('\n')[0]}\n` +
      `  findings so far: ${errors} error(s), ${warnings} warning(s); the checks after that point did not run`
    );
  }
  const engine = `with ${result.engine ?? 'no'} engine`;
  return result.ok ? `✔ service verified ${engine}` : `✖ service failed verification ${engine}`;
}

/**
 * `--format json` prints `{ ok, engine, findings, steps, error? }` with paths relative to the
 * service; the other formats show paths from `base` (where the command ran) to each file.
 */
export function serviceReport(result: VerifyResult, options: { version: string; base?: string }): RunReport {
  const { ok, engine, findings, steps, error } = result;
  const base = options.base && options.base !== '.' ? options.base : '';
  return {
    tool: 'distroless-validate-service',
    version: options.version,
    label: 'service',
    rules: serviceRules(),
    findings: base ? findings.map((f) => ({ ...f, file: path.posix.join(base, f.file) })) : findings,
    checked: { count: 1, noun: 'service' },
    json: { ok, engine, findings, steps, ...(error !== undefined ? { error } : {}) },
    verdict: verdict(result),
    tags: ['service'],
  };
}
