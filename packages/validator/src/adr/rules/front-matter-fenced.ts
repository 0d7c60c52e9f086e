import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const frontMatterFenced: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'front-matter-fenced',
    severity: 'error',
    docs: 'Front matter starts on line 1 between "---" lines, so Markdown tools read it as metadata.',
    fixable: true,
  }),
  check(doc, { report }) {
    const f = doc.flattenedFrontMatter;
    if (!f) return;
    const message =
      f.edit.text === ''
        ? 'front matter does not start on line 1, so it is read as a horizontal rule and a heading'
        : 'front matter is not fenced by ---';
    report({ line: f.line, column: f.column, message, fix: [f.edit] });
  },
};
