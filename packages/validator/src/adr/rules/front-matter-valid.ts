import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const frontMatterValid: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'front-matter-valid',
    severity: 'error',
    docs:
      'YAML front matter parses and is a mapping (quote values that contain ": " or start with "{"); ' +
      'status and date lines are still read from it.',
    fixable: false,
  }),
  check(doc, { report }) {
    const e = doc.frontMatterError;
    if (e) report({ line: e.line, column: e.column, message: `invalid YAML front matter: ${e.message}` });
  },
};
