// File names for new records: the next number across the folder, in the padding and pattern the
// records already there use, and a stable ASCII slug from the title.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  isDateSlug,
  numberFromFileName,
  recordBaseName,
  recordFileName,
  recordPageFolder,
} from '@distroless-service/validator';

export type NamePattern =
  | {
      kind: 'number';
      prefix: string;
      width: number;
      separator: string;
      slug: boolean;
      ext: string;
      /** Records kept as folders: the page each one's folder holds (`index.md`, `README.md`). */
      page?: string;
    }
  | { kind: 'date'; ext: string };

/** adr-tools and MADR: `0001-record-architecture-decisions.md`. */
export const DEFAULT_PATTERN: NamePattern = {
  kind: 'number',
  prefix: '',
  width: 4,
  separator: '-',
  slug: true,
  ext: 'md',
};

export interface ExistingRecord {
  /** Relative to the ADR folder, forward slashes. */
  file: string;
  number: string | null;
  dateSlug: boolean;
}

const RECORD = /\.(md|markdown)$/i;
// Folders that hold templates or tooling, not records (adr-tools keeps `templates/template.md` there).
const NOT_RECORDS = new Set(['templates', '_templates', 'node_modules']);

/**
 * Markdown files under the folder, sub-folders included, with the number their name carries. With
 * `mentioning`, only the files whose path from the folder contains it (a number's digits: a record
 * with that number has them in its name, zero-padded or not), so the rest are not parsed.
 */
export function scanFolder(dir: string, mentioning?: string): ExistingRecord[] {
  const out: ExistingRecord[] = [];
  const walk = (rel: string): void => {
    let entries;
    try {
      entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const file = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!NOT_RECORDS.has(e.name)) walk(file);
      } else if (RECORD.test(e.name) && (mentioning === undefined || file.includes(mentioning))) {
        // A record kept as a folder (`0001-x/index.md`) carries its folder's number. A name at the
        // top with no separator in it is no record page: its name without the extension, as
        // recordBaseName gives it, without splitting the path (the scan runs up to three times).
        const base = rel === '' && !e.name.includes('\\') ? e.name.replace(RECORD, '') : recordBaseName(file);
        out.push({ file, number: numberFromFileName(base), dateSlug: isDateSlug(base) });
      }
    }
  };
  walk('');
  return out;
}

const NUMBERED = /^((?:adr[-_ ]?)?)(\d+)(.*)\.(md|markdown)$/i;

/** The pattern of the highest-numbered record: the folder's current convention. */
export function detectPattern(records: ExistingRecord[]): NamePattern {
  const numbered = records.filter((r) => r.number !== null);
  if (numbered.length === 0) {
    const dated = records.filter((r) => r.dateSlug);
    if (dated.length > 0) return { kind: 'date', ext: path.extname(dated[dated.length - 1]!.file).slice(1) };
    return DEFAULT_PATTERN;
  }
  const latest = numbered.reduce((a, b) => (BigInt(b.number!) > BigInt(a.number!) ? b : a));
  const m = NUMBERED.exec(recordFileName(latest.file));
  if (!m) return DEFAULT_PATTERN;
  const [, prefix = '', digits = '', rest = '', ext = 'md'] = m;
  // Zero-padded numbers give the width; unpadded ones (`ADR-7.md`) are written as they come.
  const padded = numbered.map((r) => r.number!).filter((n) => n.startsWith('0') && n.length > 1);
  const width = digits.startsWith('0') ? digits.length : padded.length > 0 ? padded[0]!.length : 1;
  const separator = /^[-_ .]/.test(rest) ? rest[0]! : '-';
  const pattern: NamePattern = { kind: 'number', prefix, width, separator, slug: rest.length > 1, ext };
  // The newest record is a folder (`0002-x/index.md`): so is the next, with the same page name.
  if (recordPageFolder(latest.file) !== null) pattern.page = path.posix.basename(latest.file);
  return pattern;
}

/**
 * The records newest first, as `new` reads a folder's dialect and conventions: the numbered ones
 * from the highest number down, then log4brains' dated names from the latest down.
 */
export function newestFirst(records: ExistingRecord[]): ExistingRecord[] {
  // Each number converted once, not twice per comparison.
  const numbered = records
    .filter((r) => r.number !== null)
    .map((r) => ({ r, n: BigInt(r.number!) }))
    .sort((a, b) => (b.n > a.n ? 1 : b.n < a.n ? -1 : 0))
    .map(({ r }) => r);
  const dated = records.filter((r) => r.dateSlug).sort((a, b) => (a.file < b.file ? 1 : -1));
  return [...numbered, ...dated];
}

export function nextNumber(records: ExistingRecord[]): bigint {
  let max = 0n;
  for (const r of records) if (r.number !== null && BigInt(r.number) > max) max = BigInt(r.number);
  return max + 1n;
}

export function pad(n: bigint, width: number): string {
  return n.toString().padStart(width, '0');
}

const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * `Use PostgreSQL (not MySQL) für Aufträge` → `use-postgresql-not-mysql-fur-auftrage`: letters with
 * an ASCII form folded to it (accents dropped, `ß` → `ss`), letters without one (`数据`, `данные`
 * after its accents) kept, lower-cased and NFC, as GitHub's heading slugs keep them, rather than
 * dropped; with `keep` (a folder whose file names already hold such letters), every letter kept as
 * it is (`für`). The same title always gives the same slug, cut at a word boundary.
 */
export function slugify(title: string, max = 60, keep = false): string {
  const lower = title.toLowerCase();
  // ASCII (most titles): no letter to fold, keep or normalise, so the Unicode classes below, whose
  // regular expressions cost about a millisecond to compile on a cold start, give the same slug.
  if (!NON_ASCII.test(lower)) return cut([...lower.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')], max);
  const folded = keep
    ? lower.normalize('NFC')
    : Array.from(lower, (c) => FOLD[c] ?? c)
        .join('')
        .normalize('NFKD')
        .replace(/\p{M}/gu, '') // combining accents left by NFKD
        .normalize('NFC');
  return cut([...folded.replace(/[^\p{L}\p{N}\p{M}]+/gu, '-').replace(/^-+|-+$/g, '')], max);
}

/** A UTF-16 code unit outside ASCII. */
const NON_ASCII = /[\u0080-\uffff]/;

/** At most `max` characters, cut at a word boundary where one is past the middle. */
function cut(chars: string[], max: number): string {
  if (chars.length > max) {
    chars = chars.slice(0, max + 1);
    const cut = chars.lastIndexOf('-');
    chars = cut > max / 2 ? chars.slice(0, cut) : chars.slice(0, max);
  }
  return chars.join('').replace(/-+$/, '') || 'decision';
}

/** Whether the folder's record names hold letters outside ASCII: new names keep theirs too. */
export const keepsUnicode = (records: ExistingRecord[]): boolean =>
  records.some((r) => NON_ASCII.test(r.file.slice(r.file.lastIndexOf('/') + 1)));

export interface NewName {
  /** Relative to the ADR folder: `0007-x.md`, or `0007-x/index.md` for a record kept as a folder. */
  file: string;
  /** Digits as in the file name (`0007`), or null for log4brains' dated names. */
  id: string | null;
  number: bigint | null;
}

/** The file name for a new record; `taken` says whether a name already exists. */
export function newFileName(
  pattern: NamePattern,
  records: ExistingRecord[],
  title: string,
  date: string,
  taken: (file: string) => boolean,
): NewName {
  const slug = slugify(title, 60, keepsUnicode(records));
  if (pattern.kind === 'date') {
    const stem = `${date.replace(/-/g, '')}-${slug}`;
    let file = `${stem}.${pattern.ext}`;
    for (let i = 2; taken(file); i++) file = `${stem}-${i}.${pattern.ext}`;
    return { file, id: null, number: null };
  }
  const number = nextNumber(records);
  const id = pad(number, pattern.width);
  const stem = `${pattern.prefix}${id}${pattern.slug ? `${pattern.separator}${slug}` : ''}`;
  const file = pattern.page ? `${stem}/${pattern.page}` : `${stem}.${pattern.ext}`;
  return { file, id, number };
}
