import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const statusPresent: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'status-present',
    severity: 'error',
    docs:
      'A status is given: front matter "status:", a "Status:" field or list item, a status table cell, or ' +
      'a "## Status" section.',
    fixable: false,
  }),
  check(doc, { report }) {
    if (doc.status) return;
    const section = doc.sections.find((s) => s.concept === 'status');
    if (section)
      report({ line: section.line, column: section.column, message: `'${section.text}' section has no status value` });
    else
      report({
        line: 1,
        column: 1,
        message: "no status found; add 'status: proposed' to the front matter or a '## Status' section",
      });
  },
};
