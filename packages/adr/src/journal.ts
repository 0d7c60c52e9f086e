// A change to several records (supersede, link, new with --supersedes/--links) is one step for the
// user, but the files are replaced one after the other. replaceAll undoes a failed rename; a run
// killed between two renames (a signal, a crash, a full disk that kills the process) cannot undo
// anything. So before the first file changes, the old content of every file goes into a journal in
// the ADR folder; it is removed once all are written. The next run that takes the folder's lock
// finds a journal left behind and puts every listed file back as it was: both records or neither.
// A journal is a file in the repository, so it may come from elsewhere (committed by mistake, or
// written to make this tool change other files): one that names a file outside its own folder is
// refused whole, before anything is touched.
import { readdirSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { recordPageFolder } from '@distroless-service/validator';
import { AdrError } from './errors.js';
import { removeEmptyDir, replaceAll, stageReplace } from './write.js';

export const JOURNAL_FILE = '.distroless-adr.journal';

export interface JournalEntry {
  /** Absolute path. */
  file: string;
  /** The content before the change; null for a file the change creates. */
  before: string | null;
}

interface Journal {
  version: 1;
  pid: number;
  entries: JournalEntry[];
}

const journalPath = (dir: string) => path.join(dir, JOURNAL_FILE);

/** Records what a change is about to touch. Written whole (temporary name, then rename). */
export function beginJournal(dir: string, entries: JournalEntry[]): void {
  const file = journalPath(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  const journal: Journal = { version: 1, pid: process.pid, entries };
  writeFileSync(tmp, JSON.stringify(journal), { mode: 0o644 });
  renameSync(tmp, file);
}

/** The change is complete (or was undone in-process): forget it. */
export function endJournal(dir: string): void {
  try {
    unlinkSync(journalPath(dir));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** The journal's entries, each checked: a well-formed journal naming files inside `dir` only. */
function readJournal(dir: string, text: string): Journal {
  const file = journalPath(dir);
  let journal: Journal;
  try {
    journal = JSON.parse(text) as Journal;
    const well =
      journal?.version === 1 &&
      Number.isSafeInteger(journal.pid) &&
      Array.isArray(journal.entries) &&
      journal.entries.every(
        (e) =>
          typeof e?.file === 'string' && path.isAbsolute(e.file) && (e.before === null || typeof e.before === 'string'),
      );
    if (!well) throw new Error('unknown journal format');
  } catch (e) {
    throw new AdrError(`${file} is damaged (${(e as Error).message}); check the records it may name and remove it`);
  }
  // Inside by name and, through any link on the way, on disk (`sub -> /etc` passes the first).
  const root = realpathSync(dir);
  const outside = (rel: string) => rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  for (const { file: entry } of journal.entries) {
    let parent: string | undefined;
    try {
      parent = realpathSync(path.dirname(entry));
    } catch {
      // A folder that is gone: nothing in it is read, written or removed.
    }
    if (
      outside(path.relative(path.resolve(dir), entry)) ||
      (parent !== undefined && outside(path.relative(root, parent))) ||
      path.resolve(entry) === path.resolve(file)
    )
      throw new AdrError(
        `${file} names ${entry}, which is not a record in ${dir}: distroless-adr did not write it; check it and remove it (nothing was changed)`,
      );
  }
  return journal;
}

/**
 * Puts back the files of an interrupted change, if a journal is there. Call it holding the
 * folder's lock. Returns the files it restored (or removed, for records the change created).
 */
export function recoverJournal(dir: string): string[] {
  const text = readText(journalPath(dir));
  if (text === null) return [];
  const journal = readJournal(dir, text);
  const restored: string[] = [];
  const removeAfter: string[] = [];
  // The killed run's staged copies (write.ts names them `.<name>.<pid>.….tmp`) go too.
  for (const { file } of journal.entries) {
    const prefix = `.${path.basename(file)}.${journal.pid}.`;
    let names: string[] = [];
    try {
      names = readdirSync(path.dirname(file));
    } catch {
      // the folder is gone: nothing staged there
    }
    for (const n of names) if (n.startsWith(prefix) && n.endsWith('.tmp')) unlinkSync(path.join(path.dirname(file), n));
  }
  for (const { file, before } of journal.entries) {
    const now = readText(file);
    // A new record kept as a folder (`0007-x/index.md`): its folder goes with it when nothing else is in it.
    if (before === null && recordPageFolder(file) !== null) removeAfter.push(path.dirname(file));
    if (now === before) continue;
    if (before === null) unlinkSync(file);
    else if (now === null) writeFileSync(file, before, { flag: 'wx' });
    else stageReplace(file, before).commit();
    restored.push(file);
  }
  for (const d of removeAfter) removeEmptyDir(d);
  endJournal(dir);
  return restored;
}

/** replaceAll under a journal: after a crash, the next run finds the files as they were. */
export function replaceJournaled(dir: string, changes: Array<{ file: string; content: string; before: string }>): void {
  beginJournal(
    dir,
    changes.map((c) => ({ file: c.file, before: c.before })),
  );
  try {
    replaceAll(changes);
  } catch (e) {
    try {
      recoverJournal(dir);
    } catch {
      // the journal stays for the next run
    }
    throw e;
  }
  endJournal(dir);
}
