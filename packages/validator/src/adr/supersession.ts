import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { numberFromFileName, numbersIn, sameNumber } from './numbers.js';
import { isRecordFolderName, recordDir, recordPageFolder } from './record-page.js';
import { gitTopLevel } from './repo-root.js';
import { adrRoot, numberedOnDisk } from './rules/unique-number.js';

const listings = new Map<string, string[]>();

// A run may lint only some files (pre-commit passes the changed ones), so a
// target missing from the run is looked up on disk before it is called missing.
function onDisk(dir: string): string[] {
  let names = listings.get(dir);
  if (!names) {
    try {
      // Records kept as folders (`0002-x/index.md`) by their folder's name.
      names = readdirSync(dir).filter((n) => /\.(md|markdown)$/i.test(n) || isRecordFolderName(n));
    } catch {
      names = [];
    }
    listings.set(dir, names);
  }
  return names;
}
import type { AdrSummary } from './rules/types.js';

const topLevels = new Map<string, string | null>();

/**
 * The file a relative link from a record in `dir` names, or null when it cannot be told. A link
 * starting with `/` is from the repository's root, as GitHub renders it: git's top level.
 */
function linkTarget(dir: string, url: string): string | null {
  let rel = url;
  try {
    rel = decodeURIComponent(url);
  } catch {
    // a stray `%`: the link as written
  }
  if (!rel.startsWith('/')) return path.resolve(dir, rel);
  let top = topLevels.get(dir);
  if (top === undefined) topLevels.set(dir, (top = gitTopLevel(dir)));
  return top === null ? null : path.join(top, rel);
}

function sameFile(a: string, b: string): boolean {
  if (a === b) return true;
  if (path.basename(a) !== path.basename(b)) return false;
  try {
    return realpathSync.native(a) === realpathSync.native(b);
  } catch {
    return false;
  }
}

/** Where numbers are unique (the config's `numbering` and the ADR folders it knows), as unique-number reads them. */
export interface NumberScope {
  numbering: 'tree' | 'folder';
  adrFolders: readonly string[];
}

/**
 * Resolve a supersession reference (link, `ADR-0005`, log4brains slug) among the linted files. A
 * number is looked for beside the record first, then, with `numbering: tree` (numbers unique
 * across the ADR folder and its sub-folders, as `distroless-adr new` gives them), in the whole tree.
 */
export function resolveRef(
  from: AdrSummary,
  ref: string,
  files: readonly AdrSummary[],
  scope: NumberScope = { numbering: 'tree', adrFolders: [] },
): AdrSummary | null | 'external' {
  const url = ref.trim().replace(/^<|>$/g, '').split('#')[0]!;
  if (/^[a-z]+:\/\//i.test(url)) return 'external';
  if (/\.(md|markdown)$/i.test(url) || url.includes('/')) {
    const abs = linkTarget(from.dir, url);
    // Outside a git work tree a root link cannot be resolved: not checked.
    if (abs === null) return 'external';
    // git's top level is a real path; the run's paths may go through a link.
    const hit =
      files.find((f) => f.absPath === abs) ??
      files.find((f) => sameFile(f.absPath, abs)) ??
      // A link to a record folder (`../0002-x/`) names its page.
      files.find((f) => recordPageFolder(f.absPath) !== null && path.dirname(f.absPath) === abs);
    if (hit) return hit;
    return existsSync(abs) ? 'external' : null;
  }
  // Records side by side: files in one folder, or record folders (`0001-x/index.md`) in one folder.
  const home = recordDir(from.absPath);
  const beside = (f: AdrSummary) => f.dir === from.dir || recordDir(f.absPath) === home;
  const slug = files.find((f) => beside(f) && f.baseName === url);
  if (slug) return slug;
  if (onDisk(home).some((n) => n.replace(/\.(md|markdown)$/i, '') === url)) return 'external';
  const nums = numbersIn(url);
  const n = nums[0] ?? (/^\d+$/.test(url) ? url : null);
  if (n === null) return null;
  const hit = files.find((f) => f !== from && beside(f) && f.number !== null && sameNumber(f.number, n));
  if (hit) return hit;
  const besideOnDisk = onDisk(home).some((name) => {
    const fn = numberFromFileName(name.replace(/\.(md|markdown)$/i, ''));
    return fn !== null && sameNumber(fn, n) && path.join(home, name) !== from.absPath && name !== from.baseName;
  });
  if (besideOnDisk) return 'external';
  if (scope.numbering === 'folder') return null;
  const root = adrRoot(home, scope.adrFolders);
  const inTree = (abs: string) => abs.startsWith(root + path.sep);
  const far = files.find((f) => f !== from && f.number !== null && sameNumber(f.number, n) && inTree(f.absPath));
  if (far) return far;
  // Not in the run (a pre-commit hook passes the changed files): looked up in the tree on disk.
  const wanted = new Set([BigInt(n).toString()]);
  return numberedOnDisk(root, true, scope.adrFolders, wanted).some(
    (d) => d.abs !== from.absPath && sameNumber(d.number, n),
  )
    ? 'external'
    : null;
}

/** Does `target` say that it supersedes `source`? */
export function mentions(target: AdrSummary, source: AdrSummary): boolean {
  return target.supersedes.some((ref) => {
    const url = ref.split('#')[0]!;
    if (/\.(md|markdown)$/i.test(url)) {
      const abs = linkTarget(target.dir, url);
      if (abs !== null && sameFile(abs, source.absPath)) return true;
    }
    if (url === source.baseName) return true;
    const n = numbersIn(ref)[0] ?? (/^\d+$/.test(ref.trim()) ? ref.trim() : null);
    return n !== null && source.number !== null && sameNumber(n, source.number);
  });
}
