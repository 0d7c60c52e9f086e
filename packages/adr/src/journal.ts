// A change to several records (supersede, link, new with --supersedes/--links) is one step for the
// user, but the files are replaced one after the other. replaceAll undoes a failed rename; a run
// killed between two renames (a signal, a crash, a full disk that kills the process) cannot undo
// anything. So before the first file changes, the old content of every file goes into a journal in
// the ADR folder; it is removed once all are written. The next run that takes the folder's lock
// finds a journal left behind and puts every listed file back as it was: both records or neither.
import { readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { recordPageFolder } from '@distroless-service/validator';
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

/**
 * Puts back the files of an interrupted change, if a journal is there. Call it holding the
 * folder's lock. Returns the files it restored (or removed, for records the change created).
 */
export function recoverJournal(dir: string): string[] {
  const text = readText(journalPath(dir));
  if (text === null) return [];
  let journal: Journal;
  try {
    journal = JSON.parse(text) as Journal;
    if (journal.version !== 1 || !Array.isArray(journal.entries)) throw new Error('unknown journal format');
  } catch (e) {
    throw new Error(
      `${journalPath(dir)} is damaged (${(e as Error).message}); check the records it may name and remove it`,
    );
  }
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
