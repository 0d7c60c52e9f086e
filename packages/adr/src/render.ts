// Templates: the built-in ones (templates/adr in the templates package, bundled and precompiled by
// the build) and a repository's own (its templates folder). Rendered with a private Handlebars
// environment, as the generator does: no HTML escaping, and a missing variable is an error.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import compiled from './compiled.js';
import { UsageError } from './errors.js';
import { requireFrom } from './require-here.js';

export type TemplateSpec = Parameters<typeof Handlebars.template>[0];
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;
/** What `new` uses when the folder has no records to follow. */
export const DEFAULT_TEMPLATE = 'madr-minimal';
const SUFFIX = '.md.hbs';

export interface TemplateData {
  title: string;
  /** Without padding: `7`; empty for log4brains' dated names. */
  number: string;
  /** As in the file name: `0007`; empty for dated names. */
  id: string;
  date: string;
  status: string;
  deciders: string;
  /** The new file's name, relative to the ADR folder. */
  file: string;
}

export type Render = (data: TemplateData) => string;

type HandlebarsLike = typeof Handlebars;

export function createEnv(hb: HandlebarsLike = Handlebars): HandlebarsLike {
  const env = hb.create();
  env.registerHelper('json', (value: unknown) => JSON.stringify(value));
  env.registerHelper('capitalize', (value: unknown) => {
    const s = String(value ?? '');
    return s.charAt(0).toUpperCase() + s.slice(1);
  });
  return env;
}

/** The built-in templates folder: bundled next to the CLI, or the workspace package in development. */
export function builtinDir(): string {
  const bundled = fileURLToPath(new URL('./templates/adr/', import.meta.url));
  if (existsSync(bundled)) return bundled;
  const require = requireFrom(import.meta.url);
  return path.join(path.dirname(require.resolve('@distroless-service/templates/package.json')), 'adr');
}

export function builtinNames(): string[] {
  const names = Object.keys(compiled);
  if (names.length > 0) return names.sort();
  return readdirSync(builtinDir())
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
}

/** A repository's templates: `<name>.md.hbs` (Handlebars) or `<name>.md` (also adr-tools' `template.md`). */
export function repoTemplateFile(templatesDir: string | null, name: string): string | null {
  if (!templatesDir || !/^[\w.-]+$/.test(name)) return null;
  for (const file of [`${name}${SUFFIX}`, `${name}.md`]) {
    const p = path.join(templatesDir, file);
    if (existsSync(p)) return p;
  }
  return null;
}

export function repoTemplateNames(templatesDir: string | null): string[] {
  if (!templatesDir) return [];
  let files: string[];
  try {
    files = readdirSync(templatesDir);
  } catch {
    return [];
  }
  return files
    .filter((f) => f.endsWith('.md') || f.endsWith(SUFFIX))
    .map((f) => f.replace(/\.md(\.hbs)?$/, ''))
    .sort();
}

/**
 * Whether a file in the ADR folder is a template kept beside the records (MADR's `adr-template.md`,
 * log4brains' `template.md`, `TEMPLATE.md`, `0000-template.md`, ...): named as the validator's
 * default ignore globs name the files it does not lint as records, in the same case rules
 * (`template.md` and `adr-template*.md` in any case). `ADR-052-template-strategy.md` is a record.
 */
export const isTemplateBeside = (file: string): boolean =>
  // Both patterns need the word: checked first, it spares each record's name their backtracking.
  file.toLowerCase().includes('template') &&
  (/^(?:template|adr-template.*)\.md$/i.test(file) ||
    /^(?:.*[-_]template|template[-_].*|.*TEMPLATE.*)\.md$/.test(file));

/** The templates in the ADR folder itself (not its sub-folders), by name: the file name without `.md`. */
export function besideTemplateNames(dir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter(isTemplateBeside)
    .map((f) => f.slice(0, -3))
    .sort();
}

/** The template file named `name` beside the records, or null. */
export function besideTemplateFile(dir: string, name: string): string | null {
  const file = `${name}.md`;
  if (!isTemplateBeside(file)) return null;
  const p = path.join(dir, file);
  return existsSync(p) ? p : null;
}

/** A built-in template, precompiled when bundled; compiled here from source otherwise. */
export function builtinTemplate(name: string): Render {
  const env = createEnv();
  const spec = compiled[name];
  if (spec) return env.template(spec) as Render;
  const file = path.join(builtinDir(), `${name}${SUFFIX}`);
  if (!/^[\w-]+$/.test(name) || !existsSync(file)) {
    throw new UsageError(`unknown template '${name}'; built in: ${builtinNames().join(', ')}`);
  }
  if (!env.compile) throw new Error(`template '${name}' is not precompiled, and this build has no Handlebars compiler`);
  return env.compile(readFileSync(file, 'utf8'), COMPILE_OPTIONS) as Render;
}

/**
 * Whether a plain template is adr-tools' kind, filled by its bare NUMBER, TITLE, DATE and STATUS
 * words (`{TITLE}` is a prompt of another template kind).
 */
export const isAdrToolsTemplate = (text: string): boolean => /(?<![{[<])\b(?:NUMBER|TITLE)\b(?![}\]>])/.test(text);

/**
 * adr-tools' own template syntax: the first NUMBER, TITLE, DATE and STATUS on each line are
 * replaced, as its `adr new` does with sed.
 */
export function adrToolsTemplate(text: string): Render {
  return (data) =>
    text
      .split('\n')
      .map((line) =>
        line
          .replace('NUMBER', data.number)
          .replace('TITLE', data.title)
          .replace('DATE', data.date)
          .replace('STATUS', data.status.charAt(0).toUpperCase() + data.status.slice(1)),
      )
      .join('\n');
}
