// Finds the templates: bundled next to the CLI in a published package, or the workspace package in development.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import type { Base, Lang } from './answers.js';

export interface ImageSet {
  builder: string;
  runtime: string;
}

export interface TemplateSet {
  root: string;
  /** The create-distroless-service version these templates ship with (recorded in the service). */
  version: string;
  images: Record<Lang, Record<Base, ImageSet>>;
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
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
  // src/templates.ts and the bundles in dist/ both sit one level below the package's package.json.
  version ??= read(own ? fileURLToPath(new URL('../package.json', import.meta.url)) : path.join(dir, 'package.json'))
    .version as string;
  return { root: dir, version, images: read(path.join(dir, 'images.json')) };
}

/**
 * `sha256:<hex>` over every template file a service of this language is rendered from (shared/,
 * the language's folder, images.json): what the service's record pins, so an update knows its base.
 */
export function hashTemplates(templates: TemplateSet, lang: string): string {
  const hash = createHash('sha256');
  const files = [
    'images.json',
    ...['shared', lang].flatMap((layer) => listFiles(path.join(templates.root, layer)).map((f) => path.join(layer, f))),
  ];
  for (const file of files) {
    // Separator-independent names, and NUL framing so no two trees hash alike by concatenation.
    hash
      .update(file.split(path.sep).join('/'))
      .update('\0')
      .update(readFileSync(path.join(templates.root, file)))
      .update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

/**
 * The build's precompiled templates, when present (the published package); else none. CommonJS,
 * loaded with require: an import() would start Node's ES module loader for this one file, a
 * noticeable part of a scaffold's start-up.
 */
export async function loadCompiled(templates: TemplateSet): Promise<CompiledTemplates> {
  const file = path.join(templates.root, 'compiled.cjs');
  if (!existsSync(file)) return {};
  return Promise.resolve(createRequire(import.meta.url)(file) as CompiledTemplates);
}

function defaultRoot(): string {
  const bundled = fileURLToPath(new URL('./templates/', import.meta.url));
  if (existsSync(path.join(bundled, 'images.json'))) return bundled;
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@distroless-service/templates/package.json'));
}

/** Relative paths of the files under dir, in a stable order. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  // String slicing, not path.relative: this runs for every template on every scaffold.
  const prefix = dir.length + 1;
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      entry.parentPath.length < prefix ? entry.name : `${entry.parentPath.slice(prefix)}${path.sep}${entry.name}`,
    )
    .sort();
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
