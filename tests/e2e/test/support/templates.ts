// A copy of the repository's templates, as a template version of its own ("version A", "B"), for
// the update tests. Every layer is copied (shared/, each language, each framework overlay such as
// node-fastify/), so a variant added later is in the copies without touching each test.
import fs from 'node:fs';
import path from 'node:path';
import { locateTemplates, type TemplateSet } from 'create-distroless-service';

// What a templates root holds besides layers: the build's precompiled templates (they would not
// follow an edit to a copy's sources; copies are rendered from source anyway).
const NOT_LAYERS = new Set(['compiled', 'node_modules']);

export function copyTemplates(dest: string, version: string): TemplateSet {
  const src = locateTemplates().root;
  const layers = fs
    .readdirSync(src, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_LAYERS.has(entry.name))
    .map((entry) => entry.name);
  // A copy that lost an overlay would still render, without it: fail here instead.
  for (const needed of ['shared', 'node', 'node-fastify', 'go', 'python']) {
    if (!layers.includes(needed)) throw new Error(`${src} has no ${needed}/: not a templates folder`);
  }
  for (const entry of ['images.json', ...layers])
    fs.cpSync(path.join(src, entry), path.join(dest, entry), { recursive: true });
  fs.writeFileSync(path.join(dest, 'package.json'), JSON.stringify({ name: 'templates', version }) + '\n');
  return locateTemplates(dest);
}
