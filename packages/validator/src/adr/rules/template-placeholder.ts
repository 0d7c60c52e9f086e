import type { FileRule } from './types.js';

export const templatePlaceholder: FileRule = {
  id: 'template-placeholder',
  severity: 'warning',
  docs: 'No unfilled template text is left, such as "{short title ...}" or "[accepted | deprecated | ...]".',
  fixable: false,
  scope: 'file',
  check(doc, _config, report) {
    for (const p of doc.placeholders)
      report({ line: p.line, column: p.column, message: `unfilled template placeholder '${p.text}'` });
  },
};
