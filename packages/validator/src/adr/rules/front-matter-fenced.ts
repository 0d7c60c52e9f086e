import type { FileRule } from './types.js';

export const frontMatterFenced: FileRule = {
  id: 'front-matter-fenced',
  severity: 'error',
  docs: 'Front matter starts on line 1 between "---" lines, so Markdown tools read it as metadata.',
  fixable: true,
  scope: 'file',
  check(doc, _config, report) {
    const f = doc.flattenedFrontMatter;
    if (!f) return;
    const message =
      f.edit.text === ''
        ? 'front matter does not start on line 1, so it is read as a horizontal rule and a heading'
        : 'front matter is not fenced by ---';
    report({ line: f.line, column: f.column, message, fix: [f.edit] });
  },
};
