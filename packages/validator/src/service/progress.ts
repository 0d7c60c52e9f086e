// Human output: findings grouped by file, then the steps with their timings.
import type { VerifyResult } from '../verify.js';
import type { Step } from '../types.js';

export function formatStep(step: Step): string {
  const time = step.ms >= 1000 ? `${(step.ms / 1000).toFixed(1)} s` : `${step.ms} ms`;
  const failed = step.findings?.length ? `  [${step.findings.join(', ')}]` : '';
  return `${step.ok ? '✔' : '✖'} ${step.name.padEnd(40)} ${time.padStart(8)}${step.detail ? `  ${step.detail}` : ''}${failed}`;
}

export function stylish(result: VerifyResult, options: { steps?: boolean } = {}): string {
  const lines: string[] = [];
  if (options.steps !== false) lines.push(...result.steps.map(formatStep), '');
  const byFile = new Map<string, typeof result.findings>();
  for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, findings] of byFile) {
    lines.push(file);
    for (const f of findings) {
      const [first, ...rest] = f.message.split('\n');
      lines.push(`  ${`${f.line}`.padStart(4)}  ${f.severity.padEnd(7)}  ${first}  ${f.ruleId}`);
      for (const line of rest) lines.push(`          │ ${line}`);
    }
    lines.push('');
  }
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.length - errors;
  if (result.error !== undefined) {
    lines.push(
      `✖ service could not be verified: ${result.error.split('\n')[0]}`,
      `  findings so far: ${errors} error(s), ${warnings} warning(s); the checks after that point did not run`,
    );
  } else {
    lines.push(
      `${result.ok ? '✔ service verified' : '✖ service failed verification'} with ${result.engine ?? 'no'} engine: ${errors} error(s), ${warnings} warning(s)`,
    );
  }
  return lines.join('\n') + '\n';
}
