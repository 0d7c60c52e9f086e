import type { FileRule } from './types.js';

export const emptySection: FileRule = {
  id: 'empty-section',
  severity: 'warning',
  docs: 'Every section heading has content (comments alone do not count); remove optional sections you do not fill.',
  fixable: false,
  scope: 'file',
  check(doc, _config, report) {
    for (const s of doc.sections)
      if (s.empty) report({ line: s.line, column: s.column, message: `section '${s.text}' is empty` });
  },
};
