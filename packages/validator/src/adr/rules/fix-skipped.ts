import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const fixSkipped: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'fix-skipped',
    severity: 'error',
    docs:
      'A file --fix left as it was (or --fix-dry-run says --fix would leave) because writing it would be ' +
      'unsafe: it is a symbolic link, it is read-only, or it changed after it was read. Its findings stay, ' +
      'and are not counted fixable; fix it by hand or run --fix again.',
    fixable: false,
  }),
  check(doc, { report }) {
    for (const p of doc.readProblems)
      if (p.ruleId === 'fix-skipped') report({ line: 0, column: 0, message: p.message });
  },
};
