// Finds the templates: bundled next to the CLI in a published package, or the workspace package in development.
import { existsSync, lstatSync, readdirSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import type Handlebars from 'handlebars';
import { bases, languages, type Answers, type Base, type Lang } from './answers.js';
import { FileReadError, inside, readFileBounded } from './write.js';

export interface ImageSet {
  builder: string;
  runtime: string;
}

export interface TemplateSet {
  root: string;
  /** The create-distroless-service version these templates ship with (recorded in the service). */
  version: string;
  images: Record<Lang, Record<Base, ImageSet>>;
  /** `hashTemplates` per variant (`node`, `node-fastify`, ...), computed by the build for the templates it ships (hashes.json). */
  hashes?: Record<string, string>;
  /**
   * Each layer's files as listFiles finds them (`/`-separated), listed by the build for the
   * templates it ships (files.json): a scaffold then reads no folder. See layerFiles.
   */
  files?: Record<string, string[]>;
}

/** Handlebars template specs by path below the root, precompiled by the package build. */
export type CompiledTemplates = Record<string, Parameters<typeof Handlebars.template>[0]>;

/**
 * The templates at root (default: the ones this generator ships). `version` names them in the
 * service's record; without it, a root of our own takes the generator's version and any other root
 * the version in its package.json.
 */
export function locateTemplates(root?: string, version?: string): TemplateSet {
  const own = root === undefined;
  const dir = root ?? defaultRoot();
  const read = (file: string) => JSON.parse(readTemplateFile(file).toString('utf8'));
  // src/templates.ts and the bundles in dist/ both sit one level below the package's package.json.
  const at = (file: string) => inside(dir, file);
  version ??= read(own ? inside(path.dirname(here()), 'package.json') : at('package.json')).version as string;
  const images = read(at('images.json'));
  // A folder a user names (update --to/--from) may be damaged: said as such, not as a TypeError later.
  if (!own) {
    for (const lang of languages)
      for (const base of bases) {
        const set = (images as Record<string, Record<string, Partial<ImageSet>> | undefined>)?.[lang]?.[base];
        if (typeof set?.builder !== 'string' || typeof set.runtime !== 'string')
          throw new TemplateFileError(at('images.json'), `names no builder and runtime images for ${lang} on ${base}`);
      }
  }
  // Only the generator's own templates: a root given by a caller may have been edited since.
  const hashes = own && existsSync(at(HASHES)) ? read(at(HASHES)) : undefined;
  const files = own && existsSync(at(FILES)) ? read(at(FILES)) : undefined;
  return { root: dir, version, images, ...(hashes && { hashes }), ...(files && { files }) };
}

/**
 * What a service is rendered from, as one name: its language (`node`), or the language and a
 * framework other than the default (`node-fastify`). Names the hash in hashes.json and the last layer.
 */
export function variantOf(answers: Pick<Answers, 'lang' | 'framework'>): string {
  return answers.framework && answers.framework !== 'http' ? `${answers.lang}-${answers.framework}` : answers.lang;
}

/**
 * The template folders of a variant, each overlaying the one before on the same path: shared/,
 * the language's folder, then the framework's own files (node-fastify/ after node/).
 */
export function layersOf(variant: string): string[] {
  const lang = variant.split('-')[0]!;
  return variant === lang ? ['shared', lang] : ['shared', lang, variant];
}

/** Written by the package build next to the templates it ships (scripts/build.mjs). */
export const HASHES = 'hashes.json';
/** The build's listing of each layer's files, next to the templates it ships (scripts/build.mjs). */
export const FILES = 'files.json';

/**
 * listFiles of a layer's folder, or of a folder in it (`under`, `/`-separated): from the build's
 * listing when the templates are the ones it shipped, else read from the folder. Walking the
 * folders was a tenth of a scaffold's own CPU time (issue 15).
 */
export function layerFiles(templates: TemplateSet, layer: string, under = ''): string[] {
  const listed = templates.files?.[layer];
  if (!listed) return listFiles(path.join(templates.root, layer, under));
  const prefix = under && `${under}/`;
  const files = prefix ? listed.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length)) : listed;
  return path.sep === '/' ? files : files.map((file) => file.split('/').join(path.sep));
}

/**
 * `sha256:<hex>` over every template file a service of this variant (see variantOf) is rendered
 * from (its layers, images.json): what the service's record pins, so an update knows its base.
 */
export function hashTemplates(templates: TemplateSet, variant: string): string {
  const known = templates.hashes?.[variant];
  if (known) return known;
  // Loaded only here: node:crypto (OpenSSL's set-up) is the largest single cost of a scaffold's
  // start-up, and the published package's scaffold takes the build's hashes instead.
  const { createHash } = process.getBuiltinModule('node:crypto');
  const hash = createHash('sha256');
  const files = [
    'images.json',
    ...layersOf(variant).flatMap((layer) =>
      listFiles(path.join(templates.root, layer)).map((f) => path.join(layer, f)),
    ),
  ];
  for (const file of files) {
    // Separator-independent names, and NUL framing so no two trees hash alike by concatenation.
    hash
      .update(file.split(path.sep).join('/'))
      .update('\0')
      .update(readTemplateFile(path.join(templates.root, file)))
      .update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

/** The build's precompiled templates: one CommonJS file per layer (shared/, each language, node-fastify/). */
export const COMPILED_DIR = 'compiled';

/**
 * The build's precompiled templates of a variant's layers, when present (the published package);
 * else none. Only those: the others would be compiled for nothing. CommonJS,
 * loaded with require: an import() would start Node's ES module loader for these files, a
 * noticeable part of a scaffold's start-up.
 */
export async function loadCompiled(templates: TemplateSet, variant: string): Promise<CompiledTemplates> {
  const load = requireHere();
  const compiled: CompiledTemplates = {};
  for (const layer of layersOf(variant)) {
    const file = inside(templates.root, `${COMPILED_DIR}${path.sep}${layer}.cjs`);
    if (existsSync(file)) Object.assign(compiled, load(file) as CompiledTemplates);
  }
  return Promise.resolve(compiled);
}

/**
 * A require for CommonJS files. The CommonJS bundles (the CLI) have their own; createRequire
 * would load node:module, which brings the ES module loader's internals into every scaffold.
 */
function requireHere(): NodeJS.Require {
  return typeof require === 'function'
    ? require
    : process.getBuiltinModule('node:module').createRequire(import.meta.url);
}

/**
 * The folder of this code: dist/ (the bundles and the library) or src/ (development). A CommonJS
 * bundle has __dirname; only the ES module build takes it from import.meta.url, with node:url,
 * which a scaffold then does not load.
 */
function here(): string {
  if (typeof __dirname === 'string') return __dirname;
  return path.dirname(process.getBuiltinModule('node:url').fileURLToPath(import.meta.url));
}

function defaultRoot(): string {
  const bundled = `${inside(here(), 'templates')}${path.sep}`;
  if (existsSync(inside(bundled, 'images.json'))) return bundled;
  return path.dirname(requireHere().resolve('@distroless-service/templates/package.json'));
}

/**
 * A template folder's file is not one to read: not a regular file (a FIFO would block the read, a
 * link to /dev/zero never end it), too large, or unreadable. `update --to/--from` reads folders a
 * user names, so this is bad input there, not a bug.
 */
export class TemplateFileError extends Error {
  override name = 'TemplateFileError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`template file ${file} ${reason}`);
  }
}

/** Far above any template (the largest is a few KiB), small enough to hold every one in memory. */
export const MAX_TEMPLATE_BYTES = 16 * 1024 * 1024;

/** A template folder's file, read as update reads a service's: never blocking, bounded, not through a link. */
export function readTemplateFile(file: string): Buffer {
  try {
    return readFileBounded(file, MAX_TEMPLATE_BYTES, { noFollow: true });
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    throw new TemplateFileError(file, error.code ? `cannot be read: ${error.message}` : error.message);
  }
}

/** What a non-regular entry is, for messages. */
function kindOf(entry: Dirent | Stats): string {
  if (entry.isSymbolicLink()) return 'a symbolic link';
  if (entry.isFIFO()) return 'a FIFO';
  if (entry.isSocket()) return 'a socket';
  return 'a device';
}

/**
 * Relative paths of the files under dir, in a stable order. Anything but folders and regular
 * files (a FIFO, a symbolic link, a device) is refused: rendering it was never meant, and skipping
 * it would drop a file from the service without a word.
 */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  // A walk of our own: readdirSync's `recursive` costs a scaffold 5-10 ms on Node 22 (it loads
  // the fs.Dir machinery); this runs for every template on every scaffold.
  const files: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(abs, entry.name), `${rel}${entry.name}${path.sep}`);
      else if (entry.isFile()) files.push(`${rel}${entry.name}`);
      else throw new TemplateFileError(path.join(abs, entry.name), `is ${kindOf(entry)}, not a regular file`);
    }
  };
  walk(dir, '');
  return files.sort();
}

/**
 * Checks a templates folder before anything is read from it: its JSON files and every folder in
 * it (the layers, and whatever else it ships) hold only folders and regular files.
 */
export function checkTemplateTree(root: string): void {
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') listFiles(full);
    } else if (!entry.isFile() && ['images.json', 'package.json', HASHES, FILES].includes(entry.name)) {
      throw new TemplateFileError(full, `is ${kindOf(lstatSync(full))}, not a regular file`);
    }
  }
}

/** Paths hold plain `{{variable}}` placeholders only; a missing variable is an error, as in strict mode. */
export function fillPath(template: string, data: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, key: string) => {
    const value = key.split('.').reduce<unknown>((obj, k) => (obj as Record<string, unknown> | undefined)?.[k], data);
    if (value === undefined || value === null || typeof value === 'object') throw new Error(`"${key}" not defined`);
    return String(value);
  });
}

// npm drops some dotfiles from published packages, so templates store them with `_`.
const DOTFILES = /^_(gitignore|dockerignore|helmignore|github)$/;

export function outputPath(templatePath: string): string {
  return templatePath
    .replace(/\.hbs$/, '')
    .split(path.sep)
    .map((segment) => segment.replace(DOTFILES, '.$1'))
    .join('/');
}
