// Reader: `## Status` and `## Date` sections (at H1 or H2, or deeper before the Context), whose
// value is the first line of their first block, and the `Supersedes ...` lines adr-tools writes
// into the Status section. A section that opens with prose, or that describes something else
// called Status (an API, a dashboard), is not read as the record's status.
import type { Heading, List, Paragraph, RootContent } from 'mdast';
import { normalizeHeading } from '../concepts.js';
import { numbersIn } from '../numbers.js';
import { isTeamStatus, looksLikeStatus, readStatus, startsWithDate } from '../status.js';
import { firstLinkUrl, textOf, textStart, walk } from './mdast.js';
import type { FieldKey, ReaderContext } from './types.js';

function statusHeading(ctx: ReaderContext): number | undefined {
  const { children, headings } = ctx;
  const isStatus = (j: number) => normalizeHeading(textOf(children[j]!)) === 'status';
  const top = headings.find((j) => (children[j] as Heading).depth <= 2 && isStatus(j));
  if (top !== undefined) return top;
  // Deeper (Tyree's `## Summary` › `### Status`): the first one; a section of prose is not read anyway.
  return headings.find((j) => isStatus(j));
}

function sectionValue(ctx: ReaderContext, j: number, key: FieldKey): void {
  const { children, headings } = ctx;
  const end = headings.find((k) => k > j) ?? children.length;
  for (let k = j + 1; k < end; k++) {
    const c = children[k]!;
    if (c.type === 'html') continue;
    const block = c.type === 'list' ? (key === 'status' && historyEntry(ctx, c)) || c.children[0]?.children[0] : c;
    if (!block || (block.type !== 'paragraph' && block.type !== 'table')) return;
    const firstLine = textOf(block).split('\n')[0]!.trim();
    if (!firstLine) continue;
    if (key === 'status' && !looksLikeStatus(firstLine, ctx.statuses)) return;
    ctx.add(
      { key, value: firstLine, line: block.position?.start.line ?? 1, column: 1, link: firstLinkUrl(block) },
      'section',
    );
    // adr-tools writes `Supercedes [1. Title](0001-title.md)` lines into this section.
    if (key === 'status') for (let m = k; m < end; m++) collectSupersedes(children[m]!, ctx);
    return;
  }
}

/**
 * A list whose every item is a status entry (`- 2024-01-01 Proposed`, `- Accepted`) is the
 * status's history: the entry with the latest date is current, or the last one when undated.
 */
function historyEntry(ctx: ReaderContext, list: List): Paragraph | undefined {
  if (list.children.length < 2) return undefined;
  const entries: Array<{ p: Paragraph; date: string | null }> = [];
  for (const item of list.children) {
    const p = item.children[0];
    if (p?.type !== 'paragraph') return undefined;
    const line = textOf(p).split('\n')[0]!.trim();
    const s = readStatus(line, ctx.statuses);
    if (!s.valid && !isTeamStatus(s.normalized)) return undefined;
    entries.push({ p, date: startsWithDate(line) });
  }
  // ISO dates sort as text; other date forms keep the list's order.
  const iso = entries.every((e) => e.date && /^\d{4}-\d{2}-\d{2}$/.test(e.date));
  let current = entries[entries.length - 1]!;
  if (iso) for (const e of entries) if (e.date! >= current.date!) current = e;
  return current.p;
}

export function readSections(ctx: ReaderContext): void {
  const { children, headings } = ctx;
  const status = statusHeading(ctx);
  if (status !== undefined) sectionValue(ctx, status, 'status');
  const date = headings.find(
    (j) => (children[j] as Heading).depth <= 2 && normalizeHeading(textOf(children[j]!)) === 'date',
  );
  if (date !== undefined) sectionValue(ctx, date, 'date');
}

const SUPERSEDES = /^(supersedes|supercedes)\b/i;

/** `Supersedes [1. Title](0001-title.md)` / `Supercedes ADR-0001` paragraphs and list items. */
export function collectSupersedes(node: RootContent, ctx: ReaderContext): void {
  const items = node.type === 'list' ? node.children.map((li) => li.children[0]).filter(Boolean) : [node];
  for (const it of items) {
    if (!it || it.type !== 'paragraph') continue;
    // Every paragraph of the record comes here: look at its first words before taking all its text.
    if (!SUPERSEDES.test(textStart(it, 12).trimStart())) continue;
    const text = textOf(it).trim();
    if (!SUPERSEDES.test(text)) continue;
    for (const n of walk(it)) if (n.type === 'link') ctx.doc.supersedes.push(n.url);
    ctx.doc.supersedes.push(...numbersIn(text.replace(/^\S+/, '')).map((x) => `ADR-${x}`));
  }
}
