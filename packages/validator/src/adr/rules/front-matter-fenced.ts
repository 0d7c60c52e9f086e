import { ruleMeta } from '../../core/index.js';
import type { FileRule } from './types.js';

export const frontMatterFenced: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'front-matter-fenced',
    // A warning: `Status: Accepted` lines above the title are still metadata a reader sees, as
    // the same lines below the title are (the plain-status dialect); fencing is tidier, not a repair.
    severity: 'warning',
    docs:
      'Front matter starts on line 1 between "---" lines, so Markdown tools read it as metadata. ' +
      '`Key: value` lines above the title are read as metadata too, so this is a warning; --fix fences them, ' +
      'keeping each value as written (quoted where YAML needs it).',
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
