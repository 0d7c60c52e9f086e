// Front matter as a repository writes it, YAML (`---`) or TOML (`+++`): the keys of the newest
// record and how each value is written, so `new` can write the same block; and edits to the
// supersession keys (`supersedes`, `superseded-by`) that splice one entry and leave the rest of
// the block byte for byte as it was.
import { FIELD_KEYS, NUMBER_KEYS, SUPERSEDED_BY_KEYS, type AdrDocument } from '@distroless-service/validator';

export type FrontMatterFormat = 'yaml' | 'toml';

/** How one top-level value is written. */
export interface FrontMatterKey {
  /** As written, unquoted. */
  key: string;
  kind: 'string' | 'array' | 'date' | 'null' | 'other';
  /** The quote of the value (of an array's first item); '' for a plain YAML scalar. */
  quote: '"' | "'" | '';
  /** The value starts with a capital letter (`status = "Accepted"`). */
  capital: boolean;
  /** The value of a number key (`id = "ADR-007"`, `adr = 7`), the pattern of the next one's. */
  sample?: string | number;
}

export interface FrontMatterStyle {
  format: FrontMatterFormat;
  keys: FrontMatterKey[];
}

/** What `new` fills the keys with. */
export interface FrontMatterData {
  title: string;
  /** As in the file name (`0007`); empty for a dated name. */
  id: string;
  date: string;
  status: string;
  deciders: string;
}

/** The field a front-matter key holds, by the validator's table of key names (any spelling). */
export type KeyField = 'status' | 'date' | 'deciders' | 'number' | 'title' | 'supersedes' | 'superseded-by';

export function fieldOfKey(key: string): KeyField | null {
  const k = key.trim().toLowerCase();
  const field = FIELD_KEYS.get(k);
  if (field) return field;
  if (k === 'created') return 'date';
  if (NUMBER_KEYS.has(k)) return 'number';
  if (SUPERSEDED_BY_KEYS.has(k)) return 'superseded-by';
  if (k === 'supersedes') return 'supersedes';
  if (k === 'title') return 'title';
  return null;
}

/** A top-level `key: value` / `key = value` entry and where its parts are in the record's text. */
interface Entry {
  key: string;
  /** Where the value starts on the key's line (after `:` or `=` and any blanks). */
  valueStart: number;
  /** Where the value on the key's line ends, before a comment and trailing blanks. */
  valueEnd: number;
  /** The value's text on the key's line. */
  value: string;
  /** Whether lines after the key's line belong to this value (a block list, a multi-line array). */
  continued: boolean;
  /** End of the entry's last line, before its line break. */
  end: number;
  /** Start of the line after the entry. */
  next: number;
  /** The indent of the first continuation line. */
  indent: string;
}

export interface Block {
  format: FrontMatterFormat;
  /** Start of the first line after the opening fence. */
  contentStart: number;
  /** Start of the closing fence's line. */
  contentEnd: number;
  entries: Entry[];
  /** Where a new top-level key goes: after the last one (TOML: before any `[table]`). */
  insertAt: number;
}

/**
 * Calls `visit` with each character of `text` outside '...' and "..." strings (a backslash escapes
 * in "..." only, as in YAML and TOML), until it returns true; returns that index, or -1.
 */
function outsideQuotes(text: string, visit: (c: string, i: number) => boolean): number {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (visit(c, i)) return i;
  }
  return -1;
}

/** The end of a value on its line: before a comment (`#` outside quotes) and trailing blanks. */
function valueEndIn(line: string): number {
  const comment = outsideQuotes(line, (c, i) => c === '#' && (i === 0 || /\s/.test(line[i - 1]!)));
  return (comment < 0 ? line : line.slice(0, comment)).trimEnd().length;
}

/** How many more `[` than `]` a TOML value's text opens, outside strings. */
function bracketDepth(text: string): number {
  let depth = 0;
  outsideQuotes(text, (c) => {
    depth += c === '[' ? 1 : c === ']' ? -1 : 0;
    return false;
  });
  return depth;
}

/** The front matter block of a parsed record and its top-level entries; null when it has none. */
export function frontMatterBlock(doc: AdrDocument): Block | null {
  const first = doc.tree?.children[0] as { type: string; position?: { start: { offset?: number } } } | undefined;
  if (!first || (first.type !== 'yaml' && first.type !== 'toml') || !first.position) return null;
  return blockAt(doc.text, first.type, first.position.start.offset ?? 0);
}

/** The front matter block of a record's text, read without the Markdown parser (`---` or `+++` on line 1). */
export function frontMatterBlockOf(text: string): Block | null {
  const open = text.startsWith('\uFEFF') ? 1 : 0;
  const fence = /^(---|\+\+\+)[ \t]*\r?\n/.exec(text.slice(open));
  if (!fence) return null;
  return blockAt(text, fence[1] === '---' ? 'yaml' : 'toml', open);
}

function blockAt(text: string, format: FrontMatterFormat, open: number): Block | null {
  const contentStart = text.indexOf('\n', open) + 1;
  if (contentStart === 0) return null;
  const fence = format === 'yaml' ? /^---[ \t]*\r?$/ : /^\+\+\+[ \t]*\r?$/;
  const lines: Array<{ start: number; text: string }> = [];
  let contentEnd = -1;
  for (let at = contentStart; at < text.length;) {
    const nl = text.indexOf('\n', at);
    const line = text.slice(at, nl < 0 ? text.length : nl).replace(/\r$/, '');
    if (fence.test(line)) {
      contentEnd = at;
      break;
    }
    lines.push({ start: at, text: line });
    if (nl < 0) break;
    at = nl + 1;
  }
  if (contentEnd < 0) return null;
  const entries: Entry[] = [];
  let insertAt = contentStart;
  const keyLine = format === 'yaml' ? /^(["']?)([^\s"'#:][^:#]*?)\1[ \t]*:(?=\s|$)/ : /^(["']?)([\w.-]+)\1[ \t]*=/;
  for (let i = 0; i < lines.length; i++) {
    const { start, text: line } = lines[i]!;
    if (format === 'toml' && /^\s*\[/.test(line)) break; // a table: keys after it are not top level
    const m = keyLine.exec(line);
    if (!m) continue;
    const afterKey = m[0].length;
    const lead = /^[ \t]*/.exec(line.slice(afterKey))![0].length;
    const valueText = line.slice(afterKey + lead);
    const valueStart = start + afterKey + lead;
    const entry: Entry = {
      key: m[2]!.trim(),
      valueStart,
      valueEnd: valueStart + valueEndIn(valueText),
      value: valueText.slice(0, valueEndIn(valueText)),
      continued: false,
      end: start + line.length,
      next: i + 1 < lines.length ? lines[i + 1]!.start : contentEnd,
      indent: '',
    };
    // Continuation lines: indented or `- item` lines (YAML), the rest of an open array (TOML).
    let depth = format === 'toml' ? bracketDepth(entry.value) : 0;
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!.text;
      const more = format === 'yaml' ? /^\s+\S/.test(l) || /^-(\s|$)/.test(l) : depth > 0;
      if (!more) break;
      depth += format === 'toml' ? bracketDepth(l.slice(0, valueEndIn(l))) : 0;
      if (!entry.continued) entry.indent = /^[ \t]*/.exec(l)![0];
      entry.continued = true;
      entry.end = lines[j]!.start + l.length;
      entry.next = j + 1 < lines.length ? lines[j + 1]!.start : contentEnd;
      i = j;
    }
    entries.push(entry);
    insertAt = entry.next;
  }
  return { format, contentStart, contentEnd, entries, insertAt };
}

function kindOf(value: unknown): FrontMatterKey['kind'] {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  return 'other';
}

/**
 * The front matter of the newest record as a style `new` writes: TOML only, as the built-in
 * templates write YAML (null for a record without TOML front matter, or with a broken one).
 */
export function frontMatterStyle(doc: AdrDocument): FrontMatterStyle | null {
  const block = frontMatterBlock(doc);
  if (!block || block.format !== 'toml' || doc.frontMatterError || !doc.frontMatter) return null;
  const keys: FrontMatterKey[] = [];
  for (const e of block.entries) {
    const value = doc.frontMatter[e.key];
    const quote = /["']/.exec(e.value.startsWith('[') ? e.value.slice(1) : e.value.charAt(0))?.[0];
    const first = Array.isArray(value) ? value[0] : value;
    keys.push({
      key: e.key,
      kind: kindOf(value),
      quote: quote === "'" ? "'" : '"',
      capital: typeof first === 'string' && /^[A-Z]/.test(first),
      ...(fieldOfKey(e.key) === 'number' && (typeof value === 'string' || typeof value === 'number')
        ? { sample: value }
        : {}),
    });
  }
  return { format: block.format, keys };
}

const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** A double-quoted string valid in TOML and YAML alike: JSON's escapes are theirs too, and DEL is escaped. */
function doubleQuoted(s: string): string {
  return JSON.stringify(s).replace(/\x7f/g, '\\u007f');
}

/** A TOML string: a literal ('...') where the style has one and the text allows it, else basic. */
function tomlString(s: string, quote: FrontMatterKey['quote']): string {
  if (quote === "'" && !s.includes("'") && !hasControl(s)) return `'${s}'`;
  return doubleQuoted(s);
}

export function yamlString(s: string, quote: FrontMatterKey['quote']): string {
  if (quote === "'" && !hasControl(s)) return `'${s.replace(/'/g, "''")}'`;
  if (
    quote === '' &&
    /^[A-Za-z0-9][\w./ -]*$/.test(s) &&
    !/[ ]$|: | #/.test(s) &&
    !/^(null|true|false|yes|no|on|off|~)$/i.test(s)
  )
    return s;
  return doubleQuoted(s);
}

/** A string value in the syntax of `format`, quoted as `quote` (YAML: plain when it can be). */
export function quoted(format: FrontMatterFormat, s: string, quote: FrontMatterKey['quote']): string {
  return format === 'toml' ? tomlString(s, quote) : yamlString(s, quote);
}

function keyText(format: FrontMatterFormat, key: string): string {
  return /^[\w-]+$/.test(key) ? key : JSON.stringify(key);
}

/** `0007` in an id written like `ADR-003`: the new number in the digits' place. */
export function idValue(id: string, like: string | undefined): string {
  if (!like) return id;
  const digits = /\d+/.exec(like);
  if (!digits) return id;
  const n = BigInt(id).toString().padStart(digits[0].length, '0');
  return like.slice(0, digits.index) + n + like.slice(digits.index + digits[0].length);
}

/**
 * The front matter `new` writes in the style of the newest record: its keys in its order, each
 * written the way it was, filled from `data` where it is a field `new` knows (status, date,
 * deciders, title, the number), empty otherwise. Values that cannot be empty (true, 3, a table)
 * are left out rather than made up.
 */
export function renderFrontMatter(
  style: FrontMatterStyle,
  data: FrontMatterData,
  /** Whole entries by key that win over the above: the site keys the folder's records all carry. */
  carried: Map<string, string> = new Map(),
): string {
  const { format } = style;
  const assign = format === 'toml' ? ' = ' : ': ';
  const lines: string[] = [];
  for (const k of style.keys) {
    const entry = carried.get(k.key);
    if (entry !== undefined) {
      lines.push(entry);
      continue;
    }
    const name = k.key.toLowerCase();
    const list = (items: string[]) => `[${items.map((s) => quoted(format, s, k.quote)).join(', ')}]`;
    const text = (s: string) => quoted(format, s, k.quote);
    let value: string | null;
    if (name === 'status')
      value = text(k.capital ? data.status.charAt(0).toUpperCase() + data.status.slice(1) : data.status);
    else if (name === 'date' || name === 'created') value = k.kind === 'date' ? data.date : text(data.date);
    else if (fieldOfKey(name) === 'deciders') {
      const names = data.deciders
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      value = k.kind === 'array' ? list(names) : text(data.deciders);
    } else if (name === 'title') value = text(data.title);
    else if (fieldOfKey(name) === 'number') {
      const was = k.sample;
      if (!data.id) value = null;
      else if (typeof was === 'number') value = BigInt(data.id).toString();
      else value = text(idValue(data.id, typeof was === 'string' ? was : undefined));
    } else if (k.kind === 'array') value = '[]';
    else if (k.kind === 'string') value = '""';
    else value = null;
    if (value !== null) lines.push(`${keyText(format, k.key)}${assign}${value}`);
  }
  const fence = format === 'toml' ? '+++' : '---';
  return `${fence}\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}${fence}\n`;
}

/** `text` (a rendered template) with its front matter replaced by `block`, or `block` put first. */
export function replaceFrontMatter(text: string, block: string): string {
  const m = /^---\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(text);
  if (m) return block + text.slice(m[0].length);
  return `${block}\n${text}`;
}

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The record's entry for a supersession key, if its front matter has one. */
export function supersessionEntry(block: Block, which: 'supersedes' | 'superseded-by'): Entry | null {
  return block.entries.find((e) => fieldOfKey(e.key) === which) ?? null;
}

/** Whether this record's front matter carries `supersedes` or `superseded-by` (any spelling). */
export function hasSupersessionKeys(doc: AdrDocument): boolean {
  const block = frontMatterBlock(doc);
  return !!block && (!!supersessionEntry(block, 'supersedes') || !!supersessionEntry(block, 'superseded-by'));
}

/** The spelling a repository uses for a key, from the first record that has it. */
export function keySpelling(docs: AdrDocument[], which: 'supersedes' | 'superseded-by'): string | null {
  for (const d of docs) {
    const block = frontMatterBlock(d);
    const e = block && supersessionEntry(block, which);
    if (e) return e.key;
  }
  return null;
}

function quoteOf(value: string): FrontMatterKey['quote'] {
  const c = value.replace(/^\[\s*/, '').charAt(0);
  return c === '"' || c === "'" ? c : '';
}

function insertEntry(doc: AdrDocument, block: Block, key: string, value: string): Edit {
  const assign = block.format === 'toml' ? ' = ' : ': ';
  return {
    start: block.insertAt,
    end: block.insertAt,
    text: `${keyText(block.format, key)}${assign}${value}${doc.eol}`,
  };
}

/** Sets `superseded-by` to `ref`, adding the key (as `key`) when the block has none. */
export function setSupersededByEdit(doc: AdrDocument, block: Block, key: string, ref: string): Edit {
  const e = supersessionEntry(block, 'superseded-by');
  if (!e) {
    const quote: FrontMatterKey['quote'] = block.format === 'toml' ? '"' : '';
    return insertEntry(doc, block, key, quoted(block.format, ref, quote));
  }
  const empty = e.value === '' || /^(null|~|""|'')$/.test(e.value);
  const quote = empty ? (block.format === 'toml' ? '"' : '') : quoteOf(e.value);
  const value = quoted(block.format, ref, block.format === 'toml' && quote === '' ? '"' : quote);
  // `superseded-by:` with nothing after the colon needs a blank before the value.
  const pad = doc.text[e.valueStart - 1] === ':' ? ' ' : '';
  return { start: e.valueStart, end: e.continued ? e.end : e.valueEnd, text: pad + value };
}

/** Adds `ref` to the `supersedes` list, making the key (as `key`) or a list of a single value. */
export function addSupersedesEdit(doc: AdrDocument, block: Block, key: string, ref: string): Edit {
  const e = supersessionEntry(block, 'supersedes');
  const toml = block.format === 'toml';
  if (!e) return insertEntry(doc, block, key, `[${quoted(block.format, ref, toml ? '"' : '')}]`);
  const was = doc.frontMatter?.[e.key];
  const items = (Array.isArray(was) ? was : was === null || was === undefined || was === '' ? [] : [was]).map(String);
  if (block.format === 'yaml' && e.continued && e.value === '' && Array.isArray(was)) {
    // A block list: one more `- item` line under the others.
    return { start: e.end, end: e.end, text: `${doc.eol}${e.indent}- ${yamlString(ref, '')}` };
  }
  const quote = quoteOf(e.value) || (toml ? '"' : '');
  const list = `[${[...items, ref].map((s) => quoted(block.format, s, quote)).join(', ')}]`;
  const pad = doc.text[e.valueStart - 1] === ':' ? ' ' : '';
  return { start: e.valueStart, end: e.continued ? e.end : e.valueEnd, text: pad + list };
}
