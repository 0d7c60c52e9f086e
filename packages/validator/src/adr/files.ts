// Which files a run lints: explicit files always; directories and globs
// expand to Markdown files minus the ignore globs.
import { lstatSync, statSync } from 'node:fs';
import { lstat, readdir, realpath, stat } from './afs.js';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../core/index.js';
import { ignoredNote } from '../reporters/types.js';
import { ignoreMatcher } from './ignore.js';
import { parseDocument } from 'yaml';
import { ConfigError } from '../core/index.js';
import {
  ADR_FOLDER_FILES,
  AdrFolderFileError,
  DEFAULT_ADR_DIRS,
  findAdrFolders,
  type AdrFolderLookup,
} from './folders.js';

export { UsageError };

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * What a path names. Synchronous: one stat, where an asynchronous one would start libuv's threads
 * for a run that names one file (a pre-commit hook's, issue 15) and needs none.
 */
function exists(p: string): 'dir' | 'file' | null {
  try {
    return statSync(p).isDirectory() ? 'dir' : 'file';
  } catch {
    try {
      // A dangling link or a link loop is still a file the user named.
      lstatSync(p);
      return 'file';
    } catch {
      return null;
    }
  }
}

/** A path a folder scan met but does not lint, and why. */
export interface SkippedPath {
  abs: string;
  reason: string;
}

export interface ResolvedFiles {
  files: string[];
  /** Files found by scanning a folder or glob, not named: only these may turn out not to be ADRs. */
  scanned: Set<string>;
  skipped: SkippedPath[];
  /**
   * Markdown files a folder scan or glob left out as not ADRs (README, index, template and backlog
   * files, the config's ignore globs), so a run that lints nothing can say why.
   */
  ignored: string[];
}

const MARKDOWN = /\.(md|markdown)$/i;
const NOT_UTF8_NAME = 'its name is not valid UTF-8, so it cannot be opened by name; rename it';

/**
 * Names that are never ADRs, in any case: README.md, Index.md, Template.md, BACKLOG.md, and the
 * community files a folder may carry (CONTRIBUTING.md, CHANGELOG.md, CODE_OF_CONDUCT.md, LICENSE.md).
 */
const CASELESS = [
  '**/readme.md',
  '**/index.md',
  '**/template.md',
  '**/backlog.md',
  '**/adr-template*.md',
  '**/contributing.md',
  '**/changelog.md',
  '**/code[-_]of[-_]conduct.md',
  '**/license.md',
];

/**
 * Walks a folder for Markdown files, following links to files and folders, and reports what it
 * cannot lint instead of passing over it: link loops, dangling links, FIFOs and devices, and
 * folders reached a second time through a link (each record is linted once).
 */
async function scanFolder(
  root: string,
  keep: (abs: string) => boolean,
  seenDirs: Set<string>,
  seenFiles: Set<string>,
  out: ResolvedFiles,
): Promise<void> {
  const rootReal = await realpath(root).catch(() => root);
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let real: string;
    try {
      real = await realpath(dir);
    } catch {
      continue;
    }
    if (seenDirs.has(real)) {
      if (dir !== root)
        out.skipped.push({
          abs: dir,
          reason: 'folder already linted through another path (a link loop or a second link to it)',
        });
      continue;
    }
    seenDirs.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      out.skipped.push({
        abs: dir,
        reason: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const abs = path.join(dir, e.name);
      // A name that is not UTF-8 reaches JavaScript with U+FFFD in place of its bytes, and no
      // longer names the file: said as such, not as the ENOENT that opening it would give.
      if (
        e.name.includes('\uFFFD') &&
        (await lstat(abs).then(
          () => false,
          () => true,
        ))
      ) {
        if (e.isDirectory() || MARKDOWN.test(e.name)) out.skipped.push({ abs, reason: NOT_UTF8_NAME });
        continue;
      }
      if (!keep(abs)) {
        if (!e.isDirectory() && MARKDOWN.test(e.name)) out.ignored.push(abs);
        continue;
      }
      let kind: 'dir' | 'file' | 'other' = e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other';
      if (e.isSymbolicLink()) {
        try {
          const st = await stat(abs);
          kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (MARKDOWN.test(e.name) || code === 'ELOOP')
            out.skipped.push({
              abs,
              reason: code === 'ELOOP' ? 'symbolic link loop' : `dangling symbolic link (${code ?? 'unreadable'})`,
            });
          continue;
        }
      }
      if (kind === 'dir' && e.isSymbolicLink()) {
        // A link to a folder that contains it leads back into the scan, and out of it without end.
        const to = await realpath(abs).catch(() => abs);
        if (to === rootReal || rootReal.startsWith(to + path.sep)) {
          out.skipped.push({ abs, reason: 'symbolic link loop (links to a folder that contains it)' });
          continue;
        }
      }
      if (kind === 'dir') stack.push(abs);
      else if (MARKDOWN.test(e.name)) {
        if (kind === 'other') {
          out.skipped.push({ abs, reason: 'not a regular file (a FIFO, socket or device); not read' });
          continue;
        }
        const r = await realpath(abs).catch(() => abs);
        if (seenFiles.has(r)) continue;
        seenFiles.add(r);
        out.files.push(abs);
        out.scanned.add(abs);
      }
    }
  }
}

export async function resolveFiles(patterns: string[], cwd: string, ignore: string[]): Promise<ResolvedFiles> {
  // README.md, Readme.md and README.MD are the same file to a reader; the other globs keep their case
  // (`*TEMPLATE*` must not skip `0002-use-pull-request-templates.md`).
  // A record kept as `0001-x/index.md` is a record, not an index page (record-page.ts).
  // Compiled on first use: files named on the command line are never matched against them.
  let named: ((rel: string) => boolean) | undefined;
  let globs: ((rel: string) => boolean) | undefined;
  const isIgnored = (p: string) =>
    (globs ??= ignoreMatcher(ignore, { dot: true }))(p) ||
    (named ??= ignoreMatcher(CASELESS, { dot: true, nocase: true }))(p);
  const out: ResolvedFiles = { files: [], scanned: new Set(), skipped: [], ignored: [] };
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  let targets = patterns;
  if (targets.length === 0) targets = await adrFolderTargets(cwd);
  for (const t of targets) {
    const abs = path.resolve(cwd, t);
    const kind = exists(abs);
    if (kind === 'file') {
      // Deduplicated once at the end: a search per file made naming thousands of files quadratic.
      out.files.push(abs);
      continue;
    }
    if (kind === 'dir') {
      const keep = (f: string) =>
        !isIgnored(toPosix(path.relative(abs, f))) && !isIgnored(toPosix(path.relative(cwd, f)));
      await scanFolder(abs, keep, seenDirs, seenFiles, out);
    } else if (isDynamicPattern(t)) {
      const found: string[] = [];
      const left: string[] = [];
      for (const f of await glob([t], { cwd, absolute: true, followSymbolicLinks: true }))
        (isIgnored(toPosix(path.relative(cwd, f))) ? left : found).push(path.normalize(f));
      out.ignored.push(...left);
      if (found.length === 0) {
        const why = left.length > 0 ? ` (${ignoredNote(left.map((f) => displayPath(f, cwd)).sort(), 'ADR')})` : '';
        throw new UsageError(`no files match '${t}'${why}`);
      }
      for (const f of found) {
        if (out.files.includes(f)) continue;
        out.files.push(f);
        out.scanned.add(f);
      }
    } else {
      // An argument that is not UTF-8 reaches process.argv with U+FFFD for its bytes.
      const encoding = t.includes('\uFFFD') ? ' (if its name is not UTF-8, Node cannot open it; rename it)' : '';
      throw new UsageError(`no such file or directory: ${t}${encoding}`);
    }
  }
  out.files = [...new Set(out.files)].sort();
  out.skipped.sort((a, b) => a.abs.localeCompare(b.abs));
  // A file named on the command line is linted even when a scan of its folder also ignored it.
  const linted = new Set(out.files);
  out.ignored = [...new Set(out.ignored)].filter((f) => !linted.has(f)).sort();
  return out;
}

/** Reads `.log4brains.yml` for the folder lookup, as the config's YAML is read. */
function parseYaml(text: string): unknown {
  const doc = parseDocument(text);
  if (doc.errors[0]) throw new Error(doc.errors[0].message);
  return doc.toJS();
}

/** The repository's ADR folder(s) as distroless-adr finds them (findAdrFolders), or null. */
export async function lookUpAdrFolders(cwd: string): Promise<AdrFolderLookup | null> {
  try {
    return await findAdrFolders(cwd, { parseYaml });
  } catch (e) {
    if (e instanceof AdrFolderFileError) throw new ConfigError(e.message);
    throw e;
  }
}

/** The ADR folders named by files (.adr-dir, ...) as seen from `cwd`; empty for default names, or a broken file. */
export async function namedAdrFolders(cwd: string): Promise<string[]> {
  try {
    const found = await findAdrFolders(cwd, { parseYaml });
    return found && found.source !== 'found' && found.source !== 'none' ? found.dirs : [];
  } catch {
    return []; // a run with no paths reports the broken file; with paths, the default grouping applies
  }
}

/** What a run with no paths lints: the ADR folder(s) findAdrFolders gives, as paths from `cwd`. */
async function adrFolderTargets(cwd: string): Promise<string[]> {
  const found = await lookUpAdrFolders(cwd);
  if (!found || found.dirs.length === 0)
    throw new UsageError(
      `no ADR folder found (looked for ${ADR_FOLDER_FILES.join(', ')} and the folders ` +
        `${DEFAULT_ADR_DIRS.join(', ')}, from here up to the repository root); pass paths or globs`,
    );
  const rel = (abs: string) => toPosix(path.relative(cwd, abs)) || '.';
  if (found.source !== 'found') {
    const dir = found.dirs[0]!;
    const kind = exists(dir);
    if (kind !== 'dir') {
      const by = rel(path.join(found.base, found.source === 'package.json' ? 'package.json' : found.source));
      throw new UsageError(
        `the ADR folder ${rel(dir)}, named by ${by}${found.source === 'package.json' ? ' ("distroless-adr")' : ''}, ` +
          `${kind === null ? 'does not exist' : 'is not a folder'}; pass paths or globs`,
      );
    }
  }
  return found.dirs.map(rel);
}

export function displayPath(abs: string, cwd: string): string {
  return toPosix(path.relative(cwd, abs)) || toPosix(abs);
}
