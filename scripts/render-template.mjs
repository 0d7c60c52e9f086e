#!/usr/bin/env node
// Development aid: render one language's templates into a folder with sample answers,
// without the CLI. Usage: node scripts/render-template.mjs <lang> <outDir> [base]
// The real generator is packages/create-distroless-service; this mirrors its rules
// (shared/ overlaid by the language folder, .hbs rendered, `_` → `.`, partials).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(new URL('../packages/create-distroless-service/package.json', import.meta.url));
const Handlebars = require('handlebars');
const root = new URL('../templates/', import.meta.url).pathname;
const [lang = 'go', out = '/tmp/render-' + lang, base = 'distroless'] = process.argv.slice(2);
const images = JSON.parse(fs.readFileSync(root + 'images.json', 'utf8'))[lang][base];
const owner = '@acme/platform "core" & co';
const data = {
  name: 'demo-svc',
  description: 'Demo "svc" & {{x}} ${{ y }} \\ naïve',
  owner,
  ownerRef: 'platform',
  codeowner: '@acme/platform',
  port: 8080,
  lang,
  base,
  isNode: lang === 'node',
  isGo: lang === 'go',
  isPython: lang === 'python',
  isChainguard: base === 'chainguard',
  images,
  shutdown: { delaySeconds: 5, timeoutSeconds: 20, preStopSeconds: 5, gracePeriodSeconds: 35 },
  date: new Date().toISOString().slice(0, 10),
  templateVersion: '0.0.0',
  generator: 'create-distroless-service',
};
const hb = Handlebars.create();
hb.registerHelper('json', (v) => JSON.stringify(v));
hb.registerHelper('eq', (a, b) => a === b);
const walk = (dir, rel = '') =>
  fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]));
const partials = path.join(root, 'shared/_partials');
if (fs.existsSync(partials))
  for (const f of walk(partials))
    hb.registerPartial(f.replace(/\.md\.hbs$|\.hbs$/, ''), fs.readFileSync(path.join(partials, f), 'utf8'));
const files = new Map();
for (const dir of ['shared', lang])
  for (const f of walk(path.join(root, dir))) if (!f.startsWith('_partials')) files.set(f, path.join(root, dir, f));
fs.rmSync(out, { recursive: true, force: true });
for (const [rel, src] of files) {
  let dest = hb
    .compile(rel.replace(/\.hbs$/, ''), { noEscape: true, strict: true })(data)
    .split(path.sep)
    .map((s) => s.replace(/^_(gitignore|dockerignore|helmignore|github)$/, '.$1'))
    .join(path.sep);
  const content = src.endsWith('.hbs')
    ? hb.compile(fs.readFileSync(src, 'utf8'), { noEscape: true, strict: true })(data)
    : fs.readFileSync(src);
  fs.mkdirSync(path.dirname(path.join(out, dest)), { recursive: true });
  fs.writeFileSync(path.join(out, dest), content);
}
console.log(out);
