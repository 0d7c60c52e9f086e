import type { FileRule } from './types.js';

export const fileReadable: FileRule = {
  id: 'file-readable',
  severity: 'error',
  docs: 'The file can be read and parsed as Markdown text (not a directory, binary, too large or unreadable).',
  fixable: false,
  scope: 'file',
  check(doc, _config, report) {
    for (const p of doc.readProblems)
      if (p.ruleId === 'file-readable') report({ line: 1, column: 1, message: p.message });
  },
};
