// What a folder's newest records share beyond their dialect, so that a record written from a
// built-in template looks like its neighbours: the spelling of each front-matter key (`id` or `adr`,
// `decision-makers` or `deciders`), the keys every record carries for the documentation site
// (`parent: Decisions`, `nav_order: 17`, Backstage's `id: adrs-adr010`), the style of the title
// heading (`# ADR-0008: X`, `# 8. X`, `# Architecture Decision Record: X`) and the list bullet.
// Read from the text alone (no Markdown parser), a few files, each within the validator's bound.
import path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE, readAdrFileSync } from '@distroless-service/validator';
import {
  fieldOfKey,
  frontMatterBlockOf,
  idValue,
  quoted,
  type FrontMatterFormat,
  type FrontMatterKey,
  type KeyField,
} from './front-matter.js';
import type { TemplateData } from './render.js';
import { newestFirst, type ExistingRecord } from './naming.js';

/** How many of the newest records are read. */
const SAMPLES = 10;

/** A number in a value that counts up with the record's number: `nav_order: 17`, `id: adrs-adr010`. */
export interface Counter {
  before: string;
  after: string;
  /** The value's number minus the record's. */
  offset: bigint;
  /** Zero-padded to this width (1: not padded). */
  width: number;
}

/** A front-matter key the folder's records carry, and how the new record's value is made. */
export interface CarriedKey {
  key: string;
  field: KeyField | null;
  /**
   * `field`: a value `new` knows (status, date, deciders, the number); `constant`: copied as it
   * is (`raw`); `count`: continued from the record number; `title`: the new title (after the
   * counter's prefix, when the values start with one: `ADR010: ...`).
   */
  kind: 'field' | 'constant' | 'count' | 'title';
  /** The whole entry as written (key line and any continuation lines), for a constant. */
  raw?: string;
  counter?: Counter;
  /** A title written after a number prefix (`title: ADR010: Use ...`). */
  style?: HeadingStyle;
  quote: FrontMatterKey['quote'];
  /** The newest record's value, unquoted: the pattern of a number key's next value. */
  sample: string;
}

/** The title heading: `prefix` + the number (padded to `width`) + `separator` + the title. */
export interface HeadingStyle {
  prefix: string;
  numbered: boolean;
  width: number;
  separator: string;
}

export interface Conventions {
  /** The syntax of the newest records' front matter, YAML or TOML, that `spelling` and `keys` are read from. */
  format: FrontMatterFormat | null;
  /** The folder's key for each field it writes in front matter (`id`, `decision-makers`). */
  spelling: Partial<Record<KeyField, string>>;
  /** Keys all (or nearly all) of the newest records carry, in the newest record's order. */
  keys: CarriedKey[];
  heading: HeadingStyle | null;
  /** The list bullet the records use, where they agree. */
  bullet: '-' | '*' | '+' | null;
}

interface Sample {
  number: bigint | null;
  text: string;
  format: FrontMatterFormat | null;
  /** Front matter entries: key, value on the key's line (unquoted), the whole entry. */
  entries: Array<{ key: string; value: string; quote: FrontMatterKey['quote']; raw: string; continued: boolean }>;
  h1: string | null;
}

/** All, or all but a few of many (4 of 5, 8 of 10). */
export const nearlyAll = (count: number, of: number): boolean =>
  of > 0 && (count === of || (of >= 5 && count >= Math.ceil(of * 0.8)));

const unquote = (v: string): { value: string; quote: FrontMatterKey['quote'] } => {
  const m = /^(["'])(.*)\1$/.exec(v.trim());
  return m ? { value: m[2]!, quote: m[1] as '"' | "'" } : { value: v.trim(), quote: '' };
};

/** The first `# ` heading after the front matter, outside code fences. */
function firstHeading(text: string, from: number): string | null {
  let fenced = false;
  // Line by line up to the heading (most often the first), not the whole text split into lines.
  for (let at = from; at <= text.length;) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(at, nl > at && text[nl - 1] === '\r' ? nl - 1 : end);
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced) {
      const m = /^#[ \t]+(.*?)[ \t]*#*[ \t]*$/.exec(line);
      if (m) return m[1]!;
    }
    if (nl < 0) break;
    at = nl + 1;
  }
  return null;
}

function readSample(dir: string, r: ExistingRecord): Sample | null {
  const read = readAdrFileSync(path.join(dir, r.file), DEFAULT_MAX_FILE_SIZE);
  if (read.problems.some((p) => p.fatal)) return null;
  const text = read.text;
  const block = frontMatterBlockOf(text);
  const entries: Sample['entries'] = [];
  let bodyStart = 0;
  if (block) {
    bodyStart = text.indexOf('\n', block.contentEnd) + 1 || text.length;
    for (const e of block.entries) {
      const start = text.lastIndexOf('\n', e.valueStart - 1) + 1;
      entries.push({ key: e.key, ...unquote(e.value), raw: text.slice(start, e.end), continued: e.continued });
    }
  }
  const number = r.number === null ? null : BigInt(r.number);
  return { number, text, format: block?.format ?? null, entries, h1: firstHeading(text, bodyStart) };
}

/** The counters a value holds for a record's number: each digit run, as text around it and offset. */
function countersIn(value: string, n: bigint): Counter[] {
  const out: Counter[] = [];
  for (const m of value.matchAll(/\d+/g)) {
    const digits = m[0];
    out.push({
      before: value.slice(0, m.index),
      after: value.slice(m.index + digits.length),
      offset: BigInt(digits) - n,
      width: digits.length > 1 && digits.startsWith('0') ? digits.length : 1,
    });
  }
  return out;
}

/** A counter every value agrees on, newest first (with one value, only the record's own number). */
function commonCounter(values: Array<{ value: string; n: bigint }>): Counter | null {
  if (values.length === 0) return null;
  const [first, ...rest] = values;
  for (const c of countersIn(first!.value, first!.n)) {
    if (values.length === 1 && c.offset !== 0n) continue;
    // Padded as the newest value is (JabRef's nav_order went from `0060` to `69`).
    const all = rest.every(({ value, n }) =>
      countersIn(value, n).some((d) => d.before === c.before && d.after === c.after && d.offset === c.offset),
    );
    if (all) return c;
  }
  return null;
}

export const counted = (c: Counter, n: bigint): string =>
  `${c.before}${(n + c.offset).toString().padStart(c.width, '0')}${c.after}`;

/** `ADR-0008: X` → prefix `ADR-`, number, separator `: `; null when the number is not in front. */
function numberedHeading(h1: string, n: bigint): (HeadingStyle & { title: string; key: string }) | null {
  for (const m of h1.matchAll(/\d+/g)) {
    const prefix = h1.slice(0, m.index);
    // An ASCII prefix (nearly all) tested without the Unicode letter class, slow to compile cold.
    if (!(/[\u0080-\uffff]/.test(prefix) ? /^[\p{L} _#-]{0,24}$/u : /^[A-Za-z _#-]{0,24}$/).test(prefix)) return null;
    if (BigInt(m[0]) !== n) continue;
    const sep = /^(\s*[:.)\-\u2013\u2014]\s+|\s+)/.exec(h1.slice(m.index + m[0].length));
    const title = sep ? h1.slice(m.index + m[0].length + sep[0].length) : '';
    if (!sep || !title) return null;
    const width = m[0].length > 1 && m[0].startsWith('0') ? m[0].length : 1;
    return { prefix, numbered: true, width, separator: sep[0], title, key: `${prefix}\u0000${sep[0]}` };
  }
  return null;
}

/** The heading's words without a number prefix, for comparing a front-matter title with it. */
function headingTitle(h1: string, n: bigint | null): string {
  return (n !== null ? numberedHeading(h1, n)?.title : undefined) ?? h1;
}

function learnHeading(samples: Sample[]): HeadingStyle | null {
  const styles = new Map<string, { style: HeadingStyle; count: number }>();
  let seen = 0;
  for (const s of samples) {
    if (s.h1 === null) continue;
    seen++;
    let style: HeadingStyle & { key: string };
    const numbered = s.number !== null ? numberedHeading(s.h1, s.number) : null;
    const constant = /^(.{3,40}?(?::[ \t]+|[ \t]+[-\u2013\u2014][ \t]+))\S/.exec(s.h1);
    if (numbered) style = numbered;
    else if (constant) style = { prefix: constant[1]!, numbered: false, width: 1, separator: '', key: constant[1]! };
    else style = { prefix: '', numbered: false, width: 1, separator: '', key: '' };
    // The newest record's padding wins.
    const had = styles.get(style.key);
    if (had) had.count++;
    else styles.set(style.key, { style: { ...style }, count: 1 });
  }
  for (const { style, count } of styles.values()) {
    if (!nearlyAll(count, seen)) continue;
    // A words-only prefix (`Architecture Decision Record: `) is a style only when records share it.
    if (!style.numbered && style.prefix && count < 2) return null;
    const { prefix, numbered, width, separator } = style;
    return { prefix, numbered, width, separator };
  }
  return null;
}

function learnBullet(samples: Sample[]): Conventions['bullet'] {
  const votes = new Map<string, number>();
  let seen = 0;
  for (const s of samples) {
    const counts = new Map<string, number>();
    let fenced = false;
    for (const line of s.text.split(/\r?\n/)) {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      const m = !fenced && /^\s*([-*+])[ \t]+\S/.exec(line);
      if (m) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
    }
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    if (!top) continue;
    seen++;
    votes.set(top[0], (votes.get(top[0]) ?? 0) + 1);
  }
  for (const [bullet, count] of votes) if (nearlyAll(count, seen)) return bullet as '-' | '*' | '+';
  return null;
}

function learnKeys(all: Sample[]): Pick<Conventions, 'format' | 'spelling' | 'keys'> {
  // In the syntax of the newest record with front matter; a record in the other syntax counts as one without.
  const format = all.find((s) => s.entries.length > 0)?.format ?? null;
  const samples = all.map((s) => (s.format === format ? s : { ...s, entries: [] }));
  const spelling: Conventions['spelling'] = {};
  for (const s of samples)
    for (const e of s.entries) {
      const field = fieldOfKey(e.key);
      if (field && field !== 'title') spelling[field] ??= e.key;
    }
  const withFm = samples.filter((s) => s.entries.length > 0);
  if (!nearlyAll(withFm.length, samples.length)) return { format, spelling, keys: [] };
  // The newest record's order first, then keys only older records have.
  const order: string[] = [];
  for (const s of withFm) for (const e of s.entries) if (!order.includes(e.key)) order.push(e.key);
  const keys: CarriedKey[] = [];
  for (const key of order) {
    const carriers = withFm.flatMap((s) => {
      const e = s.entries.find((x) => x.key === key);
      return e ? [{ s, e }] : [];
    });
    if (!nearlyAll(carriers.length, withFm.length)) continue;
    const field = fieldOfKey(key);
    const { quote, value: sample } = carriers[0]!.e;
    const base = { key, field, quote, sample };
    const single = carriers.filter(({ e }) => !e.continued);
    const numbered = single.filter(({ s }) => s.number !== null).map(({ s, e }) => ({ value: e.value, n: s.number! }));
    const counter = single.length === carriers.length && numbered.length > 0 ? commonCounter(numbered) : null;
    const constant =
      carriers.length >= 2 &&
      carriers.every(({ e }) => e.raw.replace(/\r/g, '') === carriers[0]!.e.raw.replace(/\r/g, ''));
    const isTitle =
      field === 'title' ||
      (single.length === carriers.length &&
        carriers.every(
          ({ s, e }) =>
            s.h1 !== null && e.value !== '' && (e.value === s.h1 || e.value === headingTitle(s.h1, s.number)),
        ));
    if (field === 'status' || field === 'date' || field === 'deciders') keys.push({ ...base, kind: 'field' });
    else if (isTitle) {
      // `title: ADR010: Use ...`: the number prefix in front of the words is continued.
      const styles = carriers.map(({ s, e }) => (s.number !== null ? numberedHeading(e.value, s.number) : null));
      const first = styles[0];
      const same = first && styles.every((x) => x && x.key === first.key);
      const style = same
        ? { prefix: first.prefix, numbered: true, separator: first.separator, width: first.width }
        : null;
      keys.push({ ...base, kind: 'title', ...(style ? { style } : {}) });
    } else if (counter) keys.push({ ...base, kind: 'count', counter });
    else if (constant) keys.push({ ...base, kind: 'constant', raw: carriers[0]!.e.raw.replace(/\r/g, '') });
    else if (field !== null) keys.push({ ...base, kind: 'field' });
    // Anything else varies from record to record: left out rather than guessed.
  }
  return { format, spelling, keys };
}

/** The conventions of the newest records (highest number, else latest dated name) in `dir`. */
export function learnConventions(dir: string, existing: ExistingRecord[]): Conventions {
  const samples: Sample[] = [];
  for (const r of newestFirst(existing)) {
    if (samples.length >= SAMPLES) break;
    const s = readSample(dir, r);
    if (s) samples.push(s);
  }
  return { ...learnKeys(samples), heading: learnHeading(samples), bullet: learnBullet(samples) };
}

/** The title heading's text for a record in this style. */
export function styledTitle(style: HeadingStyle, number: string, title: string): string | null {
  if (!style.numbered) return `${style.prefix}${title}`;
  if (!/^\d+$/.test(number)) return null;
  return `${style.prefix}${number.padStart(style.width, '0')}${style.separator}${title}`;
}

/** The value text of a carried key for the new record, or null to leave the key out. */
function carriedValue(
  k: CarriedKey,
  data: TemplateData,
  template: string | undefined,
  format: FrontMatterFormat = 'yaml',
): string | null {
  const n = /^\d+$/.test(data.number) ? BigInt(data.number) : null;
  // A TOML value is a string, quoted, unless it was written bare (a number, a date, a boolean).
  const text = (v: string) =>
    format === 'toml' && k.quote === '' && /^[\w.:+-]+$/.test(v) ? v : quoted(format, v, k.quote);
  switch (k.kind) {
    case 'constant':
      return null; // written as it is, key and all
    case 'count':
      return n === null ? null : text(counted(k.counter!, n));
    case 'title': {
      const t = k.style ? styledTitle(k.style, data.number, data.title) : data.title;
      return text(t ?? data.title);
    }
    case 'field':
      if (template !== undefined) return template;
      if (k.field === 'status') return text(data.status);
      if (k.field === 'date') return text(data.date);
      if (k.field === 'deciders') return data.deciders ? JSON.stringify(data.deciders) : '';
      if (k.field === 'supersedes') return '[]';
      if (k.field === 'superseded-by') return format === 'toml' ? '""' : 'null';
      if (k.field === 'number')
        return data.id
          ? /^\d+$/.test(k.sample)
            ? BigInt(data.id).toString()
            : text(idValue(data.id, k.sample))
          : null;
      return null;
  }
}

/**
 * A rendered built-in template's YAML front matter in the folder's way: each key under the
 * folder's spelling, the keys its records all carry added (constants copied, counters continued,
 * titles given the new title), in the order the newest record writes them; the template's other
 * keys after them. A template without front matter, or a folder without YAML front matter, is
 * left as it is.
 */
export function conformFrontMatter(text: string, conv: Conventions, data: TemplateData): string {
  const block = frontMatterBlockOf(text);
  if (!block) return addedFrontMatter(text, conv, data);
  if (block.format !== 'yaml' || conv.format === 'toml') return text;
  if (conv.keys.length === 0 && Object.keys(conv.spelling).length === 0) return text;
  // The template's entries: key, field, and the value text after the key (continuation lines too).
  const own = block.entries.map((e) => {
    const start = text.lastIndexOf('\n', e.valueStart - 1) + 1;
    const line = text.slice(start, e.end);
    const colon = line.indexOf(':', line.indexOf(e.key) + e.key.length);
    return { key: e.key, field: fieldOfKey(e.key), rest: line.slice(colon + 1), value: e.value };
  });
  const out: string[] = [];
  const used = new Set<number>();
  for (const k of conv.keys) {
    const i = own.findIndex((o, j) => !used.has(j) && (o.key === k.key || (k.field !== null && o.field === k.field)));
    if (i >= 0) used.add(i);
    if (k.kind === 'constant') {
      out.push(k.raw!);
      continue;
    }
    const mine = i >= 0 ? own[i] : undefined;
    if (k.kind === 'field' && mine) {
      // The template's value, except a number key, written as the folder writes its numbers.
      if (k.field === 'number') {
        const v = carriedValue(k, data, undefined);
        if (v !== null) out.push(`${k.key}: ${v}`);
      } else out.push(`${k.key}:${mine.rest}`);
      continue;
    }
    const v = carriedValue(k, data, undefined);
    if (v !== null) out.push(v === '' ? `${k.key}:` : `${k.key}: ${v}`);
  }
  own.forEach((o, i) => {
    if (used.has(i)) return;
    const key = (o.field && o.field !== 'title' && conv.spelling[o.field]) || o.key;
    out.push(`${key}:${o.rest}`);
  });
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const close = text.indexOf('\n', block.contentEnd);
  const end = close < 0 ? text.length : close + 1;
  return `${text.slice(0, block.contentStart)}${out.join(eol)}${out.length > 0 ? eol : ''}${text.slice(block.contentEnd, end)}${text.slice(end)}`;
}

/**
 * A team's own template keeps its front matter as the team wrote it, but a key the records count
 * up (JabRef's `nav_order: 100 # Replace this with the number of the ADR`) takes the next value,
 * in the template's place for it: the template cannot know the number, the records show it.
 */
export function continueCounters(text: string, conv: Conventions, data: TemplateData): string {
  const block = frontMatterBlockOf(text);
  if (!block || block.format !== conv.format) return text;
  let out = text;
  // From the last entry back, so earlier offsets stay right.
  for (const e of [...block.entries].reverse()) {
    const k = conv.keys.find((c) => c.kind === 'count' && c.key === e.key);
    const v = k && !e.continued ? carriedValue(k, data, undefined, block.format) : null;
    if (v !== null) out = out.slice(0, e.valueStart) + v + out.slice(e.valueEnd);
  }
  return out;
}

/**
 * A template that writes no front matter (adr-tools' sections) in a folder whose records carry
 * some: the keys that are not the status, date or deciders the template writes in its body.
 */
function addedFrontMatter(text: string, conv: Conventions, data: TemplateData): string {
  const toml = conv.format === 'toml';
  const lines: string[] = [];
  for (const k of conv.keys) {
    if (k.field === 'status' || k.field === 'date' || k.field === 'deciders') continue;
    if (k.kind === 'constant') lines.push(k.raw!);
    else {
      const v = carriedValue(k, data, undefined, conv.format ?? 'yaml');
      if (v !== null) lines.push(toml ? `${k.key} = ${v || '""'}` : v === '' ? `${k.key}:` : `${k.key}: ${v}`);
    }
  }
  if (lines.length === 0) return text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const fence = toml ? '+++' : '---';
  return `${fence}${eol}${lines.join(eol)}${eol}${fence}${eol}${eol}${text}`;
}

/**
 * For a folder whose records write TOML front matter (renderFrontMatter writes the newest record's
 * keys): the entries its records all carry for the documentation site, as lines by key: constants
 * copied, counters continued, titles given the new title. Empty for a YAML folder.
 */
export function siteEntries(conv: Conventions, data: TemplateData): Map<string, string> {
  const out = new Map<string, string>();
  if (conv.format !== 'toml') return out;
  for (const k of conv.keys) {
    if (k.kind === 'constant') out.set(k.key, k.raw!);
    else if (k.kind === 'count' || k.kind === 'title') {
      const v = carriedValue(k, data, undefined, 'toml');
      if (v !== null) out.set(k.key, `${k.key} = ${v}`);
    }
  }
  return out;
}

/**
 * The rendered template's title heading in the style of the newest records' (`# ADR-0008: X`,
 * `# ADR 8 - X`, `# 8. X`, `# Architecture Decision Record: X`, `# X`), where they agree on one.
 */
export function conformHeading(text: string, conv: Conventions, data: TemplateData): string {
  if (!conv.heading) return text;
  const title = styledTitle(conv.heading, data.number, data.title);
  if (title === null) return text;
  const block = frontMatterBlockOf(text);
  let at = block ? text.indexOf('\n', block.contentEnd) + 1 : 0;
  if (block && at === 0) return text; // nothing after the front matter
  let fenced = false;
  for (;;) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(at, end).replace(/\r$/, '');
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced && /^#[ \t]+\S/.test(line)) return `${text.slice(0, at)}# ${title}${text.slice(at + line.length)}`;
    if (nl < 0) break;
    at = nl + 1;
  }
  return text;
}

/** The rendered template's list bullets (`*` in MADR 2's) as the folder's records write theirs (`-`). */
export function conformBullets(text: string, conv: Conventions): string {
  const bullet = conv.bullet;
  if (!bullet) return text;
  const block = frontMatterBlockOf(text);
  const from = block ? text.indexOf('\n', block.contentEnd) + 1 : 0;
  if (block && from === 0) return text;
  let fenced = false;
  const body = text
    .slice(from)
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      if (fenced || /^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return line; // code, or a thematic break
      return line.replace(/^(\s*)[-*+](?=[ \t])/, `$1${bullet}`);
    })
    .join('\n');
  return text.slice(0, from) + body;
}
