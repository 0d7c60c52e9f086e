// Three-way merge of a service, file by file: base is the old template rendered with the recorded
// answers, theirs the new template with the new answers, ours the files on disk. The line merge
// itself is git's (`git merge-file`); this module only decides which files need one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Tree } from '../write.js';
import { ToolError, run } from './run.js';

export type Outcome =
  /** The template changed the file and the team had not: the new version is taken. */
  | 'updated'
  /** Both changed it, on different lines: merged. */
  | 'merged'
  /** A file new in the template (or one the team already had with the same content). */
  | 'added'
  /** The template dropped a file the team had not changed: removed. */
  | 'deleted'
  /** The template moved a file: the team's version moves with it, merged with the template's change. */
  | 'renamed'
  /** Needs a person: see `conflict`. */
  | 'conflict';

export type ConflictKind =
  /** Both changed the same lines: the file holds standard conflict markers. */
  | 'content'
  /** The template deleted (or moved away) a file the team changed: the team's file is kept as it is. */
  | 'modified-deleted'
  /**
   * The team deleted a file the template changed, and moved it nowhere this update could find: it
   * stays deleted, and the template's new version is written beside its path (`aside`).
   */
  | 'deleted-modified'
  /**
   * The template added a file in a folder the team removed (none of the folder's template files is
   * left) and moved nowhere this update could find: written `aside`, not into a stray folder.
   */
  | 'added-removed-folder'
  /**
   * Not text, changed on both sides: no line merge. The team's file is kept, and the template's
   * new version is written beside the template's path (`aside`).
   */
  | 'binary';

export interface FileChange {
  path: string;
  /** For `renamed`: where the file was. */
  from?: string;
  /** The template's name for a file the team moved to `path` (the template's change is merged there). */
  templatePath?: string;
  /** For a conflict that leaves the template's version for a person: where it is written (`<path>.template-new`). */
  aside?: string;
  outcome: Outcome;
  conflict?: ConflictKind;
  /** The file's content after the update; null deletes it; undefined leaves it alone. */
  content?: Buffer | null;
  /** The content before the update (null: absent), for diffs. */
  before: Buffer | null;
}

export interface MergeResult {
  content: Buffer;
  conflicts: number;
}

export type Merge3 = (ours: Buffer, base: Buffer, theirs: Buffer) => Promise<MergeResult>;

export interface PlanInput {
  base: Tree;
  theirs: Tree;
  /**
   * The service's current content of a path, or null when it has no such file. Asked only for
   * paths the template changes and where their change may go (a file the team moved, a
   * `.template-new`): its refusals (too large, not a regular file) are for files the update would
   * write or merge.
   */
  readOurs: (file: string) => Buffer | null;
  /** Whether the service has anything at a path, without reading it (default: readOurs's answer). */
  hasOurs?: (file: string) => boolean;
  /**
   * The service's files (relative, `/`-separated), where a file the team moved is looked for; asked
   * only when the team deleted a file the template changed, or a folder it adds to.
   */
  listOurs?: () => Promise<OurFile[]>;
  merge: Merge3;
}

/** One of the service's files: relative, `/`-separated, and its size in bytes. */
export interface OurFile {
  path: string;
  size: number;
}

/** Where the template's version of a file is left when it has no place in the service: beside its path. */
export const ASIDE_SUFFIX = '.template-new';

/** Every file whose state the update changes or cannot settle; files it leaves as they are are not listed. */
export async function planMerge({
  base,
  theirs,
  readOurs,
  hasOurs = (file) => readOurs(file) !== null,
  listOurs,
  merge,
}: PlanInput): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  const renames = detectRenames(base, theirs, readOurs);
  const renamedFrom = new Set(renames.values());
  let listed: Promise<OurFile[]> | undefined;
  const ourFiles = () => (listed ??= listOurs ? listOurs() : Promise.resolve([]));
  const moved = teamMoves(base, theirs, readOurs, ourFiles);

  const threeWay = async (
    file: string,
    ours: Buffer,
    b: Buffer,
    t: Buffer,
    clean: Outcome,
    { from, templatePath }: { from?: string; templatePath?: string } = {},
  ): Promise<FileChange> => {
    const where = { path: file, ...(from && { from }), ...(templatePath && { templatePath }) };
    if (isBinary(ours) || isBinary(b) || isBinary(t)) {
      // Left beside the template's path, as for a file the team deleted: --check lists it there
      // until it is deleted, and the template's version is not lost.
      const aside = (templatePath ?? file) + ASIDE_SUFFIX;
      return { ...where, outcome: 'conflict', conflict: 'binary', aside, content: t, before: readOurs(aside) };
    }
    // Line endings are no edit: the three are merged with LF endings, and the result is written in
    // the team's style (a file kept in CRLF stays CRLF, its conflict markers too).
    const merged = await merge(toLf(ours), toLf(b), toLf(t));
    const content = inStyleOf(ours, merged.content);
    return merged.conflicts > 0
      ? { ...where, outcome: 'conflict', conflict: 'content', content, before: ours }
      : { ...where, outcome: clean, content, before: ours };
  };

  for (const file of sorted(new Set([...base.keys(), ...theirs.keys()]))) {
    const b = base.get(file);
    const t = theirs.get(file);
    // Unchanged upstream: the team's file (or its absence) is left as it is, unread, whatever it is.
    if (b && t && b.equals(t)) continue;
    const ours = readOurs(file);

    // The team deleted (or moved) a file the template changed: the change goes where the team moved
    // it; found nowhere, the template's version is left beside the old path, so nothing is lost.
    const deletedHere = async (from: string, fromBase: Buffer): Promise<void> => {
      const to = await moved(from);
      const oursAt = to ? readOurs(to) : null;
      if (!to || !oursAt) {
        const aside = file + ASIDE_SUFFIX;
        changes.push({
          path: file,
          outcome: 'conflict',
          conflict: 'deleted-modified',
          aside,
          content: t!,
          before: readOurs(aside),
        });
        return;
      }
      if (sameText(oursAt, t!)) return;
      changes.push(
        sameText(oursAt, fromBase)
          ? { path: to, templatePath: file, outcome: 'updated', content: inStyleOf(oursAt, t!), before: oursAt }
          : await threeWay(to, oursAt, fromBase, t!, 'merged', { templatePath: file }),
      );
    };

    if (b && t) {
      if (!ours) {
        // The team deleted it.
        await deletedHere(file, b);
        continue;
      }
      if (ours.equals(t)) continue;
      if (sameText(ours, b)) {
        changes.push({
          path: file,
          outcome: 'updated',
          content: ours.equals(b) ? t : inStyleOf(ours, t),
          before: ours,
        });
        continue;
      }
      if (sameText(ours, t)) continue;
      changes.push(await threeWay(file, ours, b, t, 'merged'));
    } else if (t) {
      const from = renames.get(file);
      const oursFrom = from ? readOurs(from) : null;
      if (from && oursFrom && !ours) {
        const fromBase = base.get(from)!;
        if (sameText(oursFrom, fromBase)) {
          const content = oursFrom.equals(fromBase) ? t : inStyleOf(oursFrom, t);
          changes.push({ path: file, from, outcome: 'renamed', content, before: oursFrom });
        } else {
          changes.push(await threeWay(file, oursFrom, fromBase, t, 'renamed', { from }));
        }
        continue;
      }
      if (from && !oursFrom && !ours) {
        // Moved upstream, deleted (or moved) here: stays deleted, unless the template also changed it.
        if (!base.get(from)!.equals(t)) await deletedHere(from, base.get(from)!);
        continue;
      }
      if (!ours) {
        // A file added in a folder the team removed or moved goes where the folder went, or aside.
        const folder = await removedFolder(file, base, hasOurs, ourFiles);
        if (!folder) {
          changes.push({ path: file, outcome: 'added', content: t, before: null });
          continue;
        }
        const to = await movedFolder(folder, base, moved);
        const there = to === undefined ? undefined : to + file.slice(folder.length);
        const existing = there ? readOurs(there) : null;
        if (there && !existing) {
          changes.push({ path: there, templatePath: file, outcome: 'added', content: t, before: null });
        } else if (there && existing) {
          if (!sameText(existing, t)) {
            changes.push(await threeWay(there, existing, Buffer.alloc(0), t, 'merged', { templatePath: file }));
          }
        } else {
          const aside = file + ASIDE_SUFFIX;
          changes.push({
            path: file,
            outcome: 'conflict',
            conflict: 'added-removed-folder',
            aside,
            content: t,
            before: readOurs(aside),
          });
        }
        continue;
      }
      if (sameText(ours, t)) continue;
      // Both added the path: merge against an empty base, as git does for add/add.
      changes.push(await threeWay(file, ours, Buffer.alloc(0), t, 'merged'));
    } else if (b) {
      if (renamedFrom.has(file)) continue; // handled with its new path
      if (!ours) {
        // Deleted here too, or moved: a moved copy the team left as it was goes as the template's did.
        const to = await moved(file);
        const oursAt = to ? readOurs(to) : null;
        if (!to || !oursAt) continue;
        if (sameText(oursAt, b))
          changes.push({ path: to, templatePath: file, outcome: 'deleted', content: null, before: oursAt });
        else
          changes.push({
            path: to,
            templatePath: file,
            outcome: 'conflict',
            conflict: 'modified-deleted',
            before: oursAt,
          });
        continue;
      }
      if (sameText(ours, b)) changes.push({ path: file, outcome: 'deleted', content: null, before: ours });
      else changes.push({ path: file, outcome: 'conflict', conflict: 'modified-deleted', before: ours });
    }
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The deepest folder holding `file` that also held template files (in base), when the team has none
 * of them left: it removed or moved the folder. Undefined for a new folder, or one still there.
 * Ends with `/`.
 */
async function removedFolder(
  file: string,
  base: Tree,
  hasOurs: (file: string) => boolean,
  ourFiles: () => Promise<OurFile[]>,
): Promise<string | undefined> {
  for (let at = file.lastIndexOf('/'); at > 0; at = file.lastIndexOf('/', at - 1)) {
    const folder = file.slice(0, at + 1);
    const held = [...base.keys()].filter((f) => f.startsWith(folder));
    if (held.length === 0) continue;
    // Looked at, not read: the template may leave these files as they are.
    if (held.some(hasOurs)) return undefined;
    // Still there with files of the team's own: the team removed the template's files, not the folder.
    return (await ourFiles()).some((f) => f.path.startsWith(folder)) ? undefined : folder;
  }
  return undefined;
}

/** Where the team moved a folder (ending with `/`): the place most of its template files were found at. */
async function movedFolder(
  folder: string,
  base: Tree,
  moved: (from: string) => Promise<string | undefined>,
): Promise<string | undefined> {
  const votes = new Map<string, number>();
  for (const f of [...base.keys()].filter((f) => f.startsWith(folder)).sort()) {
    const to = await moved(f);
    const rest = f.slice(folder.length);
    if (to && to.endsWith('/' + rest)) {
      const place = to.slice(0, to.length - rest.length);
      votes.set(place, (votes.get(place) ?? 0) + 1);
    }
  }
  return [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

/** Git's rename threshold: at least half the lines alike. */
const RENAME_SCORE = 0.5;

/**
 * Files the team moved (git mv meta.go metadata.go): for a template file the service no longer has
 * at its path, the service file the template never had whose content is most like the template's
 * old version, at least half the same lines (as git's rename detection), same name first on a
 * tie. Each service file is the new place of one template file at most. Memoised.
 */
function teamMoves(
  base: Tree,
  theirs: Tree,
  readOurs: (file: string) => Buffer | null,
  ourFiles: () => Promise<OurFile[]>,
): (from: string) => Promise<string | undefined> {
  const found = new Map<string, string | undefined>();
  const taken = new Set<string>();
  // Read only when a file's size makes it a candidate, once.
  const contents = new Map<string, Buffer | null>();
  const read = (file: string): Buffer | null => {
    if (!contents.has(file)) {
      let content: Buffer | null = null;
      try {
        content = readOurs(file);
      } catch {
        // Not a regular file, or not readable: no candidate.
      }
      contents.set(file, content && !isBinary(content) ? content : null);
    }
    return contents.get(file)!;
  };
  return async (from) => {
    if (found.has(from)) return found.get(from);
    const old = base.get(from);
    if (!old || isBinary(old) || readOurs(from) !== null) return undefined;
    const name = from.slice(from.lastIndexOf('/') + 1);
    let best: { file: string; score: number; same: boolean } | undefined;
    for (const { path: file, size } of await ourFiles()) {
      if (taken.has(file) || base.has(file) || theirs.has(file)) continue;
      // At half the lines alike, neither side can be more than three times the other's size.
      const ratio = size / Math.max(1, old.length);
      if (ratio > 4 || ratio < 0.25) continue;
      const content = read(file);
      if (!content) continue;
      const score = similarity(old, content);
      if (score < RENAME_SCORE) continue;
      const same = file.slice(file.lastIndexOf('/') + 1) === name;
      if (!best || score > best.score || (score === best.score && same && !best.same)) best = { file, score, same };
    }
    found.set(from, best?.file);
    if (best) taken.add(best.file);
    return best?.file;
  };
}

/**
 * Template files that moved: a path only in base paired with a path only in theirs whose content
 * is at least half the same lines (git's default rename threshold), best match first.
 */
export function detectRenames(
  base: Tree,
  theirs: Tree,
  readOurs: (file: string) => Buffer | null,
): Map<string, string> {
  const gone = [...base.keys()].filter((f) => !theirs.has(f));
  const added = [...theirs.keys()].filter((f) => !base.has(f) && readOurs(f) === null);
  const pairs: { to: string; from: string; score: number }[] = [];
  for (const from of gone) {
    for (const to of added) {
      const score = similarity(base.get(from)!, theirs.get(to)!);
      if (score >= 0.5) pairs.push({ to, from, score });
    }
  }
  pairs.sort((a, b) => b.score - a.score || (a.to < b.to ? -1 : 1));
  const renames = new Map<string, string>();
  const used = new Set<string>();
  for (const { to, from } of pairs) {
    if (renames.has(to) || used.has(from)) continue;
    renames.set(to, from);
    used.add(from);
  }
  return renames;
}

/** Share of lines two texts have in common (as a multiset), from 0 to 1. */
export function similarity(a: Buffer, b: Buffer): number {
  const left = lines(a);
  const right = lines(b);
  if (left.length + right.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const line of left) counts.set(line, (counts.get(line) ?? 0) + 1);
  let common = 0;
  for (const line of right) {
    const n = counts.get(line) ?? 0;
    if (n > 0) {
      common++;
      counts.set(line, n - 1);
    }
  }
  return (2 * common) / (left.length + right.length);
}

const lines = (buffer: Buffer): string[] => buffer.toString('utf8').split(/\r?\n/);

/**
 * Whether two files are the same but for line endings (CRLF or LF): a CRLF checkout
 * (core.autocrlf=true) or an editor's conversion is no edit. Binary files compare byte for byte.
 */
export function sameText(a: Buffer, b: Buffer): boolean {
  if (a.equals(b)) return true;
  if (isBinary(a) || isBinary(b)) return false;
  return toLf(a).equals(toLf(b));
}

/** The text with each CRLF line ending made LF (a lone CR is kept). */
export function toLf(buffer: Buffer): Buffer {
  return buffer.includes('\r\n') ? Buffer.from(buffer.toString('latin1').replaceAll('\r\n', '\n'), 'latin1') : buffer;
}

/** Whether most of the text's line endings are CRLF. */
export function isCrlf(buffer: Buffer): boolean {
  const text = buffer.toString('latin1');
  const all = text.split('\n').length - 1;
  const crlf = text.split('\r\n').length - 1;
  return crlf > 0 && crlf * 2 > all;
}

/** `text` (a template's version, or a merge of LF texts) in the line-ending style of the team's `ours`. */
export function inStyleOf(ours: Buffer, text: Buffer): Buffer {
  if (isBinary(text)) return text;
  const lf = toLf(text);
  return isCrlf(ours) ? Buffer.from(lf.toString('latin1').replaceAll('\n', '\r\n'), 'latin1') : lf;
}

/** Git's test: a NUL byte in the first 8000 bytes. */
function isBinary(buffer: Buffer): boolean {
  return buffer.subarray(0, 8000).includes(0);
}

function sorted(set: Set<string>): string[] {
  return [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A Merge3 backed by `git merge-file`: conflicts get standard markers labelled with the given names
 * (`<<<<<<< yours`, `>>>>>>> template 0.2.0`).
 */
export function gitMergeFile(labels: { ours: string; base: string; theirs: string }, git = 'git'): Merge3 {
  return async (ours, base, theirs) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-merge-'));
    try {
      const files = ['ours', 'base', 'theirs'].map((name) => path.join(dir, name)) as [string, string, string];
      fs.writeFileSync(files[0], ours);
      fs.writeFileSync(files[1], base);
      fs.writeFileSync(files[2], theirs);
      const args = ['merge-file', '-p', '-L', labels.ours, '-L', labels.base, '-L', labels.theirs, ...files];
      const { code, stdout, stderr } = await run(git, args, dir);
      // The exit status is the number of conflicts; a negative one (255 as seen here) is an error.
      if (code === null || code < 0 || code > 127) {
        throw new ToolError(`git merge-file failed (${code}): ${stderr.toString().trim()}`);
      }
      return { content: stdout, conflicts: code };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

/**
 * A Merge3 backed by node-diff3, for machines without git: line-wise, with the same marker lines
 * as git merge-file (identical changes on both sides are no conflict).
 */
export function diff3Merge(labels: { ours: string; base: string; theirs: string }): Merge3 {
  return async (ours, base, theirs) => {
    const { merge } = await import('node-diff3');
    const lines = (b: Buffer) => b.toString('utf8').split('\n');
    const start = `<<<<<<< ${labels.ours}`;
    const { result } = merge(lines(ours), lines(base), lines(theirs), {
      excludeFalseConflicts: true,
      label: { a: labels.ours, b: labels.theirs },
    });
    return { content: Buffer.from(result.join('\n')), conflicts: result.filter((l) => l === start).length };
  };
}

/** Whether `git` runs here. */
export async function hasGit(git: string): Promise<boolean> {
  try {
    return (await run(git, ['--version'], process.cwd())).code === 0;
  } catch {
    return false;
  }
}
