// Reader: change logs. EdgeX writes `## Change Log` with `- [approved](PR) (2022-07-12)` entries,
// the last one being the current state; other teams keep a `| Date | Change |` table there.
import { normalizeHeading } from '../concepts.js';
import { textOf } from './mdast.js';
import { changeLogTableDate } from './tables.js';
import type { ReaderContext } from './types.js';

const CHANGE_LOG = /^(change ?log|history|revision history|status history|status transition history)$/;

export function readChangeLog(ctx: ReaderContext): void {
  const { children, headings } = ctx;
  const at = headings.find((j) => CHANGE_LOG.test(normalizeHeading(textOf(children[j]!))));
  if (at === undefined) return;
  const next = headings.find((j) => j > at) ?? children.length;
  for (let k = at + 1; k < next; k++) {
    const block = children[k]!;
    if (block.type === 'table') {
      const d = changeLogTableDate(block);
      if (d) ctx.add(d, 'changelog');
      return;
    }
    if (block.type !== 'list') continue;
    const last = block.children[block.children.length - 1]?.children[0];
    if (last?.type !== 'paragraph') return;
    const link = last.children[0];
    if (link?.type === 'link') {
      const line = link.position?.start.line ?? 1;
      ctx.add({ key: 'status', value: textOf(link), line, column: 1, link: null }, 'changelog');
      const d = /\((\d{4}-\d{2}-\d{2})\)/.exec(textOf(last));
      if (d) ctx.add({ key: 'date', value: d[1]!, line, column: 1, link: null }, 'changelog');
    }
    return;
  }
}
