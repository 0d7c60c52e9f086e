// --fix: apply non-overlapping edits and replace the file atomically, so an
// interrupted run never leaves a half-written ADR. A file is only replaced when
// it is a regular file (not a symbolic link), writable, inside the repository by
// its real path, and still holds exactly the bytes that were linted: a change
// made since then is never overwritten.
import type { Stats } from 'node:fs';
import { realpathSync } from 'node:fs';
import { chown, lstat, readFile, rename, unlink, writeFile } from './afs.js';
import path from 'node:path';
import { isInside } from './repo-root.js';
import type { TextEdit } from './types.js';

/** Whether two edits touch the same text; an insertion at another edit's edge counts, as their order is ambiguous. */
function conflict(a: TextEdit, b: TextEdit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  const insertion = a.start === a.end || b.start === b.end;
  return insertion && a.start <= b.end && b.start <= a.end;
}

/**
 * One fix pass: each finding's edits go in whole or not at all, and a fix that conflicts with one
 * taken earlier (in text order) waits for the next pass, as in ESLint. `applied` is parallel to
 * `fixes`; `edits` are the edits taken, in text order, for mapping positions back.
 */
export function applyFixes(
  text: string,
  fixes: readonly (readonly TextEdit[])[],
): { text: string; applied: boolean[]; edits: TextEdit[] } {
  const order = fixes
    .map((edits, i) => ({ i, edits: [...edits].sort((a, b) => a.start - b.start || a.end - b.end) }))
    .filter(({ edits }) => edits.length > 0)
    .sort((a, b) => a.edits[0]!.start - b.edits[0]!.start || a.i - b.i);
  const taken: TextEdit[] = [];
  const applied = fixes.map(() => false);
  for (const { i, edits } of order) {
    const valid = edits.every((e, k) => {
      if (e.start < 0 || e.end > text.length || e.start > e.end) return false;
      return k === 0 || !conflict(edits[k - 1]!, e);
    });
    if (!valid || edits.some((e) => taken.some((t) => conflict(t, e)))) continue;
    taken.push(...edits);
    applied[i] = true;
  }
  taken.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of taken) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return { text: out + text.slice(at), applied, edits: taken };
}

/**
 * Where an offset of the text after `edits` (non-overlapping, in text order) was before them: a
 * position inside replaced text maps to the start of what it replaced.
 */
export function offsetBefore(offset: number, edits: readonly TextEdit[]): number {
  let shift = 0;
  for (const e of edits) {
    const start = e.start + shift;
    if (offset < start) break;
    if (offset < start + e.text.length) return e.start;
    shift += e.text.length - (e.end - e.start);
  }
  return offset - shift;
}

/** Why a fix was not written; the file is left as it was. */
export class FixRefused extends Error {
  override name = 'FixRefused';
}

/**
 * Why --fix would not write a file of this lstat, or null: the one test, so that a run that only
 * counts or previews fixes (--fix-dry-run) refuses the same files as --fix.
 */
export function fixRefusal(st: Stats): string | null {
  if (st.isSymbolicLink()) return 'is a symbolic link; fix the file it points to instead';
  if (!st.isFile()) return 'is not a regular file';
  // Root writes through permission bits, so read-only is decided by the bits themselves.
  if ((st.mode & 0o222) === 0) return 'is read-only';
  return null;
}

/**
 * Why --fix would not write `file` because of where it really is, or null: its real path must be
 * inside one of `roots` (real paths), so a folder reached through a symbolic link never lets a fix
 * write outside the repository. fixRefusal only sees the last component of a path.
 */
export function placeRefusal(file: string, roots: readonly string[] | undefined): string | null {
  if (!roots) return null;
  let real: string;
  try {
    real = realpathSync.native(file);
  } catch (e) {
    return `cannot be looked at (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  if (roots.some((r) => isInside(real, r))) return null;
  return 'is reached through a symbolic link to outside the repository; fix the file it points to instead';
}

export async function writeFixed(
  file: string,
  original: Buffer,
  content: string,
  roots?: readonly string[],
): Promise<void> {
  const st = await lstat(file);
  const refused = fixRefusal(st) ?? placeRefusal(file, roots);
  if (refused) throw new FixRefused(refused);
  // node:crypto is loaded when a fix is written, not on every run.
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(tmp, content, { mode: st.mode & 0o7777, flag: 'wx' });
    // Keep the owner when the run may set it (root); otherwise the file is ours already.
    await chown(tmp, st.uid, st.gid).catch(() => undefined);
    const now = await readFile(file).catch(() => null);
    const again = await lstat(file).catch(() => null);
    if (!now || !again || !now.equals(original) || again.ino !== st.ino || again.isSymbolicLink())
      throw new FixRefused('changed since it was read');
    const moved = placeRefusal(file, roots);
    if (moved) throw new FixRefused(moved);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
