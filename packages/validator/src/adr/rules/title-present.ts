import { ruleMeta } from '../../core/index.js';
import type { AdrDocument } from '../types.js';
import type { FileRule } from './types.js';

/** The line of the heading the record opens with (after front matter and comments), if it opens with one. */
function openingHeadingLine(doc: AdrDocument): number | undefined {
  const first = doc.tree?.children.find((n) => !['yaml', 'toml', 'html'].includes(n.type as string));
  return first?.type === 'heading' ? first.position?.start.line : undefined;
}

export const titlePresent: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'title-present',
    severity: 'warning',
    docs:
      'The ADR has a title: a "# Title" heading, or "title:" in front matter (without one, the file name stands ' +
      'in). In a record whose headings were flattened to plain lines (pasted from a rich-text editor), the ' +
      'plain-line title is made a heading by --fix.',
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
      // No H1, but the record opens with a heading that names no section: that is the title, a level down.
      const opening = doc.sections[0];
      if (opening && opening.concept === 'other' && opening.depth > 1 && opening.line === openingHeadingLine(doc))
        report({
          line: opening.line,
          column: 1,
          message: `the title '${opening.text}' is a level-${opening.depth} heading; make it '# ${opening.text}'`,
        });
      else report({ line: 1, column: 1, message: "no '# Title' heading; add one as the first heading" });
    }
  },
};
