import type { Finding, Severity } from '../types.js';

export function finding(ruleId: string, severity: Severity, file: string, line: number, message: string): Finding {
  return { ruleId, severity, file, line, column: 0, message };
}
