// The ADR side's linter over docs/adr. Its findings keep the ADR rules' ids, prefixed `adr/`, and
// their severities; a missing folder or a lint that cannot run is for the adr-present and adr-lint
// rules to report.
import fs from 'node:fs';
import path from 'node:path';
import { SERVICE_ADR_DIR as ADR_DIR } from '../../adr/folders.js';
import { lintAdrs } from '../../adr/lint.js';
import type { AdrOutcome } from './types.js';

export async function lintServiceAdrs(dir: string): Promise<AdrOutcome> {
  if (!fs.existsSync(path.join(dir, ADR_DIR))) return { kind: 'absent' };
  try {
    const results = await lintAdrs([ADR_DIR], { cwd: dir });
    const findings = results.flatMap((r) =>
      r.messages.map((m) => ({
        ruleId: `adr/${m.ruleId}`,
        severity: m.severity,
        file: r.file.split(path.sep).join('/'),
        line: m.line,
        column: m.column,
        message: m.message,
      })),
    );
    return { kind: 'linted', findings };
  } catch (e) {
    // UsageError (no ADR files) or ConfigError: a finding, never a crash of the whole check.
    // A config error lists its problems a line each; a finding is one line.
    const message = (e as Error).message.replace(/:\n\s*- /, ': ').replace(/\n\s*- /g, '; ');
    return { kind: 'failed', message };
  }
}
