// Where ADRs live. The linter's default folders, in the order adr-tools, MADR and log4brains
// suggest them, and the folder a generated service keeps its records in. The README, action.yml
// and .pre-commit-hooks.yaml repeat the list; test/facts.test.ts keeps them in step with this one.
//
// `findAdrFolders` is the one rule both `distroless-validate adr` (no paths) and `distroless-adr`
// find a repository's ADR folder by: the files other ADR tools keep their folder in, then these
// default names. distroless-adr depends on this package, so the rule lives here.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Linted when `distroless-validate adr` gets no paths: whichever of these exist. */
export const DEFAULT_ADR_DIRS: readonly string[] = [
  'adr',
  'docs/adr',
  'docs/decisions',
  'doc/adr',
  'doc/architecture/decisions',
];

/** Where a service made by create-distroless-service records its decisions (`service` checks it). */
export const SERVICE_ADR_DIR = 'docs/adr';

/** distroless-adr's own settings file, and its key in package.json. */
export const ADR_TOOL_CONFIG = '.distroless-adr.json';
export const ADR_TOOL_PACKAGE_KEY = 'distroless-adr';

/** The files that name an ADR folder, in the order they are read in each directory. */
export const ADR_FOLDER_FILES: readonly string[] = [
  ADR_TOOL_CONFIG,
  `package.json "${ADR_TOOL_PACKAGE_KEY}"`,
  '.adr-dir',
  '.log4brains.yml',
];

/** A file that names the ADR folder and cannot be read as one (invalid JSON or YAML). */
export class AdrFolderFileError extends Error {
  override name = 'AdrFolderFileError';
}

export interface AdrFolderLookup {
  /** The directory the lookup stopped in: the one holding the file that decided, or the default folders. */
  base: string;
  /**
   * What named the folder: `.distroless-adr.json`, `package.json` (its `distroless-adr` key),
   * `.adr-dir`, `.log4brains.yml`; `found` for default folder names found in `base`; `none` when
   * distroless-adr's settings were found at `base` but name no folder and no default folder exists there.
   */
  source: string;
  /**
   * The ADR folders, absolute: the one a file names (it may not exist), else whichever of
   * DEFAULT_ADR_DIRS exist in `base`, in that order.
   */
  dirs: string[];
  /** distroless-adr's settings as written (not checked), when `base` has them; else undefined. */
  settings: unknown;
  /** Where `settings` came from: `.distroless-adr.json` or `package.json`. */
  settingsSource: string | null;
}

export interface FindAdrFoldersOptions {
  /** Reads `.log4brains.yml` (YAML); a caller that bundles its YAML parser apart loads it here, on demand. */
  parseYaml: (text: string) => unknown | Promise<unknown>;
}

/**
 * The text of a settings file looked for by name, or null when it is not there (missing, a folder,
 * unreadable). Most are missing in most folders: each costs one stat that throws nothing, not a
 * read that fails with an error object built per file (issue 15: a pre-commit hook's one-file
 * check walks up here on every run). A FIFO or a device is `refuse(file)`: reading one would wait
 * for a writer, or never end.
 */
export function settingsText(file: string, refuse: (file: string) => Error): string | null {
  let st;
  try {
    st = statSync(file, { throwIfNoEntry: false });
  } catch {
    return null;
  }
  if (!st || st.isDirectory()) return null;
  if (!st.isFile()) throw refuse(file);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

const readText = (file: string) =>
  settingsText(file, (f) => new AdrFolderFileError(`${f} is not a regular file (a FIFO or a device)`));

function isDir(p: string): boolean {
  try {
    return statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new AdrFolderFileError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** A folder named in a settings object (`dir`), or null when it names none. */
function dirOf(settings: unknown): string | null {
  const dir = (settings as { dir?: unknown } | null)?.dir;
  return typeof dir === 'string' && dir.trim() ? dir.trim() : null;
}

/**
 * The repository's ADR folder as seen from `cwd`. Walking up from `cwd` to the repository root
 * (the first folder with `.git`), the nearest directory that has any of these decides; within it,
 * the first of them that names a folder:
 *
 * 1. `.distroless-adr.json` (`dir`), else the `distroless-adr` key of `package.json` (`dir`);
 * 2. adr-tools' `.adr-dir` (the folder, on its first line);
 * 3. log4brains' `.log4brains.yml` (`project.adrFolder`);
 * 4. the default folders (DEFAULT_ADR_DIRS) that exist there.
 *
 * A named folder is relative to the file naming it. Null when nothing is found up to the root.
 */
export async function findAdrFolders(cwd: string, options: FindAdrFoldersOptions): Promise<AdrFolderLookup | null> {
  for (let dir = path.resolve(cwd); ;) {
    const found = await findAt(dir, options);
    if (found) return found;
    const parent = path.dirname(dir);
    // Stop at the repository root: a folder above it belongs to something else.
    if (parent === dir || existsSync(path.join(dir, '.git'))) return null;
    dir = parent;
  }
}

async function findAt(base: string, options: FindAdrFoldersOptions): Promise<AdrFolderLookup | null> {
  let settings: unknown;
  let settingsSource: string | null = null;
  const own = readText(path.join(base, ADR_TOOL_CONFIG));
  if (own !== null) {
    settings = parseJson(ADR_TOOL_CONFIG, own);
    settingsSource = ADR_TOOL_CONFIG;
  } else {
    const pkgText = readText(path.join(base, 'package.json'));
    if (pkgText !== null) {
      let pkg: unknown = null;
      try {
        pkg = JSON.parse(pkgText.replace(/^\uFEFF/, ''));
      } catch {
        pkg = null; // not ours to judge
      }
      const section = (pkg as Record<string, unknown> | null)?.[ADR_TOOL_PACKAGE_KEY];
      if (section !== undefined) {
        settings = section;
        settingsSource = 'package.json';
      }
    }
  }
  const lookup = (source: string, dirs: string[]): AdrFolderLookup => ({
    base,
    source,
    dirs,
    settings,
    settingsSource,
  });
  const named = dirOf(settings);
  if (named !== null) return lookup(settingsSource!, [path.resolve(base, named)]);
  const adrDir = readText(path.join(base, '.adr-dir'));
  // adr-tools reads the first line (`cat .adr-dir`); a trailing newline or spaces are not part of it.
  const adrDirLine = adrDir
    ?.replace(/^\uFEFF/, '')
    .split(/\r?\n/)[0]
    ?.trim();
  if (adrDirLine) return lookup('.adr-dir', [path.resolve(base, adrDirLine)]);
  const l4b = readText(path.join(base, '.log4brains.yml'));
  if (l4b !== null) {
    let data: unknown;
    try {
      data = await options.parseYaml(l4b);
    } catch (e) {
      throw new AdrFolderFileError(`.log4brains.yml is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
    const folder = (data as { project?: { adrFolder?: unknown } } | null)?.project?.adrFolder;
    if (typeof folder === 'string' && folder.trim())
      return lookup('.log4brains.yml', [path.resolve(base, folder.trim())]);
  }
  const known = DEFAULT_ADR_DIRS.filter((d) => isDir(path.join(base, d))).map((d) => path.join(base, d));
  if (known.length > 0) return lookup('found', known);
  if (settingsSource !== null) return lookup('none', []);
  return null;
}
