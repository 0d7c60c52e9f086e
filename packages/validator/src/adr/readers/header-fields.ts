// Reader: `Key: value` fields in the header, between the title and the first section: MADR 2 /
// log4brains lists (`- Status: accepted`), bold fields (`**Status:** Accepted`, `**Status**:`),
// plain lines (`Date: 2024-01-01`), and metadata tables (see tables.ts).
import type { Heading, Paragraph, PhrasingContent, RootContent } from 'mdast';
import { conceptOf } from '../concepts.js';
import { textOf } from './mdast.js';
import { readMetadataTable } from './tables.js';
import { FIELD_KEYS, type RawField, type ReaderContext } from './types.js';

/**
 * Splits a paragraph into its source lines and reads `Key: value` or
 * `**Key:** value` / `**Key**: value` fields from the start of each line.
 */
export function paragraphFields(p: Paragraph): { fields: RawField[]; bold: boolean } {
  const fields: RawField[] = [];
  let bold = false;
  type Seg = { node: PhrasingContent; text: string };
  const lines: Array<{ line: number; segs: Seg[] }> = [];
  let cur: { line: number; segs: Seg[] } = { line: p.position?.start.line ?? 1, segs: [] };
  lines.push(cur);
  for (const child of p.children) {
    if (child.type === 'text' || child.type === 'break') {
      const parts = child.type === 'text' ? child.value.split('\n') : ['', ''];
      parts.forEach((part, i) => {
        if (i > 0) {
          cur = { line: cur.line + 1, segs: [] };
          lines.push(cur);
        }
        if (part) cur.segs.push({ node: child, text: part });
      });
    } else {
      cur.segs.push({ node: child, text: textOf(child) });
    }
  }
  for (const { line, segs } of lines) {
    const first = segs[0];
    if (!first) continue;
    let key: string | null = null;
    let rest: Seg[] = [];
    let restText = '';
    if (first.node.type === 'strong') {
      const m = /^\s*([A-Za-z][A-Za-z -]*?)\s*(:?)\s*$/.exec(first.text);
      if (m) {
        rest = segs.slice(1);
        restText = rest.map((s) => s.text).join('');
        if (m[2] === ':') key = m[1]!;
        else if (/^\s*:/.test(restText)) {
          key = m[1]!;
          restText = restText.replace(/^\s*:/, '');
        }
        if (key) bold = FIELD_KEYS.has(key.toLowerCase()) || bold;
      }
    } else if (first.node.type === 'text') {
      const m = /^\s*([A-Za-z][A-Za-z -]*?)\s*:\s*(.*)$/.exec(first.text);
      if (m) {
        key = m[1]!;
        rest = segs.slice(1);
        restText = m[2]! + rest.map((s) => s.text).join('');
      }
    }
    const k = key ? FIELD_KEYS.get(key.toLowerCase()) : undefined;
    if (!k) continue;
    const value = restText.trim();
    if (!value) continue;
    const link = rest.find((s) => s.node.type === 'link');
    fields.push({ key: k, value, line, column: 1, link: link && link.node.type === 'link' ? link.node.url : null });
  }
  return { fields, bold };
}

/** The nodes between the title (or the start of the body) and the first section heading. */
export function headerNodes(ctx: ReaderContext): RootContent[] {
  const { children, headings, doc } = ctx;
  let titleLine = doc.title && !doc.title.fromFileName ? doc.title.line : -1;
  // No H1: a heading that opens the record and names no section (`## 1. Use X`) is its title all
  // the same, and the `Date:` lines under it are its header.
  const first = headings[0] === ctx.bodyStart ? (children[ctx.bodyStart] as Heading) : undefined;
  if (titleLine < 0 && first && conceptOf(textOf(first)) === 'other') titleLine = first.position?.start.line ?? -1;
  const firstSection = headings.find((j) => children[j]!.position?.start.line !== titleLine);
  return children.slice(ctx.bodyStart, firstSection ?? children.length);
}

/** The last line of unfenced front matter (and of its plain-line title). */
function flatEnd(ctx: ReaderContext): number {
  const f = ctx.doc.flattenedFrontMatter!;
  const end = f.edit.end;
  let line = ctx.lines.starts.findIndex((s) => s > end);
  if (line < 0) line = ctx.lines.count;
  const title = ctx.doc.plainHeadings.find((p) => p.kind === 'title');
  return Math.max(line, title?.line ?? 0);
}

/** Plain `Status:` lines are weaker evidence than lists, bold fields and tables, so they are returned for later. */
export function readHeaderFields(ctx: ReaderContext): RawField[] {
  const list: RawField[] = [];
  const boldFields: RawField[] = [];
  const plain: RawField[] = [];
  const table: RawField[] = [];
  const flattened = ctx.doc.flattenedFrontMatter ? ctx.children[ctx.bodyStart] : undefined;
  for (const node of headerNodes(ctx)) {
    if (node.type === 'list') {
      for (const item of node.children) {
        const p = item.children[0];
        if (p?.type !== 'paragraph') continue;
        const r = paragraphFields(p);
        (r.bold ? boldFields : list).push(...r.fields);
      }
    } else if (node.type === 'paragraph') {
      const r = paragraphFields(node);
      // In the paragraph that holds unfenced front matter, only the lines after it are fields.
      const after = node === flattened ? flatEnd(ctx) : 0;
      const fields = r.fields.filter((f) => f.line > after);
      (r.bold ? boldFields : plain).push(...fields);
    } else if (node.type === 'table') {
      table.push(...readMetadataTable(node));
    }
  }
  for (const f of list) ctx.add(f, 'list');
  for (const f of boldFields) ctx.add(f, 'bold');
  for (const f of table) ctx.add(f, 'table');
  return plain;
}
