import { ruleMeta } from '../../core/index.js';
import { isPlaceholder } from '../status.js';
import type { FileRule } from './types.js';

export const templateUnfilled: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'template-unfilled',
    severity: 'error',
    docs:
      'The record is not the unfilled template: its title, or its status and date and parts of its body, are ' +
      'still the template’s prompts (such as "[short title of solved problem and solution]").',
    fixable: false,
  }),
  check(doc, { report }) {
    const title = doc.title && !doc.title.fromFileName ? doc.title : null;
    const titlePrompt =
      title !== null &&
      (isPlaceholder(title.text, { bare: false }) || doc.placeholders.some((p) => p.line === title.line));
    // Status and date prompts alone are a record with two fields left open (template-placeholder
    // warns); with prompts left in the body too, it is the template itself.
    const fieldLines = new Set(doc.statuses.map((s) => s.line));
    if (doc.statusPlaceholder) fieldLines.add(doc.statusPlaceholder.line);
    const bodyPrompts = doc.placeholders.filter((p) => !fieldLines.has(p.line) && p.line !== doc.date?.line).length;
    const fieldsOpen = doc.statusPlaceholder !== undefined && doc.datePlaceholder === true && bodyPrompts > 1;
    if (!titlePrompt && !fieldsOpen) return;
    report({
      line: title?.line ?? doc.statusPlaceholder?.line ?? 1,
      column: 1,
      message:
        `the record is still the unfilled template (${doc.placeholders.length} prompts left, such ` +
        `as '${doc.placeholders[0]?.text ?? title?.text}')`,
    });
  },
};
