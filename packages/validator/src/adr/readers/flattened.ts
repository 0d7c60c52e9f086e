// Reader: front matter pasted without its fences. `status: accepted date: 2026-03-12` as the
// first paragraph (then, with no H1, the next line is the title written as plain text), or
// `---` + a setext heading of `key: value` lines when the block does not start on line 1.
import type { Heading } from 'mdast';
import { stringify } from 'yaml';
import { isKnownSectionName } from '../concepts.js';
import { numberFromTitle } from '../numbers.js';
import { textOf } from './mdast.js';
import { FIELD_KEYS, type ReaderContext } from './types.js';

const FLAT_KEYS = /\b(status|date|deciders|decision-makers|consulted|informed|adr|id)\s*:/gi;

export function readFlattened(ctx: ReaderContext): void {
  const { doc, lines, children } = ctx;
  const i = ctx.bodyStart;
  // With real front matter, a `Date:` line below it is a field of the body, not lost front matter.
  if (i > 0) return;
  const first = children[i];
  if (first?.type === 'paragraph' && first.children[0]?.type === 'text') {
    const firstLine = first.position?.start.line ?? 1;
    const lastParaLine = first.position?.end.line ?? firstLine;
    // The source lines, not the first text node: a value with inline Markdown (`*Platform* team`)
    // is split over several nodes, and every character of it must survive --fix.
    const pLines: string[] = [];
    for (let ln = firstLine; ln <= lastParaLine; ln++) pLines.push(lines.get(ln));
    let n = 0;
    const pairs: Array<[string, string]> = [];
    while (n < pLines.length) {
      // A trailing backslash or two spaces is a hard line break, not part of the value.
      const l = pLines[n]!.replace(/\\$/, '');
      const keys = [...l.matchAll(FLAT_KEYS)];
      if (keys.length === 0 || (keys[0]!.index! > 0 && l.slice(0, keys[0]!.index).trim() !== '')) break;
      keys.forEach((m, j) => {
        const end = j + 1 < keys.length ? keys[j + 1]!.index! : l.length;
        pairs.push([m[1]!.toLowerCase(), l.slice(m.index! + m[0].length, end).trim()]);
      });
      n++;
    }
    // A lone `Date: ...` line is a plain field; pasted front matter carries a status or several keys.
    if (!pairs.some(([k]) => k === 'status') && pairs.length < 2) return;
    const lastLine = firstLine + n - 1;
    const start = lines.range(firstLine).start;
    const end = lines.range(lastLine).end;
    const eol = doc.eol;
    // Each value verbatim, quoted by the YAML library where plain YAML would change it
    // (`@alice`, `#1 priority`, `- alice`). The range ends before the last line's break: a blank
    // line is added only when the paragraph goes on (a plain-line title right below).
    const yamlText = pairs.map(([k, v]) => `${k}: ${stringify(v, { lineWidth: 0 }).trimEnd()}`).join(eol);
    const gap = n < pLines.length ? eol : '';
    doc.flattenedFrontMatter = {
      line: firstLine,
      column: 1,
      edit: { start, end, text: `---${eol}${yamlText}${eol}---${gap}` },
    };
    for (const [k, v] of pairs) {
      const fk = FIELD_KEYS.get(k);
      const ln =
        firstLine +
        Math.max(
          0,
          pLines.findIndex((l) => l.toLowerCase().includes(`${k}:`)),
        );
      if (fk && v) ctx.add({ key: fk, value: v, line: ln, column: 1, link: null }, 'flattened');
      if ((k === 'adr' || k === 'id') && v) doc.frontMatterNumber = { raw: v, line: ln, column: 1 };
    }
    // With no H1, the next line is the title written as plain text.
    const hasH1 = children.some((c) => c.type === 'heading' && c.depth === 1);
    const tLine = firstLine + n;
    const tText = pLines[n]?.trim();
    if (!hasH1 && tText && !isKnownSectionName(tText)) {
      const r = lines.range(tLine);
      doc.plainHeadings.push({
        text: tText,
        kind: 'title',
        heading: `# ${tText}`,
        line: tLine,
        column: 1,
        edit: { start: r.start, end: r.end, text: `# ${tText}` },
      });
      doc.title = { text: tText, line: tLine, column: 1, fromFileName: false };
      doc.titleNumber = numberFromTitle(tText);
    }
  } else if (first?.type === 'thematicBreak' && children[i + 1]?.type === 'heading') {
    const h = children[i + 1] as Heading;
    const hl = textOf(h).split('\n');
    if (
      h.depth !== 2 ||
      !hl.every((l) => /^\s*[A-Za-z][\w-]*\s*:/.test(l)) ||
      !hl.some((l) => /^\s*(status|date)\s*:/i.test(l))
    )
      return;
    const start = first.position?.start.offset ?? 0;
    doc.flattenedFrontMatter = {
      line: first.position?.start.line ?? 1,
      column: 1,
      edit: { start: 0, end: start, text: '' },
    };
    hl.forEach((l, j) => {
      const m = /^\s*([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(l);
      const fk = m ? FIELD_KEYS.get(m[1]!.toLowerCase()) : undefined;
      if (fk && m![2])
        ctx.add(
          { key: fk, value: m![2]!.trim(), line: (h.position?.start.line ?? 1) + j, column: 1, link: null },
          'flattened',
        );
    });
  }
}
