#!/usr/bin/env node
// Runs the ADR linter over a corpus of real ADRs and summarises, per source
// repository: files, how many had a status, the dialect mix and the top findings.
// Fails (exit 1) if any file crashed the parser or the run threw.
//
//   node scripts/eval-adr-corpus.mjs [corpusDir]     (default ../shared/adr-corpus)
//
// Needs a built validator: npx -y pnpm@10 --filter @distroless-service/validator run build
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, process.argv[2] ?? '../shared/adr-corpus');
const { lintAdrs } = await import(pathToFileURL(path.join(root, 'packages/validator/dist/index.js')).href);

function mdFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...mdFiles(p));
    else if (/\.(md|markdown)$/i.test(e.name)) out.push(p);
  }
  return out;
}

// corpus file → owner/repo (and whether it is a template or test fixture), from SOURCES.tsv
const sources = new Map();
try {
  const tsv = readFileSync(path.join(corpus, 'SOURCES.tsv'), 'utf8').trim().split('\n').slice(1);
  for (const row of tsv) {
    const [repo, , , dialect, file] = row.split('\t');
    sources.set(file, {
      repo,
      kind: /^TEMPLATE/.test(dialect) ? 'template' : /^TEST FIXTURE/.test(dialect) ? 'fixture' : 'adr',
    });
  }
} catch {
  console.error(`no SOURCES.tsv in ${corpus}; grouping by folder`);
}

statSync(corpus);
const files = mdFiles(corpus).sort();
const started = performance.now();
// Explicit paths: templates and fixtures are linted too, to prove nothing crashes on them.
const results = await lintAdrs(files, { cwd: corpus, config: {} });
const seconds = (performance.now() - started) / 1000;

const crashes = results.filter((r) =>
  r.messages.some((m) => m.ruleId === 'file-readable' && /cannot (parse|analyse)/.test(m.message)),
);
const missing = files.length - results.length;

const groups = new Map();
for (const r of results) {
  const src = sources.get(r.file);
  const folder = r.file.split('/')[0];
  const key = src
    ? src.kind === 'adr'
      ? src.repo
      : `(${src.kind}s)`
    : folder === '_templates'
      ? '(templates)'
      : folder === '_fixtures'
        ? '(fixtures)'
        : folder;
  const g = groups.get(key) ?? { files: 0, status: 0, dialects: new Map(), rules: new Map(), errors: 0, warnings: 0 };
  g.files++;
  if (r.status) g.status++;
  g.dialects.set(r.dialect, (g.dialects.get(r.dialect) ?? 0) + 1);
  for (const m of r.messages) {
    g.rules.set(m.ruleId, (g.rules.get(m.ruleId) ?? 0) + 1);
    if (m.severity === 'error') g.errors++;
    else g.warnings++;
  }
  groups.set(key, g);
}

const top = (m, n) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
const rows = [...groups.entries()].sort(
  (a, b) => (a[0].startsWith('(') ? 1 : 0) - (b[0].startsWith('(') ? 1 : 0) || b[1].files - a[1].files,
);
console.log('| repository | files | status found | dialects | top findings |');
console.log('|---|---:|---:|---|---|');
const total = { files: 0, status: 0, dialects: new Map(), rules: new Map() };
for (const [repo, g] of rows) {
  console.log(`| ${repo} | ${g.files} | ${g.status} | ${top(g.dialects, 4)} | ${top(g.rules, 3) || '-'} |`);
  if (repo.startsWith('(')) continue;
  total.files += g.files;
  total.status += g.status;
  for (const [k, v] of g.dialects) total.dialects.set(k, (total.dialects.get(k) ?? 0) + v);
  for (const [k, v] of g.rules) total.rules.set(k, (total.rules.get(k) ?? 0) + v);
}
console.log(`| **all ADRs** | ${total.files} | ${total.status} | ${top(total.dialects, 6)} | ${top(total.rules, 5)} |`);
console.log('');
console.log(
  `${results.length} files linted (templates and fixtures included) in ${seconds.toFixed(2)} s; crashes: ${crashes.length}; files without a result: ${missing}`,
);
if (crashes.length > 0 || missing !== 0) {
  for (const c of crashes)
    console.error(`CRASH ${c.file}: ${c.messages.find((m) => m.ruleId === 'file-readable').message}`);
  process.exit(1);
}
