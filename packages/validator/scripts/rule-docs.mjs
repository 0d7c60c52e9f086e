#!/usr/bin/env node
// Writes the generated docs from the built rule modules: the README's rule tables and folder
// list, and docs/rules/<family>/<id>.md (removing pages of rules that no longer exist).
// Run after `build`: `pnpm --filter @distroless-service/validator docs`.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rulePages, updateReadme } from '../dist/rule-docs.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const pages = rulePages();
const docs = path.join(root, 'docs/rules');
mkdirSync(docs, { recursive: true });
for (const family of readdirSync(docs, { withFileTypes: true }).filter((d) => d.isDirectory()))
  for (const file of readdirSync(path.join(docs, family.name))) {
    const rel = `docs/rules/${family.name}/${file}`;
    if (!pages.has(rel)) rmSync(path.join(root, rel));
  }
for (const [rel, text] of pages) {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}
const readme = path.join(root, 'README.md');
writeFileSync(readme, updateReadme(readFileSync(readme, 'utf8')));
console.log(`wrote ${pages.size} rule pages and the README's generated parts`);
