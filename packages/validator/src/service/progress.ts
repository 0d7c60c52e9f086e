// Live progress: one line per step as it finishes, on stderr while stdout carries the report.
import type { Step } from './types.js';

export function formatStep(step: Step): string {
  const time = step.ms >= 1000 ? `${(step.ms / 1000).toFixed(1)} s` : `${step.ms} ms`;
  const failed = step.findings?.length ? `  [${step.findings.join(', ')}]` : '';
  const detail = step.detail ? `  ${step.detail}` : '';
  return `${step.ok ? '✔' : '✖'} ${step.name.padEnd(40)} ${time.padStart(8)}${detail}${failed}`;
}
