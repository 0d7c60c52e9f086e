import { SERVICE_ADR_DIR } from '../../../adr/folders.js';
import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const adrLint: StaticRule = {
  meta: ruleMeta('service', {
    id: 'adr-lint',
    severity: 'warning',
    docs:
      'The ADR lint can run over docs/adr: the folder holds ADR files and any ADR lint configuration there is ' +
      'valid.',
    fixable: false,
  }),
  check(ctx, { report }) {
    if (ctx.adr.kind !== 'failed') return;
    report({ file: SERVICE_ADR_DIR, line: 0, message: `the ADR checks could not run: ${ctx.adr.message}` });
  },
};
