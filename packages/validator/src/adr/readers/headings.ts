// Reader: headings. The first H1 is the title; every other heading, at any level (teams write
// `# Context` as often as `## Context`), is a section with its concept, extent and emptiness.
import type { Heading } from 'mdast';
import { conceptOf } from '../concepts.js';
import { numberFromTitle } from '../numbers.js';
import { textOf } from './mdast.js';
import type { ReaderContext } from './types.js';

export function readHeadings(ctx: ReaderContext): void {
  const { doc, children, headings, lines } = ctx;
  const lastLine = lines.count;
  for (let h = 0; h < headings.length; h++) {
    const j = headings[h]!;
    const node = children[j] as Heading;
    const text = textOf(node).trim();
    if (node.depth === 1 && !doc.title) {
      doc.title = {
        text,
        line: node.position?.start.line ?? 1,
        column: node.position?.start.column ?? 1,
        fromFileName: false,
      };
      doc.titleNumber = numberFromTitle(text);
      continue;
    }
    let endLine = lastLine;
    for (let k = h + 1; k < headings.length; k++) {
      const other = children[headings[k]!] as Heading;
      if (other.depth <= node.depth) {
        endLine = (other.position?.start.line ?? lastLine) - 1;
        break;
      }
    }
    const nextIdx = headings[h + 1] ?? children.length;
    const nextHeading = children[nextIdx] as Heading | undefined;
    const hasSub = nextHeading !== undefined && nextHeading.depth > node.depth;
    let empty = !hasSub;
    for (let k = j + 1; empty && k < nextIdx; k++) {
      const c = children[k]!;
      if (!(c.type === 'html' || (c.type === 'paragraph' && textOf(c).trim() === ''))) empty = false;
    }
    doc.sections.push({
      depth: node.depth,
      text,
      concept: conceptOf(text),
      line: node.position?.start.line ?? 1,
      column: node.position?.start.column ?? 1,
      endLine,
      empty,
    });
  }
}
