import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const statusPresent: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'status-present',
    severity: 'warning',
    docs:
      'A status is given: front matter "status:", a "Status:" field or list item, a status table cell, or ' +
      'a "## Status" section that starts with a status word. A warning: MADR makes the status optional.',
    fixable: false,
  }),
  check(doc, { report }) {
    // An unfilled prompt is reported by template-placeholder.
    if (doc.status || doc.statusPlaceholder) return;
    const section = doc.sections.find((s) => s.concept === 'status');
    if (section)
      report({
        line: section.line,
        column: section.column,
        message: `'${section.text}' section does not start with a status word (such as Accepted)`,
      });
    else
      report({
        line: 1,
        column: 1,
        message: "no status found; add 'status: proposed' to the front matter or a '## Status' section",
      });
  },
};
