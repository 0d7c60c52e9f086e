import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const fixSkipped: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'fix-skipped',
    severity: 'error',
    docs:
      'A file --fix meant to change but left as it was because it changed after it was read (or moved ' +
      'out of the repository meanwhile). Its findings stay; run --fix again. A file --fix refuses from the ' +
      'start (a symbolic link, read-only, outside the repository) has nothing fixable and gets no finding: ' +
      '--fix says why beside the changes.',
    fixable: false,
  }),
  check(doc, { report }) {
    for (const p of doc.readProblems)
      if (p.ruleId === 'fix-skipped') report({ line: 0, column: 0, message: p.message });
  },
};
