import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const titlePresent: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'title-present',
    severity: 'warning',
    docs:
      'The ADR has a title: a "# Title" heading, or "title:" in front matter (without one, the file name stands ' +
      'in). A title written as a plain line is made a heading by --fix.',
    fixable: true,
  }),
  check(doc, { report }) {
    const plain = doc.plainHeadings.find((p) => p.kind === 'title');
    if (plain) {
      report({
        line: plain.line,
        column: 1,
        message: `title '${plain.text}' is a plain line, not a '# ' heading`,
        fix: [plain.edit],
      });
    } else if (!doc.title || doc.title.fromFileName) {
      report({ line: 1, column: 1, message: "no '# Title' heading; add one as the first heading" });
    }
  },
};
