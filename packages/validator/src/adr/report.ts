// An ADR run's results as the shared reporters read them.
import { printableLine, type RunReport } from '../reporters/index.js';
import { rules } from './rules/index.js';
import type { AdrResult } from './types.js';

/**
 * `ignored`: what the run left out as not ADRs (lintAdrs' onIgnored); named in the summary of a run
 * that checked nothing, where '0 ADRs checked' alone would not say why.
 */
export function adrReport(
  results: AdrResult[],
  { version, ignored = [] }: { version: string; ignored?: readonly string[] },
): RunReport {
  return {
    tool: 'distroless-validate-adr',
    version,
    label: 'ADR',
    rules: rules.map((r) => r.meta),
    // An ADR rule's message is one line: a line break or control character in it was quoted from a
    // file (a name, a status), so it is shown escaped by every format, never as a line of its own.
    findings: results.flatMap((r) =>
      r.messages.map((m) => ({ ...m, message: printableLine(m.message), file: r.file })),
    ),
    checked: {
      count: results.length,
      noun: 'ADR',
      ...(results.length === 0 && ignored.length > 0 ? { ignored } : {}),
    },
    json: results,
    tags: ['adr', 'documentation'],
  };
}
