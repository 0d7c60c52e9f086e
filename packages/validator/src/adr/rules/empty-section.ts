import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const emptySection: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'empty-section',
    severity: 'warning',
    docs: 'Every section heading has content (comments alone do not count); remove optional sections you do not fill.',
    fixable: false,
  }),
  check(doc, { report }) {
    for (const s of doc.sections)
      if (s.empty) report({ line: s.line, column: s.column, message: `section '${s.text}' is empty` });
  },
};
