// The `service` generator: plop prompts and actions over the templates. Actions render into an
// in-memory tree; writing it to disk is a separate, atomic step (see write.ts), so --dry-run and
// failures never touch the target.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { NodePlopAPI } from 'node-plop';
import type { TemplateData } from './data.js';
import { listFiles, outputPath, type CompiledTemplates, type TemplateSet } from './templates.js';

export type Tree = Map<string, Buffer>;
export const ANSWERS_FILE = '.distroless-service.json';

interface RenderAction {
  type: 'render';
  /** Output path, itself a template (`docs/adr/0001-use-{{base}}-base-images.md`). */
  path: string;
  templateFile: string;
  abortOnFail: true;
}

export function registerServiceGenerator(
  plop: NodePlopAPI,
  templates: TemplateSet,
  tree: Tree,
  compiled: CompiledTemplates = {},
): void {
  // A private Handlebars environment: no HTML escaping (output is YAML, JSON, code, Markdown) and
  // strict, so a misspelt variable fails instead of rendering empty.
  const hb = Handlebars.create();
  const compile = (source: string) => hb.compile(source, { noEscape: true, strict: true });
  // Precompiled by the build with the same options, where available (scripts/build.mjs).
  const load = (file: string, source: Buffer) => {
    const spec = compiled[path.relative(templates.root, file)];
    return spec ? hb.template(spec) : compile(source.toString('utf8'));
  };
  hb.registerHelper('json', (value: unknown) => JSON.stringify(value));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const partials = path.join(templates.root, 'shared', '_partials');
  for (const file of listFiles(partials)) {
    const full = path.join(partials, file);
    hb.registerPartial(path.basename(file).replace(/(\.md)?\.hbs$/, ''), load(full, readFileSync(full)));
  }

  plop.setActionType('render', (data, config) => {
    const { path: target, templateFile } = config as unknown as RenderAction;
    try {
      const dest = compile(target)(data);
      const source = readFileSync(templateFile);
      tree.set(dest, templateFile.endsWith('.hbs') ? Buffer.from(load(templateFile, source)(data)) : source);
      return dest;
    } catch (error) {
      // Plop reports a thrown error without the action's path; name the template here.
      throw new Error(`${path.relative(templates.root, templateFile)}: ${(error as Error).message}`);
    }
  });

  plop.setActionType('answers', (data) => {
    const { name, lang, description, owner, port, base, templateVersion, generator } = data as TemplateData;
    const record = { generator, templateVersion, answers: { name, lang, description, owner, port, base } };
    tree.set(ANSWERS_FILE, Buffer.from(JSON.stringify(record, null, 2) + '\n'));
    return ANSWERS_FILE;
  });

  plop.setGenerator('service', {
    description: 'a distroless service in Node (TypeScript), Go or Python',
    prompts: [],
    actions: (data) => [...renderActions(templates, (data as TemplateData).lang), { type: 'answers' }],
  });
}

/** One render action per template file: shared/ first, then the language's folder, which wins. */
export function renderActions(templates: TemplateSet, lang: string): RenderAction[] {
  const byOutput = new Map<string, RenderAction>();
  for (const layer of ['shared', lang]) {
    const dir = path.join(templates.root, layer);
    for (const file of listFiles(dir)) {
      if (file.startsWith(`_partials${path.sep}`)) continue;
      const target = outputPath(file);
      byOutput.set(target, { type: 'render', path: target, templateFile: path.join(dir, file), abortOnFail: true });
    }
  }
  return [...byOutput.values()];
}
