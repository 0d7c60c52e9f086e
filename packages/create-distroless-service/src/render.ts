// Renders a service into memory: answers and templates in, a tree of files out. Nothing is written
// here (write.ts does that), so generation, --dry-run and update all render the same way.
import nodePlop from 'node-plop';
import type { Answers } from './answers.js';
import { templateData } from './data.js';
import { registerServiceGenerator } from './plopfile.js';
import { loadCompiled, locateTemplates, variantOf, type ImageSet, type TemplateSet } from './templates.js';
import type { Tree } from './write.js';

export class GenerateError extends Error {
  override name = 'GenerateError';
}

export interface RenderOptions {
  templates?: TemplateSet;
  /** The day the service is dated (ADR, record); default today. */
  today?: Date;
  /** Precompiled templates may be used (default true); false compiles every template from its source. */
  precompiled?: boolean;
  /** The base images as the Dockerfile's FROM lines name them (digest-pinned), if not as images.json has them. */
  pinned?: ImageSet;
}

export async function render(answers: Answers, options: RenderOptions = {}): Promise<Tree> {
  const templates = options.templates ?? locateTemplates();
  const tree: Tree = new Map();
  const plop = await nodePlop('', { destBasePath: process.cwd(), force: false });
  const compiled = options.precompiled === false ? {} : await loadCompiled(templates, variantOf(answers));
  registerServiceGenerator(plop, templates, tree, compiled);
  const data = templateData(answers, templates, options.today, options.pinned);
  const { failures } = await plop.getGenerator('service').runActions(data);
  if (failures.length > 0) {
    const first = failures[0]!;
    const detail = first.error ?? (first as unknown as Error).message ?? String(first);
    throw new GenerateError(`rendering ${first.path || first.type || 'the service'} failed: ${detail}`);
  }
  return tree;
}
