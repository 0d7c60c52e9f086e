// Where the records live and how to write them, from the files other ADR tools already use:
// adr-tools' `.adr-dir`, log4brains' `.log4brains.yml`, and this tool's `.distroless-adr.json`
// (or the `distroless-adr` key of package.json). The nearest directory that has one wins.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_ADR_DIRS, SERVICE_ADR_DIR } from '@distroless-service/validator';
import { UsageError } from './errors.js';
import { loadPart } from './lazy.js';

export const CONFIG_FILE = '.distroless-adr.json';
export const PACKAGE_KEY = 'distroless-adr';
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

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON: ${(e as Error).message}`);
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

interface Found {
  base: string;
  source: string;
  own: OwnConfig;
}

async function findAt(dir: string): Promise<Found | null> {
  const own = readText(path.join(dir, CONFIG_FILE));
  if (own !== null) return { base: dir, source: CONFIG_FILE, own: checkOwn(parseJson(CONFIG_FILE, own), CONFIG_FILE) };
  const pkgText = readText(path.join(dir, 'package.json'));
  if (pkgText !== null) {
    let pkg: unknown = null;
    try {
      pkg = JSON.parse(pkgText);
    } catch {
      pkg = null; // not ours to judge
    }
    const section = (pkg as Record<string, unknown> | null)?.[PACKAGE_KEY];
    if (section !== undefined)
      return { base: dir, source: 'package.json', own: checkOwn(section, `package.json "${PACKAGE_KEY}"`) };
  }
  const adrDir = readText(path.join(dir, '.adr-dir'));
  if (adrDir !== null && adrDir.trim()) return { base: dir, source: '.adr-dir', own: { dir: adrDir.trim() } };
  const l4b = readText(path.join(dir, '.log4brains.yml'));
  if (l4b !== null) {
    // The YAML parser lives in the on-demand bundle: few repositories have this file.
    const { parseYaml: parse } = await loadPart('records', () => import('./records.js'));
    let data: unknown;
    try {
      data = parse(l4b);
    } catch (e) {
      throw new UsageError(`.log4brains.yml is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
    const folder = (data as { project?: { adrFolder?: unknown } } | null)?.project?.adrFolder;
    if (typeof folder === 'string' && folder.trim())
      return { base: dir, source: '.log4brains.yml', own: { dir: folder.trim() } };
  }
  return null;
}

/**
 * Settings for a run in `cwd`. `--dir` wins for the folder. Otherwise, walking up to the repository
 * root, the nearest directory with a configuration file or one of the folders the validator looks
 * in (adr/, docs/adr/, ...) decides; else `docs/adr` under `cwd`.
 */
export async function resolveSettings(cwd: string, dirFlag?: string): Promise<Settings> {
  let found: Found | null = null;
  let known: string | null = null;
  for (let dir = path.resolve(cwd); ;) {
    found = await findAt(dir);
    if (found) break;
    const hit = DEFAULT_ADR_DIRS.find((d) => isDir(path.join(dir, d)));
    if (hit) {
      known = path.join(dir, hit);
      break;
    }
    const parent = path.dirname(dir);
    // Stop at the repository root: a folder above it belongs to something else.
    if (parent === dir || existsSync(path.join(dir, '.git'))) break;
    dir = parent;
  }
  const own = found?.own ?? {};
  const base = found?.base ?? cwd;
  let dir: string;
  let dirSource: string;
  if (dirFlag !== undefined) {
    dir = path.resolve(cwd, dirFlag);
    dirSource = '--dir';
  } else if (own.dir) {
    dir = path.resolve(base, own.dir);
    dirSource = found!.source;
  } else if (known) {
    dir = known;
    dirSource = 'found';
  } else {
    dir = path.resolve(cwd, DEFAULT_DIR);
    dirSource = 'default';
  }
  // The ADR folder the repository would use without --dir, when --dir names a folder inside it.
  let root: string | null = null;
  if (dirFlag !== undefined) {
    const adrDir = own.dir ? path.resolve(base, own.dir) : (known ?? path.resolve(cwd, DEFAULT_DIR));
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
