// An ADR run's results as the shared reporters read them.
import type { RunReport } from '../reporters/index.js';
import { rules } from './rules/index.js';
import type { AdrResult } from './types.js';

export function adrReport(results: AdrResult[], { version }: { version: string }): RunReport {
  return {
    tool: 'distroless-validate-adr',
    version,
    label: 'ADR',
    rules: rules.map((r) => r.meta),
    findings: results.flatMap((r) => r.messages.map((m) => ({ ...m, file: r.file }))),
    checked: { count: results.length, noun: 'ADR' },
    json: results,
    tags: ['adr', 'documentation'],
  };
}
