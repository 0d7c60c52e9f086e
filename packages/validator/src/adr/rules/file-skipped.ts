import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const fileSkipped: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'file-skipped',
    severity: 'warning',
    docs:
      'A path a folder scan met but did not lint is reported, with why: a symbolic link loop, a dangling ' +
      'link, a FIFO or device, a folder already visited through a link, a name that is not UTF-8, or a ' +
      'Markdown file that is not ' +
      'an ADR (no number, status, date or decision sections; add it to "ignore").',
    fixable: false,
  }),
  check(doc, { report }) {
    for (const p of doc.readProblems)
      if (p.ruleId === 'file-skipped') report({ line: 0, column: 0, message: p.message });
  },
};
