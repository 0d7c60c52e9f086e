import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const sectionHeading: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'section-heading',
    severity: 'error',
    docs:
      'Section names such as "Decision Drivers" are Markdown headings ("## Decision Drivers"), not plain lines. ' +
      'A name alone on a line is taken for a lost heading only when the record has no heading for that section, ' +
      'and not inside an HTML block (<details>) or a sentence.',
    fixable: true,
  }),
  check(doc, { report }) {
    for (const p of doc.plainHeadings) {
      if (p.kind !== 'section') continue;
      report({
        line: p.line,
        column: 1,
        // The level the fix writes: the record's own section level, not always ##.
        message: `'${p.text}' is a plain line, not a heading; write '${p.heading}'`,
        fix: [p.edit],
      });
    }
  },
};
