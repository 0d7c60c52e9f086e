// The ADR folder's index: a Markdown table between two markers, built from the records themselves.
// `distroless-adr index` writes it and the `index-up-to-date` rule checks it, both with this code,
// so what one writes the other accepts. Takes the ignore globs as an argument (not from config.ts)
// so that a rule can import it without an import cycle.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Nodes, Root } from 'mdast';
import { numbersIn, sameNumber } from './numbers.js';
import { DEFAULT_FILE_TIME_LIMIT, DEFAULT_MAX_FILE_SIZE, parseAdrWithin, unreadableReason } from './budget.js';
import { readAdrFileSync } from './read.js';
import { ignoreMatcher } from './ignore.js';
import { readStatus } from './status.js';
import type { AdrDocument } from './types.js';

export const INDEX_START = '<!-- adr-index:start -->';
export const INDEX_END = '<!-- adr-index:end -->';
/** The file that holds the index when nothing else is configured, inside the ADR folder. */
export const DEFAULT_INDEX_FILE = 'README.md';

export interface IndexLink {
  /** As written: `Supersedes`, `Superseded by`, `Amends`. */
  relation: string;
  /** The linked record, relative to the ADR folder, with forward slashes. */
  target: string;
}

export interface IndexEntry {
  /** Relative to the ADR folder, with forward slashes. */
  file: string;
  number: string | null;
  title: string;
  status: string | null;
  date: string | null;
  links: IndexLink[];
  dialect: AdrDocument['dialect'];
}

const RECORD_EXT = /\.(md|markdown)$/i;

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * The ADR files under `dir` (sub-folders included), relative to it, sorted: every entry named like
 * a record that is not a folder, links and special files included. Dot-folders and anything
 * matching `ignore` (globs relative to `dir`, e.g. the validator's DEFAULT_IGNORE) are skipped.
 */
export function listRecordFiles(dir: string, ignore: readonly string[]): string[] {
  const isIgnored = ignoreMatcher(ignore, { dot: true });
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    // Links, FIFOs and devices named like records too: readRecords reads them as the linter does
    // (a link to a record is a record) or names them as left out, never passes over them in silence.
    if (e.isDirectory() || !RECORD_EXT.test(e.name)) continue;
    const rel = toPosix(path.relative(dir, path.join(e.parentPath, e.name)));
    if (rel.split('/').some((seg) => seg.startsWith('.'))) continue;
    if (isIgnored(rel)) continue;
    out.push(rel);
  }
  return out.sort();
}

export interface ReadRecordsOptions {
  /** Told about each file left out, with why: unreadable, too large, or not parsed in time. */
  onSkip?: (file: string, reason: string) => void;
  /** Seconds one file may take to parse (fileTimeLimit); default 10. */
  fileTimeLimit?: number;
  /** Bytes a file may have (maxFileSize); default 1 MB. */
  maxFileSize?: number;
}

/**
 * Parses every record of the folder, each within the per-file time and size limits the linter
 * uses (fileTimeLimit, maxFileSize). Files that cannot be read, or that a limit cuts off, are left
 * out and passed to `onSkip`: the index and `adr` lint agree on them, since lint reports each.
 */
export function readRecords(dir: string, ignore: readonly string[], options: ReadRecordsOptions = {}): AdrDocument[] {
  const docs: AdrDocument[] = [];
  const rels = listRecordFiles(dir, ignore);
  // A link to a record of the folder is that record under a second name: it is read once, under
  // the record's own name (as the linter reads each real file once).
  const real = new Map<string, string>();
  for (const rel of rels) {
    try {
      real.set(rel, realpathSync(path.join(dir, rel)));
    } catch {
      // Dangling or a loop: readAdrFileSync says which.
    }
  }
  const owner = new Map<string, string>();
  for (const rel of rels) {
    const r = real.get(rel);
    if (r !== undefined && (!owner.has(r) || r === path.join(realpathSafe(dir), rel))) owner.set(r, rel);
  }
  for (const rel of rels) {
    const abs = path.join(dir, rel);
    const r = real.get(rel);
    if (r !== undefined && owner.get(r) !== rel) {
      options.onSkip?.(rel, `a link to ${owner.get(r)}, which is read under its own name`);
      continue;
    }
    const read = readAdrFileSync(abs, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
    const doc = read.problems.some((p) => p.fatal)
      ? null
      : parseAdrWithin(read.text, rel, abs, { fileTimeLimit: options.fileTimeLimit ?? DEFAULT_FILE_TIME_LIMIT });
    const why = doc ? unreadableReason(doc) : unreadableReason({ readProblems: read.problems } as AdrDocument);
    if (!doc || why !== null) {
      options.onSkip?.(rel, why ?? 'cannot read file');
      continue;
    }
    docs.push(doc);
  }
  return docs;
}

function realpathSafe(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** `3. Use X` and `ADR-003: Use X` → `Use X`: the number has its own column. */
export function bareTitle(title: string): string {
  return title
    .replace(/^\d+\.\s+/, '')
    .replace(/^ADR[-_ ]?\d+\s*[:.\-\u2013\u2014]\s*/i, '')
    .trim();
}

/**
 * Links to other records written as `Relation [label](file.md)` on a line of their own, in any
 * block (adr-tools' Status section, a `## Links` list, a bold field): what `link` and `supersede` write.
 */
function relationLinks(doc: AdrDocument, tree: Root, known: Set<string>): IndexLink[] {
  const out: IndexLink[] = [];
  const stack: Nodes[] = [tree];
  const docDir = path.posix.dirname(toPosix(doc.file));
  while (stack.length > 0) {
    const n = stack.pop()!;
    if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Nodes);
    if (n.type !== 'link' || !n.position || /^[a-z]+:/i.test(n.url) || !RECORD_EXT.test(n.url.split('#')[0]!)) continue;
    const target = path.posix.normalize(path.posix.join(docDir, decodeURI(n.url.split('#')[0]!)));
    if (!known.has(target)) continue;
    const start = n.position.start.offset ?? 0;
    const end = n.position.end.offset ?? start;
    const lineStart = doc.text.lastIndexOf('\n', start - 1) + 1;
    let lineEnd = doc.text.indexOf('\n', end);
    if (lineEnd < 0) lineEnd = doc.text.length;
    if (!/^[\s.,;]*$/.test(doc.text.slice(end, lineEnd))) continue;
    const before = doc.text
      .slice(lineStart, start)
      .replace(/^[\s>*+-]*(?:\d+\.\s+)?/, '')
      .replace(/[*_]/g, '')
      .replace(/^status\s*:\s*/i, '')
      .replace(/[\s:]+$/, '');
    if (!/^[A-Za-z][A-Za-z -]{0,40}$/.test(before) || before.split(/\s+/).length > 5) continue;
    out.push({ relation: before, target });
  }
  return out;
}

function resolveNumber(ref: string, numbers: Map<string, string>): string | null {
  const n = numbersIn(ref)[0] ?? (/^\s*\d+\s*$/.test(ref) ? ref.trim() : null);
  if (n === null) return null;
  for (const [num, file] of numbers) if (sameNumber(num, n)) return file;
  return null;
}

/** Index rows for parsed records, in number order (unnumbered records, e.g. log4brains', by name). */
export function indexEntries(docs: AdrDocument[], statuses: readonly string[]): IndexEntry[] {
  const known = new Set(docs.map((d) => toPosix(d.file)));
  const numbers = new Map<string, string>();
  for (const d of docs) if (d.number !== null && !numbers.has(d.number)) numbers.set(d.number, toPosix(d.file));
  const entries = docs.map((doc): IndexEntry => {
    const links: IndexLink[] = doc.tree ? relationLinks(doc, doc.tree, known) : [];
    const has = (relation: string, target: string) =>
      links.some((l) => l.target === target && l.relation.toLowerCase() === relation.toLowerCase());
    // Front matter (`status: superseded by ADR-0005`, `supersedes: 3`) carries links without Markdown.
    if (doc.supersededBy) {
      const target = resolveNumber(doc.supersededBy.ref, numbers);
      if (target && !links.some((l) => l.target === target && /^supersed|^supercede/i.test(l.relation)))
        links.push({ relation: 'Superseded by', target });
    }
    for (const ref of doc.supersedes) {
      const target = known.has(ref) ? ref : resolveNumber(ref, numbers);
      if (target && !links.some((l) => l.target === target && /^supe[rs]*[cs]edes$/i.test(l.relation)))
        if (!has('Supersedes', target)) links.push({ relation: 'Supersedes', target });
    }
    let status: string | null = null;
    if (doc.status) {
      const s = readStatus(doc.status.raw, statuses);
      status = s.placeholder ? null : s.normalized || null;
    }
    const title = doc.title && !doc.title.fromFileName ? bareTitle(doc.title.text) : path.posix.basename(doc.file);
    return {
      file: toPosix(doc.file),
      number: doc.number,
      title: title || toPosix(doc.file),
      status,
      date: doc.date && !readStatus(doc.date.raw, []).placeholder ? doc.date.raw.trim() : null,
      links,
      dialect: doc.dialect,
    };
  });
  return entries.sort((a, b) => {
    if (a.number !== null && b.number !== null) {
      const d = BigInt(a.number) - BigInt(b.number);
      if (d !== 0n) return d < 0n ? -1 : 1;
    } else if (a.number !== null || b.number !== null) return a.number !== null ? -1 : 1;
    return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
  });
}

function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

/** Percent-encodes what would end a Markdown link destination early. */
function href(base: string, target: string): string {
  return (base + target).replace(/[ ()<>]/g, (c) => encodeURIComponent(c));
}

/**
 * The index table. `base` leads from the file that holds it to the ADR folder (`''` for the
 * folder's own README, `docs/adr/` for a file at the repository root), so that links work from there.
 */
export function renderIndexTable(entries: IndexEntry[], base = '', eol = '\n'): string {
  const label = (e: IndexEntry) => e.number ?? path.posix.basename(e.file).replace(RECORD_EXT, '');
  const byFile = new Map(entries.map((e) => [e.file, e]));
  const rows = [
    '| ADR | Title | Status | Date | Links |',
    '| --- | --- | --- | --- | --- |',
    ...entries.map((e) => {
      const links = e.links
        .map((l) => {
          const t = byFile.get(l.target);
          return `${l.relation} [${cell(t ? label(t) : l.target)}](${href(base, l.target)})`;
        })
        .join('; ');
      const cells = [`[${cell(label(e))}](${href(base, e.file)})`, cell(e.title), cell(e.status ?? '')];
      return `| ${[...cells, cell(e.date ?? ''), cell(links)].join(' | ')} |`;
    }),
  ];
  return rows.join(eol);
}

/** Markers that do not make one start-end pair: writing between them could swallow the team's text. */
export class IndexMarkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexMarkerError';
  }
}

/**
 * Where the index sits: `start` just after the start marker, `end` at the end marker; null when the
 * file has no markers. A marker counts at the start of a line (up to three spaces in, as Markdown
 * allows) outside fenced code, so a README can show them in an example or in `code`. A start
 * without an end, an end without a start, or a second pair is an IndexMarkerError.
 */
export function indexMarkers(text: string): { start: number; end: number } | null {
  const starts: Array<{ at: number; line: number }> = [];
  const ends: Array<{ at: number; line: number }> = [];
  let fence: string | null = null;
  let line = 0;
  for (let at = 0; at <= text.length; line++) {
    const nl = text.indexOf('\n', at);
    const content = text.slice(at, nl < 0 ? text.length : nl);
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(content)?.[1];
    if (fence !== null) {
      // A fence closes with at least as many of the same character, and nothing after them.
      if (open && open[0] === fence[0] && open.length >= fence.length && /^ {0,3}[`~]+\s*$/.test(content)) fence = null;
    } else if (open) fence = open;
    else {
      const lead = /^ {0,3}/.exec(content)![0].length;
      if (content.startsWith(INDEX_START, lead)) starts.push({ at: at + lead, line: line + 1 });
      else if (content.startsWith(INDEX_END, lead)) ends.push({ at: at + lead, line: line + 1 });
    }
    if (nl < 0) break;
    at = nl + 1;
  }
  if (starts.length === 0 && ends.length === 0) return null;
  const lines = (xs: Array<{ line: number }>) => xs.map((x) => x.line).join(', ');
  if (starts.length > 1 || ends.length > 1)
    throw new IndexMarkerError(
      `more than one index marker pair (${INDEX_START} on lines ${lines(starts) || '-'}, ` +
        `${INDEX_END} on lines ${lines(ends) || '-'}); keep one pair`,
    );
  const [start] = starts;
  const [end] = ends;
  if (!end) throw new IndexMarkerError(`${INDEX_START} on line ${start!.line} has no ${INDEX_END} after it`);
  if (!start) throw new IndexMarkerError(`${INDEX_END} on line ${end.line} has no ${INDEX_START} before it`);
  if (end.at < start.at)
    throw new IndexMarkerError(`${INDEX_END} on line ${end.line} comes before ${INDEX_START} on line ${start.line}`);
  return { start: start.at + INDEX_START.length, end: end.at };
}

/** The text between the markers, or null when the file has no markers (IndexMarkerError: broken ones). */
export function currentIndex(text: string): string | null {
  const m = indexMarkers(text);
  return m && text.slice(m.start, m.end);
}

/**
 * Puts the table between the markers; appends markers and table when the file has none.
 * Everything outside the markers is kept byte for byte. Broken markers: IndexMarkerError.
 */
export function spliceIndex(text: string, table: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const block = `${eol}${table.split('\n').join(eol)}${eol}`;
  const m = indexMarkers(text);
  if (m) return text.slice(0, m.start) + block + text.slice(m.end);
  const sep = text === '' ? '' : text.endsWith(eol + eol) ? '' : text.endsWith(eol) ? eol : eol + eol;
  return `${text}${sep}${INDEX_START}${block}${INDEX_END}${eol}`;
}

function normalizeRow(line: string): string {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => (/^\s*:?-+:?\s*$/.test(c) ? '---' : c.trim()))
    .join('|');
}

/**
 * The rows of an index table by the record each links to (relative to the ADR folder), in the
 * normalised form `sameIndex` compares. `base` is the table's link prefix (see renderIndexTable).
 */
export function indexRows(table: string, base = ''): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of table.split(/\r?\n/)) {
    const m = /^\s*\|\s*\[[^\]]*\]\(([^)\s]+)\)/.exec(line);
    if (!m) continue;
    let target = decodeURIComponent(m[1]!);
    if (base && target.startsWith(base)) target = target.slice(base.length);
    rows.set(target, normalizeRow(line));
  }
  return rows;
}

/**
 * Compares two index tables the way a reader would: cell padding and the dashes of the
 * delimiter row do not matter, so a table a Markdown formatter re-aligned is still current.
 */
export function sameIndex(a: string, b: string): boolean {
  const norm = (t: string) =>
    t
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map(normalizeRow)
      .join('\n');
  return norm(a) === norm(b);
}

export interface IndexOptions extends ReadRecordsOptions {
  /** Globs (relative to the ADR folder) of files that are not records. */
  ignore: readonly string[];
  /** Status words as configured for the validator. */
  statuses: readonly string[];
  /** The index file, relative to the ADR folder; default README.md. */
  indexFile?: string;
}

export interface IndexState {
  /** Absolute path of the index file. */
  file: string;
  /** Files left out of the index (relative to the ADR folder), with why: see readRecords. */
  skipped: { file: string; reason: string }[];
  /** The whole file as it should be. */
  expected: string;
  /** The file now, or null when it does not exist. */
  current: string | null;
  /** True when the table between the markers matches the records. */
  fresh: boolean;
  /** The markers' problem (IndexMarkerError's message): nothing may be written then. */
  problem: string | null;
  /** The table as it should be. */
  table: string;
  /** The link prefix from the index file to the ADR folder. */
  base: string;
  entries: IndexEntry[];
}

/** The spellings of a README's name met in practice: looked up one by one, never by listing the folder. */
const README_NAMES = [DEFAULT_INDEX_FILE, 'Readme.md', 'readme.md', 'ReadMe.md', 'README.MD'];

/**
 * The index file of `dir`: `configured` when it is not the default, else the folder's README
 * whatever the case of its name (`Readme.md`: a second `README.md` beside it would clash on
 * checkouts that ignore case), else README.md. Each spelling is one stat: listing the folder cost
 * a one-file lint tens of milliseconds where a record sits under a crowded folder such as /tmp.
 */
export function indexFileIn(dir: string, configured?: string): string {
  if (configured !== undefined && configured !== DEFAULT_INDEX_FILE) return configured;
  return README_NAMES.find((n) => existsSync(path.join(dir, n))) ?? DEFAULT_INDEX_FILE;
}

/** Builds the index of `dir` and compares it with the index file. Reads, never writes. */
export function indexState(dir: string, options: IndexOptions): IndexState {
  const indexRel = toPosix(indexFileIn(dir, options.indexFile));
  const file = path.resolve(dir, indexRel);
  // The index file itself is never a record, wherever it is.
  const ignore = [...options.ignore, indexRel];
  const skipped: IndexState['skipped'] = [];
  const entries = indexEntries(
    readRecords(dir, ignore, {
      ...options,
      onSkip: (f, reason) => {
        skipped.push({ file: f, reason });
        options.onSkip?.(f, reason);
      },
    }),
    options.statuses,
  );
  let current: string | null = null;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = null;
  }
  const up = toPosix(path.relative(path.dirname(file), dir));
  const base = up ? `${up}/` : '';
  const table = renderIndexTable(entries, base);
  let expected: string;
  let now: string | null;
  let problem: string | null = null;
  try {
    expected = spliceIndex(current ?? `# Architecture Decision Records\n\n`, table);
    now = current === null ? null : currentIndex(current);
  } catch (e) {
    if (!(e instanceof IndexMarkerError)) throw e;
    problem = e.message;
    expected = current!;
    now = null;
  }
  const fresh = now !== null && sameIndex(now, table);
  return { file, expected, current, fresh, problem, entries, table, base, skipped };
}
