import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const templatePlaceholder: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'template-placeholder',
    severity: 'warning',
    docs: 'No unfilled template text is left, such as "{short title ...}" or "[accepted | deprecated | ...]".',
    fixable: false,
  }),
  check(doc, { report }) {
    for (const p of doc.placeholders)
      report({ line: p.line, column: p.column, message: `unfilled template placeholder '${p.text}'` });
  },
};
