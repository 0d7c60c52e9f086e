import { ruleMeta } from '../../core/index.js';
import { numberFromId, sameNumber } from '../numbers.js';
import type { FileRule } from './types.js';

export const numberMatchesFileName: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'number-matches-file-name',
    severity: 'error',
    docs:
      'The ADR number in the title and in front matter (adr/id) equals the number in the file name, ' +
      'compared as numbers (ADR-003 = 0003-...).',
    fixable: false,
  }),
  check(doc, { report }) {
    const file = doc.fileNumber;
    const fm = doc.frontMatterNumber ? numberFromId(doc.frontMatterNumber.raw) : null;
    const title = doc.titleNumber;
    const base = doc.file.split('/').pop();
    if (file && title && !sameNumber(file, title) && doc.title) {
      report({
        line: doc.title.line,
        column: doc.title.column,
        message: `number ${title} in the title does not match ${file} in the file name '${base}'`,
      });
    }
    if (fm && doc.frontMatterNumber) {
      const other = file ?? title;
      if (other && !sameNumber(fm, other)) {
        const where = file ? `the file name '${base}'` : 'the title';
        report({
          line: doc.frontMatterNumber.line,
          column: doc.frontMatterNumber.column,
          message: `front matter number ${fm} does not match ${other} in ${where}`,
        });
      }
    }
  },
};
