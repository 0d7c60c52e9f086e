// The dialect `new` follows: the verdict of the newest records, each read with the validator's parser
// (detect.ts) unless the dialect memo holds it for the record unchanged, by its device, inode, size,
// mtime and ctime. A warm `new` then loads no parser at all. ADR 0023.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheFolder, pathKey } from '@distroless-service/compile-cache/cache';
import type { FrontMatterStyle } from './front-matter.js';
import { loadPart } from './lazy.js';
import { newestFirst, type ExistingRecord } from './naming.js';

/** The built-in template that writes a record's dialect, as detect.ts reads it. */
export interface Found {
  template: string;
  dialect: string;
  /** The record's TOML front matter, which `new` writes back instead of the template's YAML. */
  frontMatter: FrontMatterStyle | null;
}

export type ReadRecord = (file: string, name: string) => { found: Found | null; timedOut: boolean };

/** How many of the newest records may be read: one with MADR's headings and no status does not decide. */
const CANDIDATES = 3;

/**
 * A record changed less than this before it is read is not memoized: file times are coarse (a
 * clock tick, 1 or 2 s on some file systems), so a change of the same size within one would look
 * like no change.
 */
export const SETTLE_MS = 2000;

/** `1` turns the memo off: every `new` reads the newest records (as NODE_DISABLE_COMPILE_CACHE=1). */
export const DISABLE_ENV = 'DISTROLESS_ADR_DISABLE_DIALECT_CACHE';

const FORMAT = 1;

interface Entry {
  stat: string;
  found: Found | null;
}

interface MemoData {
  v: number;
  /** The ADR folder: a memo whose name collides with another folder's is not this folder's. */
  dir: string;
  /** The detector's bundle as installed: a new release reads every record again. */
  detector: string;
  records: Record<string, Entry>;
}

function stamp(file: string): { key: string; ctimeMs: number } | null {
  try {
    const st = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
    if (!st?.isFile()) return null;
    return {
      key: `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`,
      ctimeMs: Number(st.ctimeNs / 1000000n),
    };
  } catch {
    return null;
  }
}

/** The detector's own file (its bundle when built, else its source): its size and mtime name it. */
function detectorStamp(): string | null {
  for (const name of ['detect.cjs', 'detect.ts']) {
    const st = fs.statSync(fileURLToPath(new URL(`./${name}`, import.meta.url)), { throwIfNoEntry: false });
    if (st?.isFile()) return `${name}:${st.size}:${st.mtimeMs}`;
  }
  return null;
}

/** A verdict as follow.ts writes it: anything else in a memo is damage, and read again. */
function isFound(f: unknown): f is Found | null {
  if (f === null) return true;
  if (typeof f !== 'object') return false;
  const { template, dialect, frontMatter } = f as Found;
  if (typeof template !== 'string' || typeof dialect !== 'string') return false;
  if (frontMatter === null) return true;
  return (
    typeof frontMatter === 'object' &&
    typeof frontMatter.format === 'string' &&
    Array.isArray(frontMatter.keys) &&
    frontMatter.keys.every((k) => typeof k === 'object' && k !== null && typeof k.key === 'string')
  );
}

/**
 * The verdicts already read in one ADR folder, kept in the user's own cache folder (the compile
 * cache's, `<tmpdir>/distroless-adr-compile-cache-<uid>/dialects/`). Only ever a speed-up: a memo
 * that is missing, damaged, another folder's, another release's or not this user's is not read,
 * and a failed write leaves the next run to read the records.
 */
export class DialectMemo {
  private readonly stamps = new Map<string, ReturnType<typeof stamp>>();
  private dirty = false;

  private constructor(
    private readonly file: string | null,
    private readonly data: MemoData,
  ) {}

  static open(dir: string, cache: () => string | null = () => cacheFolder('distroless-adr', 'dialects')): DialectMemo {
    const abs = path.resolve(dir);
    const off = process.env[DISABLE_ENV] === '1';
    const detector = off ? null : detectorStamp();
    const folder = detector === null ? null : cache();
    // One memo per folder and build: two installs used in turn on one folder do not undo each other.
    const file = folder === null ? null : path.join(folder, `${pathKey(`${abs}\0${detector}`)}.json`);
    const empty: MemoData = { v: FORMAT, dir: abs, detector: detector ?? '', records: {} };
    if (file === null) return new DialectMemo(null, empty);
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as MemoData;
      const ok =
        data?.v === FORMAT &&
        data.dir === abs &&
        data.detector === detector &&
        typeof data.records === 'object' &&
        data.records !== null;
      return new DialectMemo(file, ok ? data : empty);
    } catch {
      return new DialectMemo(file, empty); // none yet, or damaged: read the records
    }
  }

  private stampOf(dir: string, name: string): ReturnType<typeof stamp> {
    if (!this.stamps.has(name)) this.stamps.set(name, stamp(path.join(dir, name)));
    return this.stamps.get(name)!;
  }

  /** The verdict kept for `name` if the record is unchanged since, else undefined. */
  known(dir: string, name: string): Found | null | undefined {
    if (this.file === null) return undefined;
    const entry = Object.hasOwn(this.data.records, name) ? this.data.records[name] : undefined;
    const now = this.stampOf(dir, name);
    if (!entry || !now || entry.stat !== now.key || !isFound(entry.found)) return undefined;
    return entry.found;
  }

  /** Keeps a verdict read just now, by the record's stamp taken before it was read. */
  remember(dir: string, name: string, found: Found | null, now = Date.now()): void {
    const before = this.stampOf(dir, name);
    if (this.file === null || !before || now - before.ctimeMs < SETTLE_MS) return;
    this.data.records[name] = { stat: before.key, found };
    this.dirty = true;
  }

  /**
   * Keeps the verdict for a record `new` has just written, without reading it: `found` is what
   * the parser reads in it, which new.ts claims only for the templates proven to write their own
   * dialect (SELF_DETECTED). A record changed by anything else since has another stamp.
   */
  claim(dir: string, name: string, found: Found): void {
    this.stamps.delete(name);
    const now = this.stampOf(dir, name);
    if (this.file === null || !now) return;
    this.data.records[name] = { stat: now.key, found };
    this.dirty = true;
  }

  /** Writes the memo (atomically) with the verdicts of `names` only, if this run learned any. */
  save(names: Iterable<string>): void {
    if (this.file === null || !this.dirty) return;
    const records: Record<string, Entry> = {};
    for (const n of names) if (Object.hasOwn(this.data.records, n)) records[n] = this.data.records[n]!;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify({ ...this.data, records }), { mode: 0o600 });
      fs.renameSync(tmp, this.file);
    } catch {
      fs.rmSync(tmp, { force: true });
    }
  }
}

const loadReader = async (): Promise<ReadRecord> =>
  (await loadPart('detect', () => import('./detect.js'))).readRecord as ReadRecord;

/** The records the dialect is read from: the newest three (highest number, else latest dated name). */
export const candidates = (existing: ExistingRecord[]): ExistingRecord[] => newestFirst(existing).slice(0, CANDIDATES);

/**
 * The dialect of the newest records (`newest`, as `candidates` gives them), as a template. A
 * record the validator would not read is passed over for the next one. One with MADR's headings
 * and no status (MADR makes it optional) does not say how the folder writes a status: the next
 * newest that does decides, and it only where none of the three does.
 */
export async function followFolder(
  dir: string,
  newest: ExistingRecord[],
  memo: DialectMemo,
  reader: () => Promise<ReadRecord> = loadReader,
): Promise<Found | null> {
  let bare: Found | null = null;
  let read: ReadRecord | undefined;
  for (const r of newest) {
    let found = memo.known(dir, r.file);
    if (found === undefined) {
      read ??= await reader();
      const reading = read(path.join(dir, r.file), r.file);
      found = reading.found;
      // A verdict the time limit gave depends on how busy the machine was: read it again next time.
      if (!reading.timedOut) memo.remember(dir, r.file, found);
    }
    if (!found) continue;
    if (found.dialect !== 'madr-headings') return found;
    bare ??= found;
  }
  return bare;
}
