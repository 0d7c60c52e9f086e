import { ruleMeta } from '../../core/index.js';
import { recordFileName } from '../record-page.js';
import type { FileRule } from './types.js';

export const fileNamePattern: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'file-name-pattern',
    severity: 'error',
    docs:
      "The file name follows the repository's convention, when the config names one (fileNamePattern, a " +
      'regular expression; `--init` learns it from the records).',
    fixable: false,
  }),
  check(doc, { options: config, report }) {
    const re = config.fileNamePattern;
    // A record page (`0001-x/index.md`) is named by its folder.
    const name = recordFileName(doc.absPath);
    if (!re || re.test(name)) return;
    report({
      line: 0,
      column: 0,
      message: `file name '${name}' does not match the configured fileNamePattern ${re.source}`,
    });
  },
};
