import type { FileRule } from './types.js';

export const datePresent: FileRule = {
  id: 'date-present',
  severity: 'warning',
  docs: 'A decision date is given (front matter "date:", a "Date:" field or line, a table cell or a "## Date" section).',
  fixable: false,
  scope: 'file',
  check(doc, _config, report) {
    if (!doc.date) report({ line: 1, column: 1, message: "no date found; add 'date: YYYY-MM-DD'" });
  },
};
