import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const fileReadable: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'file-readable',
    severity: 'error',
    docs: 'The file can be read and parsed as Markdown text (not a directory, binary, too large or unreadable).',
    fixable: false,
  }),
  check(doc, { report }) {
    for (const p of doc.readProblems)
      if (p.ruleId === 'file-readable') report({ line: 1, column: 1, message: p.message });
  },
};
