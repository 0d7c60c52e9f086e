// The ADR side's linter over docs/adr, its messages as service findings (ruleId `adr/<rule>`).
import fs from 'node:fs';
import path from 'node:path';
import { SERVICE_ADR_DIR as ADR_DIR } from '../../adr/folders.js';
import { lintAdrs } from '../../adr/lint.js';
import type { Finding } from '../types.js';
import { finding } from './finding.js';

export async function adrFindings(dir: string): Promise<Finding[]> {
  if (!fs.existsSync(path.join(dir, ADR_DIR))) {
    return [
      finding(
        'adr/present',
        'warning',
        ADR_DIR,
        0,
        "no docs/adr: record the service's decisions (base image, probes, shutdown) as ADRs there",
      ),
    ];
  }
  try {
    const results = await lintAdrs([ADR_DIR], { cwd: dir });
    return results.flatMap((r) =>
      r.messages.map((m) => ({
        ...finding(`adr/${m.ruleId}`, m.severity, r.file.split(path.sep).join('/'), m.line, m.message),
        column: m.column,
      })),
    );
  } catch (e) {
    // UsageError (no ADR files) or ConfigError: a finding, never a crash of the whole check.
    return [finding('adr/lint', 'warning', ADR_DIR, 0, `the ADR checks could not run: ${(e as Error).message}`)];
  }
}
