// Puts a rendered tree into the target so that, on any failure, the target is left as it was:
// files are staged next to the target (same filesystem, so renames are atomic), then moved in,
// with every overwritten file kept aside until the whole tree is in place.
import fs from 'node:fs';
import path from 'node:path';

/** A rendered service: file contents by relative path (`/`-separated). */
export type Tree = Map<string, Buffer>;

export class TargetError extends Error {
  override name = 'TargetError';
}

export interface TargetState {
  exists: boolean;
  entries: string[];
}

export function inspectTarget(dir: string): TargetState {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, entries: [] };
    throw new TargetError(`cannot read ${dir}: ${(error as Error).message}`);
  }
  if (!stat.isDirectory()) throw new TargetError(`${dir} exists and is not a directory`);
  return { exists: true, entries: fs.readdirSync(dir) };
}

/** Paths of the tree that already exist in the target. */
export function conflicts(tree: Tree, dir: string): string[] {
  return [...tree.keys()].filter((file) => fs.existsSync(path.join(dir, file))).sort();
}

type Step = { kind: 'mkdir' | 'placed'; path: string } | { kind: 'backup'; from: string; to: string };

export function writeTree(tree: Tree, dir: string): void {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  // The first parent directory this call creates, if any: removed again if writing fails.
  const createdParent = fs.mkdirSync(parent, { recursive: true });
  const stage = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
  let placed = false;
  try {
    for (const sub of new Set([...tree.keys()].map((file) => path.dirname(file)))) {
      fs.mkdirSync(path.join(stage, sub), { recursive: true });
    }
    for (const [file, content] of tree) fs.writeFileSync(path.join(stage, file), content, { flag: 'wx' });
    if (fs.existsSync(target)) moveInto(tree, stage, target);
    else fs.renameSync(stage, target);
    placed = true;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
    if (!placed && createdParent) fs.rmSync(createdParent, { recursive: true, force: true });
  }
}

/**
 * Changes files of an existing directory all at once: a Buffer writes the file, null deletes it.
 * As with writeTree, new contents are staged beside the target and every replaced or deleted file
 * is kept aside until all are in place, so a failure leaves the directory as it was. A replaced
 * file keeps its permissions. Directories a deletion leaves empty are removed.
 */
export function applyChanges(dir: string, changes: ReadonlyMap<string, Buffer | null>): void {
  const target = path.resolve(dir);
  const stage = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.tmp-`));
  try {
    for (const [file, content] of changes) {
      if (content === null) continue;
      const staged = path.join(stage, file);
      fs.mkdirSync(path.dirname(staged), { recursive: true });
      fs.writeFileSync(staged, content, { flag: 'wx' });
      const existing = lstatOrNull(path.join(target, file));
      if (existing?.isFile()) fs.chmodSync(staged, existing.mode & 0o7777);
    }
    moveInto(changes, stage, target);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  for (const [file, content] of changes) {
    if (content !== null) continue;
    for (let cur = path.dirname(path.join(target, file)); cur.startsWith(target + path.sep); cur = path.dirname(cur)) {
      try {
        fs.rmdirSync(cur);
      } catch {
        break; // not empty (or gone): its parents are not empty either
      }
    }
  }
}

function moveInto(tree: ReadonlyMap<string, Buffer | null>, stage: string, target: string): void {
  const backup = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.bak-`));
  const journal: Step[] = [];
  try {
    for (const file of [...tree.keys()].sort()) {
      const dest = path.join(target, file);
      const remove = tree.get(file) === null;
      ensureDir(target, path.dirname(dest), journal, !remove);
      const existing = lstatOrNull(dest);
      if (existing?.isDirectory())
        throw new TargetError(`${dest} is a directory, but the template writes a file there`);
      if (existing) {
        const aside = path.join(backup, file);
        fs.mkdirSync(path.dirname(aside), { recursive: true });
        fs.renameSync(dest, aside);
        journal.push({ kind: 'backup', from: dest, to: aside });
      }
      if (remove) continue;
      fs.renameSync(path.join(stage, file), dest);
      journal.push({ kind: 'placed', path: dest });
    }
  } catch (error) {
    rollback(journal);
    throw error;
  } finally {
    fs.rmSync(backup, { recursive: true, force: true });
  }
}

/** Creates missing directories below target (when create), refusing to go through symlinks. */
function ensureDir(target: string, dir: string, journal: Step[], create = true): void {
  const missing: string[] = [];
  for (let cur = dir; cur !== target; cur = path.dirname(cur)) {
    const stat = lstatOrNull(cur);
    if (stat?.isSymbolicLink()) throw new TargetError(`refusing to write through the symbolic link ${cur}`);
    if (stat && !stat.isDirectory())
      throw new TargetError(`${cur} is a file, but the template needs a directory there`);
    if (!stat) missing.unshift(cur);
  }
  if (!create) return;
  for (const created of missing) {
    fs.mkdirSync(created);
    journal.push({ kind: 'mkdir', path: created });
  }
}

function rollback(journal: Step[]): void {
  for (const step of journal.reverse()) {
    try {
      if (step.kind === 'placed') fs.unlinkSync(step.path);
      else if (step.kind === 'backup') fs.renameSync(step.to, step.from);
      else fs.rmdirSync(step.path);
    } catch {
      // Best effort: keep undoing the rest.
    }
  }
}

function lstatOrNull(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file);
  } catch {
    return null;
  }
}
