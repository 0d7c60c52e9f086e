// The `service` generator: plop actions over the templates (prompts are in prompts.ts). Actions
// render into an in-memory tree; writing it to disk is a separate, atomic step (see write.ts), so
// --dry-run and failures never touch the target.
import { existsSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { NodePlopAPI } from 'node-plop';
import { formatRecord, RECORD_FILE } from '@distroless-service/record';
import type { TemplateData } from './data.js';
import { digestsOf } from './digests.js';
import {
  fillPath,
  hashTemplates,
  layerFiles,
  layersOf,
  outputPath,
  readTemplateFile,
  variantOf,
  type CompiledTemplates,
  type TemplateSet,
} from './templates.js';
import { inside, type Tree } from './write.js';

interface RenderAction {
  type: 'render';
  /** Output path; may hold `{{variable}}` placeholders (`docs/adr/0001-use-{{base}}-base-images.md`). */
  path: string;
  templateFile: string;
  /** templateFile relative to the templates root: the key of its precompiled form. */
  key: string;
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
  // The published bundle carries only the Handlebars runtime and templates precompiled by the build
  // with these same options (scripts/build.mjs); from source, templates compile here.
  const load = (key: string, file: string) => {
    const spec = compiled[key];
    if (spec) return hb.template(spec);
    if (!hb.compile) throw new Error('not precompiled, and this build has no Handlebars compiler');
    return hb.compile(readTemplateFile(file).toString('utf8'), { noEscape: true, strict: true });
  };
  hb.registerHelper('json', (value: unknown) => JSON.stringify(value));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const partials = `shared${path.sep}_partials${path.sep}`;
  for (const file of layerFiles(templates, 'shared', '_partials')) {
    hb.registerPartial(
      path.basename(file).replace(/(\.md)?\.hbs$/, ''),
      load(`${partials}${file}`, inside(templates.root, `${partials}${file}`)),
    );
  }

  plop.setActionType('render', (data, config) => {
    const { path: target, templateFile, key } = config as unknown as RenderAction;
    try {
      const dest = fillPath(target, data as unknown as Record<string, unknown>);
      tree.set(
        dest,
        templateFile.endsWith('.hbs') ? Buffer.from(load(key, templateFile)(data)) : readTemplateFile(templateFile),
      );
      return dest;
    } catch (error) {
      // Plop reports a thrown error without the action's path; name the template here.
      throw new Error(renderFailure(key, error as Error));
    }
  });

  plop.setActionType('answers', (data) => {
    const {
      name,
      lang,
      framework,
      description,
      owner,
      port,
      base,
      adrStatus,
      templateVersion,
      generator,
      date,
      pinned,
      from,
    } = data as TemplateData;
    const record = formatRecord({
      generator,
      templateVersion,
      templateHash: hashTemplates(templates, variantOf({ lang, framework })),
      generated: date,
      // What update needs to render the same FROM lines again.
      ...(pinned && { digests: digestsOf(from) }),
      // framework is undefined (left out) for Go and Python.
      answers: { name, lang, framework, description, owner, port, base, adrStatus },
    });
    tree.set(RECORD_FILE, Buffer.from(record));
    return RECORD_FILE;
  });

  plop.setGenerator('service', {
    description: 'a distroless service in Node (TypeScript), Go or Python',
    prompts: [],
    actions: (data) => [...renderActions(templates, variantOf(data as TemplateData)), { type: 'answers' }],
  });
}

/** One render action per template file: shared/ first, then each later layer (see layersOf), which wins. */
export function renderActions(templates: TemplateSet, variant: string): RenderAction[] {
  const byOutput = new Map<string, RenderAction>();
  for (const layer of layersOf(variant)) {
    const dir = inside(templates.root, layer);
    // Older templates (update --to/--from) may lack a framework's layer: never render without it.
    if (!templates.files?.[layer] && !existsSync(dir))
      throw new Error(`the templates in ${templates.root} have no ${layer}/ (${templates.version})`);
    for (const file of layerFiles(templates, layer)) {
      if (file.startsWith(`_partials${path.sep}`)) continue;
      const target = outputPath(file);
      // Concatenated: file is a listing's path, already normal (see inside in write.ts).
      byOutput.set(target, {
        type: 'render',
        path: target,
        templateFile: `${dir}${path.sep}${file}`,
        key: `${layer}${path.sep}${file}`,
        abortOnFail: true,
      });
    }
  }
  return [...byOutput.values()];
}

/**
 * A rendering error as `template:line:column: what`. Handlebars' strict mode says `"x" not defined
 * in [object Object] - 1:2` (the object it looked in, and a 0-based column) for an unknown helper
 * or variable alike.
 */
export function renderFailure(key: string, error: Error & { lineNumber?: number; column?: number }): string {
  const unknown = /^"([^"]+)" not defined in .*? - \d+:\d+$/s.exec(error.message);
  const at = error.lineNumber !== undefined ? `:${error.lineNumber}:${(error.column ?? 0) + 1}` : '';
  if (unknown) {
    return `${key}${at}: "${unknown[1]}" is not defined: no helper of that name (helpers: json, eq and Handlebars' own), and no such variable`;
  }
  return `${key}${at}: ${error.message}`;
}
