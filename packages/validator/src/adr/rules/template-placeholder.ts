import type { Nodes } from 'mdast';
import { ruleMeta } from '../../core/index.js';
import type { AdrDocument } from '../types.js';
import type { FileRule } from './types.js';

// Handlebars/Mustache expressions (`{{title}}`, `{{capitalize status}}`) are what a template file
// copied without being filled still holds; GitHub's `${{ }}` and anything in code is not one.
const MUSTACHE = /(?<!\$)\{\{[^{}\n]{1,80}\}\}/g;

function codeRanges(doc: AdrDocument): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const stack: Nodes[] = doc.tree ? [doc.tree] : [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if ((n.type === 'code' || n.type === 'inlineCode') && n.position)
      out.push([n.position.start.offset ?? 0, n.position.end.offset ?? 0]);
    if ('children' in n) for (const c of n.children) stack.push(c as Nodes);
  }
  return out;
}

function mustaches(doc: AdrDocument): Array<{ line: number; column: number; text: string }> {
  if (!doc.text.includes('{{')) return [];
  const code = codeRanges(doc);
  const out: Array<{ line: number; column: number; text: string }> = [];
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const m of doc.text.matchAll(MUSTACHE)) {
    const at = m.index;
    if (code.some(([s, e]) => at >= s && at < e)) continue;
    for (let i = doc.text.indexOf('\n', scanned); i !== -1 && i < at; i = doc.text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
      scanned = i + 1;
    }
    out.push({ line, column: at - lineStart + 1, text: m[0] });
  }
  return out;
}

export const templatePlaceholder: FileRule = {
  scope: 'file',
  meta: ruleMeta('adr', {
    id: 'template-placeholder',
    severity: 'warning',
    docs:
      'No unfilled template text is left, such as "{short title ...}", "[accepted | deprecated | ...]" or a ' +
      'Handlebars "{{title}}".',
    fixable: false,
  }),
  check(doc, { report }) {
    for (const p of doc.placeholders)
      report({ line: p.line, column: p.column, message: `unfilled template placeholder '${p.text}'` });
    const seen = new Set(doc.placeholders.map((p) => p.line));
    for (const m of mustaches(doc)) {
      if (seen.has(m.line) && doc.placeholders.some((p) => p.line === m.line && p.text.includes(m.text))) continue;
      report({ line: m.line, column: m.column, message: `unfilled template placeholder '${m.text}'` });
    }
  },
};
