// Where the records live and how to write them, from the files other ADR tools already use:
// adr-tools' `.adr-dir`, log4brains' `.log4brains.yml`, and this tool's `.distroless-adr.json`
// (or the `distroless-adr` key of package.json). The nearest directory that has one wins. The
// lookup is the validator's (findAdrFolders), so `distroless-validate adr` lints the same folder.
import { statSync } from 'node:fs';
import path from 'node:path';
import {
  ADR_TOOL_CONFIG,
  ADR_TOOL_PACKAGE_KEY,
  AdrFolderFileError,
  findAdrFolders,
  SERVICE_ADR_DIR,
} from '@distroless-service/validator';
import { UsageError } from './errors.js';
import { loadPart } from './lazy.js';

export const CONFIG_FILE = ADR_TOOL_CONFIG;
export const PACKAGE_KEY = ADR_TOOL_PACKAGE_KEY;
/** The folder a repository without any ADR configuration gets: the one generated services use. */
export const DEFAULT_DIR = SERVICE_ADR_DIR;

export interface OwnConfig {
  /** The ADR folder, relative to the config file. */
  dir?: string;
  /** Default template name for `new`. */
  template?: string;
  /** The repository's own templates folder, relative to the config file. */
  templates?: string;
  /** The index file, relative to the ADR folder (default README.md). */
  index?: string;
}

export interface Settings {
  /** Absolute ADR folder (may not exist yet). */
  dir: string;
  /** What chose the folder, for messages: `--dir`, `.adr-dir`, a config file, `found`, `default`. */
  dirSource: string;
  template: string | null;
  /** The repository's own templates folder, absolute, if it exists. */
  templatesDir: string | null;
  indexFile: string;
  /**
   * With `--dir` naming a folder inside the repository's ADR folder (`docs/adr/backend`): that ADR
   * folder, whose whole tree the validator compares numbers across by default; else null.
   */
  root: string | null;
}

/** A usage error (exit 2) when the ADR folder is a file, or inside one; a folder not there yet is fine. */
function notAFile(dir: string, named: string): void {
  let file: boolean;
  try {
    file = !statSync(dir).isDirectory();
  } catch (e) {
    file = (e as NodeJS.ErrnoException).code === 'ENOTDIR';
  }
  if (file) throw new UsageError(`${named} is a file, not a folder: give an ADR folder`);
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function checkOwn(data: unknown, where: string): OwnConfig {
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`${where} must be an object`);
  const out: OwnConfig = {};
  for (const [k, v] of Object.entries(data)) {
    if (k === '$schema') continue;
    if (!['dir', 'template', 'templates', 'index'].includes(k))
      throw new UsageError(`${where}: unknown key "${k}" (known: dir, template, templates, index)`);
    if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`${where}: "${k}" must be a non-empty string`);
    out[k as keyof OwnConfig] = v;
  }
  return out;
}

/** The YAML parser lives in the on-demand bundle: few repositories have a .log4brains.yml. */
async function parseYaml(text: string): Promise<unknown> {
  const { parseYaml: parse } = await loadPart('records', () => import('./records.js'));
  return parse(text);
}

/**
 * Settings for a run in `cwd`. `--dir` wins for the folder. Otherwise, walking up to the repository
 * root, the nearest directory with a configuration file or one of the folders the validator looks
 * in (adr/, docs/adr/, ...) decides; else `docs/adr` under `cwd`.
 */
export async function resolveSettings(cwd: string, dirFlag?: string): Promise<Settings> {
  // One rule with the linter's run without paths (the validator's findAdrFolders).
  let found;
  try {
    found = await findAdrFolders(cwd, { parseYaml });
  } catch (e) {
    if (e instanceof AdrFolderFileError) throw new UsageError(e.message);
    throw e;
  }
  const own =
    found && found.settingsSource !== null
      ? checkOwn(
          found.settings,
          found.settingsSource === 'package.json' ? `package.json "${PACKAGE_KEY}"` : found.settingsSource,
        )
      : {};
  const base = found?.base ?? cwd;
  const named = found && found.source !== 'found' && found.source !== 'none' ? found.dirs[0]! : null;
  const known = found?.source === 'found' ? found.dirs[0]! : null;
  let dir: string;
  let dirSource: string;
  if (dirFlag !== undefined) {
    dir = path.resolve(cwd, dirFlag);
    dirSource = '--dir';
  } else if (named) {
    dir = named;
    dirSource = found!.source;
  } else if (known) {
    dir = known;
    dirSource = 'found';
  } else {
    dir = path.resolve(cwd, DEFAULT_DIR);
    dirSource = 'default';
  }
  notAFile(dir, dirSource === '--dir' ? `--dir ${dirFlag}` : `the ADR folder ${dir} (from ${dirSource})`);
  // The ADR folder the repository would use without --dir, when --dir names a folder inside it.
  let root: string | null = null;
  if (dirFlag !== undefined) {
    const adrDir = named ?? known ?? path.resolve(cwd, DEFAULT_DIR);
    const rel = path.relative(adrDir, dir);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) root = adrDir;
  }
  // adr-tools' convention: `templates/` inside the ADR folder.
  const templatesDir = own.templates ? path.resolve(base, own.templates) : path.join(dir, 'templates');
  return {
    dir,
    dirSource,
    template: own.template ?? null,
    templatesDir: isDir(templatesDir) ? templatesDir : null,
    indexFile: own.index ?? 'README.md',
    root,
  };
}
