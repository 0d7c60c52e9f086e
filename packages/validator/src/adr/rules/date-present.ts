import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const datePresent: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'date-present',
    severity: 'warning',
    docs:
      'A decision date is given (front matter "date:", a "Date:" field or line, a table cell or a "## ' +
      'Date" section).',
    fixable: false,
  }),
  check(doc, { report }) {
    if (!doc.date) report({ line: 1, column: 1, message: "no date found; add 'date: YYYY-MM-DD'" });
  },
};
