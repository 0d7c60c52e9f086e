import type { FileRule } from './types.js';

export const sectionHeading: FileRule = {
  id: 'section-heading',
  severity: 'error',
  docs: 'Section names such as "Decision Drivers" are Markdown headings ("## Decision Drivers"), not plain lines.',
  fixable: true,
  scope: 'file',
  check(doc, _config, report) {
    for (const p of doc.plainHeadings) {
      if (p.kind !== 'section') continue;
      report({
        line: p.line,
        column: 1,
        message: `'${p.text}' is a plain line, not a heading; write '## ${p.text}'`,
        fix: [p.edit],
      });
    }
  },
};
