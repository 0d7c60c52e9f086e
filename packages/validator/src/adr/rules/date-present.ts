import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const datePresent: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'date-present',
    severity: 'warning',
    docs:
      'A decision date is given (front matter "date:", a "Date:" field or line, a table cell or a "## ' +
      'Date" section, or the latest date of a change-log table).',
    fixable: false,
  }),
  check(doc, { report }) {
    // A date left as the template's prompt is reported once, by template-placeholder.
    if (!doc.date && !doc.datePlaceholder)
      report({ line: 1, column: 1, message: "no date found; add 'date: YYYY-MM-DD'" });
  },
};
