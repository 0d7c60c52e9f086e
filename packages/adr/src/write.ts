// Writes that never leave half a file: content goes to a temporary file in the same folder, then
// appears under its name in one step (link for a new file, which also refuses to replace one;
// rename for an existing file).
import {
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
  copyFileSync,
  constants,
} from 'node:fs';
import path from 'node:path';
import { AdrError } from './errors.js';

// pid + time + counter is unique enough: the temporary file is opened with 'wx', which refuses a
// clash instead of overwriting. (node:crypto here cost `adr new` a tenth of its start-up.)
let tempSeq = 0;
function tempNameFor(file: string): string {
  const unique = `${process.pid}.${Date.now().toString(36)}.${++tempSeq}`;
  return path.join(path.dirname(file), `.${path.basename(file)}.${unique}.tmp`);
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/** Creates `file` with `content`; throws EEXIST (code) when it already exists. */
export function createExclusive(file: string, content: string): void {
  const tmp = tempNameFor(file);
  writeFileSync(tmp, content, { flag: 'wx' });
  try {
    try {
      linkSync(tmp, file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // File systems without hard links: an exclusive copy is still all-or-nothing for the name.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
      copyFileSync(tmp, file, constants.COPYFILE_EXCL);
    }
  } finally {
    removeQuietly(tmp);
  }
}

/** A staged replacement: `commit` puts it in place, `discard` drops it. */
export interface Staged {
  file: string;
  commit(): void;
  discard(): void;
}

/** Writes the new content next to `file`, keeping its mode, ready to be renamed over it. */
export function stageReplace(file: string, content: string): Staged {
  const tmp = tempNameFor(file);
  const mode = statSync(file).mode & 0o7777;
  writeFileSync(tmp, content, { flag: 'wx', mode });
  return {
    file,
    commit: () => renameSync(tmp, file),
    discard: () => removeQuietly(tmp),
  };
}

/**
 * Throws an AdrError when `file` must not be replaced: a symbolic link (the rename would put a
 * regular file in its place) or a read-only file (as the validator's --fix refuses it; root writes
 * through permission bits, so the bits decide).
 */
function refuseReplace(file: string): void {
  const st = lstatSync(file);
  const why = st.isSymbolicLink()
    ? 'is a symbolic link; change the file it points to instead'
    : (st.mode & 0o222) === 0
      ? 'is read-only; make it writable to change it'
      : null;
  if (why) throw new AdrError(`${file} ${why} (nothing was changed)`);
}

/** Throws an AdrError when `file` no longer holds `before`: an editor saved it meanwhile. */
function refuseChanged(file: string, before: string): void {
  if (readFileSync(file, 'utf8') !== before)
    throw new AdrError(`${file} changed while this run read it; run the command again (nothing was changed)`);
}

/**
 * Replaces several files as one change: all are staged first, then renamed in turn; if a rename
 * fails, the files already replaced get their old content back. `before` holds that content.
 * (A run killed between two renames is undone by the journal: journal.ts.)
 */
export function replaceAll(changes: Array<{ file: string; content: string; before: string }>): void {
  for (const c of changes) refuseReplace(c.file);
  const staged: Staged[] = [];
  try {
    for (const c of changes) staged.push(stageReplace(c.file, c.content));
  } catch (e) {
    for (const s of staged) s.discard();
    throw e;
  }
  const done: number[] = [];
  try {
    staged.forEach((s, i) => {
      // As late as it can be: the lock keeps other runs of this tool out, not an editor.
      refuseChanged(s.file, changes[i]!.before);
      s.commit();
      done.push(i);
    });
  } catch (e) {
    for (const s of staged) s.discard();
    for (const i of done.reverse()) {
      try {
        stageReplace(changes[i]!.file, changes[i]!.before).commit();
      } catch {
        // keep undoing the others
      }
    }
    throw e;
  }
}

/**
 * `mkdir -p`: makes `dir` and its missing parents, one level at a time, and returns the first one it
 * made (undefined when `dir` was there), as `mkdirSync(dir, { recursive: true })` does. Node's own
 * recursive mode loops forever where mkdir answers ENOENT under a folder that exists (/proc/x);
 * here that is the error it is. A folder another process makes meanwhile is taken as made.
 */
export function makeDirs(dir: string): string | undefined {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ;) {
    try {
      statSync(d);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    missing.push(d);
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  let first: string | undefined;
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
      first ??= d;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT')
        throw Object.assign(new Error(`cannot create ${d}: ${path.dirname(d)} does not take new folders`), { code });
      if (code !== 'EEXIST') throw e;
    }
  }
  // A file where the folder should be: said plainly, not as mkdir's EEXIST.
  if (!statSync(dir).isDirectory())
    throw Object.assign(new Error(`${dir} is a file, not a folder: give --dir an ADR folder`), { code: 'ENOTDIR' });
  return first;
}

/** Removes a folder if it is empty (another writer may have put a file in it meanwhile). */
export function removeEmptyDir(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty, or gone
  }
}
