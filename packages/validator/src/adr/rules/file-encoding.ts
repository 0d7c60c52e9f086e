import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const fileEncoding: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'file-encoding',
    severity: 'error',
    docs: 'The file is valid UTF-8; other encodings are linted after lossy decoding.',
    fixable: false,
  }),
  check(doc, { report }) {
    for (const p of doc.readProblems)
      if (p.ruleId === 'file-encoding') report({ line: 1, column: 1, message: p.message });
  },
};
