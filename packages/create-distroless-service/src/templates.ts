// Finds the templates: bundled next to the CLI in a published package, or the workspace package in development.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type Handlebars from 'handlebars';
import type { Base, Lang } from './answers.js';

export interface ImageSet {
  builder: string;
  runtime: string;
}

export interface TemplateSet {
  root: string;
  version: string;
  images: Record<Lang, Record<Base, ImageSet>>;
}

/** Handlebars template specs by path below the root, precompiled by the package build. */
export type CompiledTemplates = Record<string, Parameters<typeof Handlebars.template>[0]>;

export function locateTemplates(root?: string): TemplateSet {
  root ??= defaultRoot();
  const read = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
  return { root, version: read('package.json').version, images: read('images.json') };
}

/** The build's precompiled templates, when present (the published package); else none. */
export async function loadCompiled(templates: TemplateSet): Promise<CompiledTemplates> {
  const file = path.join(templates.root, 'compiled.js');
  if (!existsSync(file)) return {};
  return ((await import(pathToFileURL(file).href)) as { default: CompiledTemplates }).default;
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
