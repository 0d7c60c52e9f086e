// Copies of the generator's templates as template versions of their own ("A", "B"), for the
// update tests, and the edits a template release makes to them.
import fs from 'node:fs';
import path from 'node:path';
import { locateTemplates, type TemplateSet } from '../../src/templates.js';

/** A copy of the repository's templates as version `version`. */
export function copyTemplates(dest: string, version: string): TemplateSet {
  const src = locateTemplates().root;
  for (const entry of ['images.json', 'shared', 'node', 'node-fastify', 'go', 'python']) {
    fs.cpSync(path.join(src, entry), path.join(dest, entry), { recursive: true });
  }
  fs.writeFileSync(path.join(dest, 'package.json'), JSON.stringify({ name: 'templates', version }) + '\n');
  return locateTemplates(dest);
}

/** A copy of `from` as `version` whose Node distroless runtime is `runtime`, as a release that moves a base does. */
export function withNodeRuntime(from: TemplateSet, dest: string, version: string, runtime: string): TemplateSet {
  const copy = copyTemplates(dest, version);
  const file = path.join(copy.root, 'images.json');
  const images = JSON.parse(fs.readFileSync(file, 'utf8'));
  images.node.distroless.runtime = runtime;
  fs.writeFileSync(file, JSON.stringify(images, null, 2) + '\n');
  return locateTemplates(copy.root);
}

/** Replaces one occurrence of `from`, failing loudly when a template no longer has the anchor. */
export function replaceOnce(text: string, from: string, to: string, where: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) {
    throw new Error(`${where}: expected exactly one ${JSON.stringify(from)}; the template moved on, pick a new anchor`);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

export function editFile(file: string, from: string, to: string): void {
  fs.writeFileSync(file, replaceOnce(fs.readFileSync(file, 'utf8'), from, to, file));
}
