// Edits to existing records, in the dialect each is written in: the status of a superseded record,
// and `Relation [label](file)` link lines where that dialect keeps them (adr-tools: the Status
// section; a `## Related Decisions` section where the record has one; MADR 2 and log4brains:
// `## Links`; MADR 3/4: `## More Information`; others: `## Links`).
// Every edit is a text splice at positions from the validator's parse, so the rest of the file
// stays byte for byte as it was.
import path from 'node:path';
import { recordBaseName, type AdrDocument } from '@distroless-service/validator';
import type { Heading, RootContent } from 'mdast';
import { AdrError } from './errors.js';
import { today } from './today.js';
import {
  addSupersedesEdit,
  frontMatterBlock,
  setSupersededByEdit,
  supersessionEntry,
  type FrontMatterFormat,
} from './front-matter.js';

interface Edit {
  start: number;
  end: number;
  text: string;
}

export function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

const posix = (p: string) => p.split(path.sep).join('/');

/** The link from one record to another, relative to the first one's folder. */
export function hrefBetween(from: AdrDocument, to: AdrDocument): string {
  const rel = path.posix.relative(path.posix.dirname(posix(from.file)), posix(to.file));
  return rel.replace(/[ ()<>]/g, (c) => encodeURIComponent(c));
}

/** The record's name: its file's, or a record page's folder's (`0007-x/index.md` is `0007-x`). */
function baseName(doc: AdrDocument): string {
  return recordBaseName(posix(doc.file));
}

function usesStatusSection(doc: AdrDocument): boolean {
  return doc.statuses.some((s) => s.source === 'section');
}

/**
 * How `from` names `to` in a link: log4brains' slug; a record named `ADR-091-...` (or `adr010-...`)
 * by its name's own reference (`ADR-091`, `ADR010`); adr-tools' `N. Title`; else `ADR-NNNN`.
 */
export function labelFor(from: AdrDocument, to: AdrDocument): string {
  if (to.number === null || /^adr[-_ ]?\d/i.test(baseName(to))) return refName(to);
  if (usesStatusSection(from) && to.title && !to.title.fromFileName) {
    const t = to.title.text;
    return /^\d+\.\s/.test(t) ? t : `${BigInt(to.number)}. ${t.replace(/^ADR[-_ ]?\d+\s*[:.\-\u2013\u2014]\s*/i, '')}`;
  }
  return refName(to);
}

/** How a record is referred to in a status or a front-matter key: `ADR-0007`, `ADR010` as its file is named. */
export function refName(doc: AdrDocument): string {
  if (doc.number === null) return baseName(doc);
  const named = /^(adr)([-_ ]?)(\d+)/i.exec(baseName(doc));
  return named ? `${named[1]!.toUpperCase()}${named[2]}${named[3]}` : `ADR-${doc.number}`;
}

function eolOf(doc: AdrDocument): string {
  return doc.eol;
}

function headingText(h: Heading): string {
  let out = '';
  const stack: RootContent[] = [...h.children].reverse() as RootContent[];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'html') continue;
    if ('value' in n && typeof n.value === 'string') out += n.value;
    if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as RootContent);
  }
  return out
    .replace(/[\s:]+$/, '')
    .trim()
    .toLowerCase();
}

interface SectionSpan {
  heading: Heading;
  /** Blocks between the heading and the next heading of the same or a higher level. */
  blocks: RootContent[];
  /** Offset where the next such heading starts, or the end of the text. */
  end: number;
}

function findSection(doc: AdrDocument, names: string[], depth = 2): SectionSpan | null {
  const children = doc.tree?.children ?? [];
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (c.type !== 'heading' || c.depth !== depth || !names.includes(headingText(c))) continue;
    const blocks: RootContent[] = [];
    let end = doc.text.length;
    for (let j = i + 1; j < children.length; j++) {
      const n = children[j]!;
      if (n.type === 'heading' && n.depth <= depth) {
        end = n.position?.start.offset ?? end;
        break;
      }
      blocks.push(n);
    }
    return { heading: c, blocks, end };
  }
  return null;
}

function listMarker(doc: AdrDocument): string {
  const list = doc.tree?.children.find((c) => c.type === 'list' && !c.ordered);
  const at = list?.position?.start.offset;
  const ch = at !== undefined ? doc.text[at] : undefined;
  return ch === '-' || ch === '*' || ch === '+' ? ch : '*';
}

function hasLine(doc: AdrDocument, relation: string, href: string): boolean {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${esc(relation)}\\s*\\[[^\\]]*\\]\\(${esc(href)}\\)`, 'i').test(doc.text);
}

function appendBullet(doc: AdrDocument, section: SectionSpan, line: string): Edit {
  const eol = eolOf(doc);
  const marker = listMarker(doc);
  const lists = section.blocks.filter((b) => b.type === 'list' && !b.ordered);
  const last = lists[lists.length - 1];
  if (last?.position?.end.offset !== undefined) {
    const at = last.position.end.offset;
    const m = doc.text[last.position.start.offset ?? 0];
    return { start: at, end: at, text: `${eol}${m === '-' || m === '*' || m === '+' ? m : marker} ${line}` };
  }
  if (section.end >= doc.text.length) {
    const trimmed = doc.text.replace(/\s+$/, '');
    return { start: trimmed.length, end: doc.text.length, text: `${eol}${eol}${marker} ${line}${eol}` };
  }
  return { start: section.end, end: section.end, text: `${marker} ${line}${eol}${eol}` };
}

function appendSection(doc: AdrDocument, name: string, line: string): Edit {
  const eol = eolOf(doc);
  const trimmed = doc.text.replace(/\s+$/, '');
  return {
    start: trimmed.length,
    end: doc.text.length,
    text: `${eol}${eol}## ${name}${eol}${eol}${listMarker(doc)} ${line}${eol}`,
  };
}

const MADR_BODY = ['context and problem statement', 'decision outcome'];

/** Adds `relation [label](href)` where this dialect keeps links; nothing when it is already there. */
export function addLinkEdit(doc: AdrDocument, relation: string, to: AdrDocument): Edit | null {
  const href = hrefBetween(doc, to);
  if (hasLine(doc, relation, href)) return null;
  const line = `${relation} [${labelFor(doc, to)}](${href})`;
  const eol = eolOf(doc);
  const status = usesStatusSection(doc) ? findSection(doc, ['status']) : null;
  if (status) {
    // adr-tools: one paragraph per link, at the end of the Status section.
    const blocks = status.blocks.filter((b) => b.type !== 'html');
    const after = (blocks[blocks.length - 1] ?? status.heading).position?.end.offset ?? status.end;
    return { start: after, end: after, text: `${eol}${eol}${line}` };
  }
  const madr = doc.dialect === 'madr-frontmatter' && doc.sections.some((s) => MADR_BODY.includes(s.text.toLowerCase()));
  // A section the record keeps for its links wins; MADR 3/4 put them under More Information.
  const names = madr
    ? ['related decisions', 'related adrs', 'links', 'more information']
    : ['links', 'related decisions', 'related adrs', 'more information'];
  const section = findSection(doc, names);
  if (section) return appendBullet(doc, section, line);
  return appendSection(doc, madr ? 'More Information' : 'Links', line);
}

function lineStart(text: string, line: number): number {
  let at = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', at);
    if (next < 0) return text.length;
    at = next + 1;
  }
  return at;
}

/** The list holding line `line` directly in the document, with its last item's line and its end. */
function historyList(doc: AdrDocument, line: number): { lastLine: number; end: number } | null {
  for (const node of doc.tree?.children ?? []) {
    if (node.type !== 'list' || !node.position) continue;
    if (line < node.position.start.line || line > node.position.end.line) continue;
    const last = node.children[node.children.length - 1];
    if (!last?.position || last.position.start.line !== last.position.end.line) return null;
    return { lastLine: last.position.start.line, end: last.position.end.offset ?? 0 };
  }
  return null;
}

/**
 * Whether a status value is its word alone, give or take emphasis, brackets and a full stop
 * ('Accepted', '**Proposed.**', 'Work in progress'): such a value is replaced outright.
 */
function isBareStatus(raw: string): boolean {
  const words = raw
    .replace(/[*_`~[\]()]/g, ' ')
    .trim()
    .replace(/[.!]$/, '')
    .trim();
  return /^\p{L}+(?:[ -]\p{L}+){0,2}$/u.test(words);
}

/**
 * MADR makes the status optional: a record without one gets it in its own form. Beside a `Date:`
 * field, as that field is written; in its front matter; as a Status section before the Context of
 * a record with adr-tools' sections; else in the front matter MADR 4 writes, added at the top.
 */
function addedStatusEdit(
  doc: AdrDocument,
  by: AdrDocument,
  fmKey: string | null,
  format: FrontMatterFormat,
): Edit | Edit[] {
  const eol = eolOf(doc);
  const ref = refName(by);
  const link = `[${labelFor(doc, by)}](${hrefBetween(doc, by)})`;
  const date = doc.date && doc.date.source !== 'front-matter' ? doc.date : null;
  if (date) {
    const start = lineStart(doc.text, date.line);
    const nl = doc.text.indexOf('\n', start);
    const line = doc.text.slice(start, nl < 0 ? doc.text.length : nl).replace(/\r$/, '');
    const m = /^(\s*(?:[-*+]\s+)?(?:\*\*|__)?)(date)((?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*)/i.exec(line);
    if (m) {
      const key = m[2] === 'DATE' ? 'STATUS' : m[2] === 'date' ? 'status' : 'Status';
      // MADR 2's list writes status words in lower case; bold fields capitalise them.
      const word = /[-*+]\s/.test(m[1]!) ? 'superseded' : 'Superseded';
      return { start, end: start, text: `${m[1]}${key}${m[3]!.trimEnd()} ${word} by ${link}${eol}` };
    }
  }
  const fm = frontMatterBlock(doc);
  if (fm) {
    // After the record's own keys, in its front matter's syntax. In a folder that keeps
    // `superseded-by` in front matter, the key names the record and the status says `superseded`.
    const keyed = fmKey !== null && !doc.frontMatterError;
    const value = keyed ? 'superseded' : `superseded by ${ref}`;
    const text = fm.format === 'toml' ? `status = ${JSON.stringify(value)}${eol}` : `status: ${value}${eol}`;
    if (!keyed) return { start: fm.insertAt, end: fm.insertAt, text };
    const key = setSupersededByEdit(doc, fm, fmKey, ref);
    // A key it lacks goes where the status goes: one insertion, the status first.
    if (key.start === fm.insertAt && key.end === fm.insertAt)
      return { start: fm.insertAt, end: fm.insertAt, text: text + key.text };
    return [{ start: fm.insertAt, end: fm.insertAt, text }, key];
  }
  const context = findSection(doc, ['context']);
  if (context && !doc.sections.some((s) => MADR_BODY.includes(s.text.toLowerCase()))) {
    const at = context.heading.position?.start.offset ?? 0;
    return { start: at, end: at, text: `## Status${eol}${eol}Superseded by ${link}${eol}${eol}` };
  }
  const bom = doc.text.startsWith('\uFEFF') ? 1 : 0;
  // In a folder that keeps `superseded-by` in front matter, the block is written as the folder's
  // records write it: `status: superseded` and the key naming the record, in their syntax.
  const block = !fmKey
    ? `---${eol}status: superseded by ${ref}${eol}---`
    : format === 'toml'
      ? `+++${eol}status = "superseded"${eol}${tomlKey(fmKey)} = ${JSON.stringify(ref)}${eol}+++`
      : `---${eol}status: superseded${eol}${fmKey}: ${ref}${eol}---`;
  return { start: bom, end: bom, text: `${block}${eol}${eol}` };
}

const tomlKey = (key: string) => (/^[\w-]+$/.test(key) ? key : JSON.stringify(key));

/**
 * Marks `doc` superseded by `by`, in every place its status is written. With `fmKey` (the
 * repository records supersession in front matter, under that spelling), `superseded-by` holds
 * the reference and a front-matter status says only `superseded`; otherwise the status names it.
 * `format`: the syntax of the folder's front matter, for a record that gets its first block.
 */
export function supersededEdits(
  doc: AdrDocument,
  by: AdrDocument,
  fmKey: string | null = null,
  format: FrontMatterFormat = 'yaml',
): Edit[] {
  if (doc.statuses.length === 0) return [addedStatusEdit(doc, by, fmKey, format)].flat();
  const edits: Edit[] = [];
  const ref = refName(by);
  const link = `[${labelFor(doc, by)}](${hrefBetween(doc, by)})`;
  const fm = frontMatterBlock(doc);
  const lines = new Set<number>();
  for (const field of doc.statuses) {
    if (lines.has(field.line)) continue;
    lines.add(field.line);
    const cap = /^[^A-Za-z]*[A-Z]/.test(field.raw) ? 'S' : 's';
    const plain = field.source === 'front-matter' || field.source === 'flattened';
    const value = plain
      ? fmKey && fm
        ? `${cap}uperseded`
        : `${cap}uperseded by ${ref}`
      : `${cap}uperseded by ${link}`;
    // A status written with more than its word ('Accepted (2016-02-12, after review). Shell
    // scripts keep...') keeps every word of it: a Status section gets the new status as its own
    // paragraph above the old one, a one-line field keeps the old value after '; was'.
    const keep = !field.read?.placeholder && !isBareStatus(field.raw);
    const history = field.source === 'section' ? historyList(doc, field.line) : null;
    if (history) {
      // A status history ('- 2024-01-01 Proposed', '- 2024-02-01 Accepted') gets one more entry.
      const last = doc.text.slice(lineStart(doc.text, history.lastLine), history.end);
      const m = /^(\s*)([-*+]|(\d+)([.)]))(\s+)(\d{4}-\d{2}-\d{2}\b)?/.exec(last)!;
      const marker = m[3] ? `${Number(m[3]) + 1}${m[4]}` : m[2]!;
      const entry = `${m[1]}${marker}${m[5]}${m[6] ? `${today()} ` : ''}${value}`;
      edits.push({ start: history.end, end: history.end, text: `${doc.eol}${entry}` });
    } else if (keep && field.source === 'section') {
      const start = lineStart(doc.text, field.line);
      edits.push({ start, end: start, text: `${value}${doc.eol}${doc.eol}` });
    } else if (field.range) {
      const text = keep ? `${value}; was ${doc.text.slice(field.range.start, field.range.end)}` : value;
      edits.push({ start: field.range.start, end: field.range.end, text });
    } else if (field.source === 'front-matter' && fm) {
      // Quoted or decorated values carry no editable range: rewrite the whole status value.
      const e = fm.entries.find((x) => /^status$/i.test(x.key));
      if (!e || e.continued) throw new AdrError(`cannot find the status line in the front matter of ${doc.file}`);
      const text = keep ? `${value}; was ${e.value}` : value;
      edits.push({ start: e.valueStart, end: e.valueEnd, text: fm.format === 'toml' ? JSON.stringify(text) : text });
    } else {
      // Values with markup (a link, a template prompt) have no plain range: replace the rest of
      // the line after the `Status:` key, or the whole first line of a Status section.
      const start = lineStart(doc.text, field.line);
      const nl = doc.text.indexOf('\n', start);
      const line = doc.text.slice(start, nl < 0 ? doc.text.length : nl).replace(/\r$/, '');
      const key = /^(\s*(?:[-*+]\s+)?(?:\*\*|__)?status(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*)/i.exec(line);
      if (field.source === 'section') edits.push({ start, end: start + line.length, text: value });
      else if (key) {
        const rest = line.slice(key[1]!.length);
        edits.push({
          start: start + key[1]!.length,
          end: start + line.length,
          text: keep ? `${value}; was ${rest}` : value,
        });
      } else
        throw new AdrError(
          `cannot rewrite the status of ${doc.file} safely (written as '${field.raw}' on line ${field.line})`,
        );
    }
  }
  // A `superseded-by` key the record has is kept in step; one the repository uses is added.
  if (fm && (fmKey || supersessionEntry(fm, 'superseded-by')))
    edits.push(setSupersededByEdit(doc, fm, fmKey ?? 'superseded-by', ref));
  return edits;
}

/** Adds `old` to the `supersedes` key of `doc`'s front matter (`key` when it has none yet). */
export function supersedesKeyEdit(doc: AdrDocument, old: AdrDocument, key: string): Edit | null {
  const fm = frontMatterBlock(doc);
  if (!fm) return null;
  return addSupersedesEdit(doc, fm, key, refName(old));
}

/** Relations and their reverse, both ways; a relation not listed needs an explicit reverse. */
const REVERSE: Record<string, string> = {
  supersedes: 'Superseded by',
  amends: 'Amended by',
  clarifies: 'Clarified by',
  extends: 'Extended by',
  refines: 'Refined by',
  replaces: 'Replaced by',
  'depends on': 'Required by',
  'relates to': 'Relates to',
  'see also': 'See also',
};

export function reverseOf(relation: string): string | null {
  const r = relation.trim().toLowerCase();
  if (REVERSE[r]) return REVERSE[r];
  for (const [k, v] of Object.entries(REVERSE))
    if (v.toLowerCase() === r) return k.charAt(0).toUpperCase() + k.slice(1);
  return null;
}

export function isSupersedes(relation: string): boolean {
  return /^supe[rs]*[cs]edes$/i.test(relation.trim());
}

export function isSupersededBy(relation: string): boolean {
  return /^supe[rs]*[cs]eded by$/i.test(relation.trim());
}
