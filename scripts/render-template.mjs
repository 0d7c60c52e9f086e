#!/usr/bin/env node
// Development aid: render one language's templates from templates/ (not the built copy) into a
// folder with sample answers, using the generator's own render (build it first).
// Usage: node scripts/render-template.mjs <lang> <outDir> [base]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAnswers, locateTemplates, render } from '../packages/create-distroless-service/dist/index.js';

const root = fileURLToPath(new URL('../templates/', import.meta.url));
const [lang = 'go', out = path.join(os.tmpdir(), `render-${lang}`), base = 'distroless'] = process.argv.slice(2);
// Free text with everything a template must survive: quotes, &, {{ }}, ${{ }}, a backslash, non-ASCII.
const answers = checkAnswers({
  name: 'demo-svc',
  lang,
  base,
  description: 'Demo "svc" & {{x}} ${{ y }} \\ naïve',
  owner: '@acme/platform "core" & co',
  port: 8080,
});
// Compiled from the sources, so an edited template shows without rebuilding the package.
const tree = await render(answers, { templates: locateTemplates(root), precompiled: false });
fs.rmSync(out, { recursive: true, force: true });
for (const [file, content] of tree) {
  fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
  fs.writeFileSync(path.join(out, file), content);
}
console.log(out);
