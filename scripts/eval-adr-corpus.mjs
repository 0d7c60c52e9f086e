#!/usr/bin/env node
// Runs the ADR linter over a corpus of real ADRs, one run per source repository
// (as its CI would run it), and prints per repository: files, status found,
// dialects, errors and warnings, then each rule's count with sample messages.
// Fails (exit 1) if any file crashed the parser or the run threw.
//
//   node scripts/eval-adr-corpus.mjs [corpusDir] [--samples N] [--init] [--json]
//
//   corpusDir    default ../shared/adr-corpus (one folder per repository, owner__name)
//   --samples N  sample messages printed per rule and repository (default 2)
//   --init       first learn each repository's conventions (the library's initConfig),
//                then lint with the learned config, as `adr --init` would set it up
//   --json       print the per-repository figures as JSON instead of tables
//
// Needs a built validator: npx -y pnpm@10 --filter @distroless-service/validator run build
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    samples: { type: 'string', default: '2' },
    init: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const corpus = path.resolve(root, positionals[0] ?? '../shared/adr-corpus');
const samples = Number(values.samples);
const lib = await import(pathToFileURL(path.join(root, 'packages/validator/dist/index.js')).href);
if (values.init && typeof lib.initConfig !== 'function') {
  console.error('this build of the validator has no initConfig (adr --init); build a newer one');
  process.exit(2);
}

function mdFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...mdFiles(p));
    else if (/\.(md|markdown)$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

// Findings of a result, whatever the result shape of this build calls them.
const findingsOf = (r) => r.messages ?? r.findings ?? [];
const ruleOf = (m) => m.ruleId ?? m.rule;

statSync(corpus);
const repos = readdirSync(corpus, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort((a, b) => (a.startsWith('_') ? 1 : 0) - (b.startsWith('_') ? 1 : 0) || a.localeCompare(b));

const report = [];
let crashes = 0;
let missing = 0;
const started = performance.now();
for (const name of repos) {
  const dir = path.join(corpus, name);
  const files = mdFiles(dir);
  if (files.length === 0) continue;
  // A repository is linted as its CI would: its folder, with the config --init would write.
  const templates = name.startsWith('_');
  const targets = templates ? files : ['.'];
  let config = {};
  let learned = null;
  if (values.init && !templates) {
    learned = await lib.initConfig(targets, { cwd: dir });
    config = learned.config;
  }
  const results = await lib.lintAdrs(targets, { cwd: dir, config });
  // Files the learned config ignores (guides, indexes) are left out on purpose, as `adr --init` sets
  // it up; every other Markdown file must have a result.
  const linted = new Set(results.map((r) => path.resolve(dir, r.file)));
  const ignored = new Set((config.ignore ?? []).map((f) => path.resolve(dir, f)));
  missing += files.filter((f) => !linted.has(f) && !ignored.has(f)).length;
  const rules = new Map();
  let errors = 0;
  let warnings = 0;
  let status = 0;
  const dialects = new Map();
  for (const r of results) {
    if (r.status) status++;
    dialects.set(r.dialect, (dialects.get(r.dialect) ?? 0) + 1);
    for (const m of findingsOf(r)) {
      const id = ruleOf(m);
      if (id === 'file-readable' && /cannot (parse|analyse)/.test(m.message)) {
        crashes++;
        console.error(`CRASH ${name}/${r.file}: ${m.message}`);
      }
      const g = rules.get(id) ?? { error: 0, warning: 0, samples: [] };
      g[m.severity === 'error' ? 'error' : 'warning']++;
      if (g.samples.length < samples) g.samples.push(`${r.file}:${m.line}: ${m.message}`);
      rules.set(id, g);
      if (m.severity === 'error') errors++;
      else warnings++;
    }
  }
  report.push({
    repo: name.startsWith('_') ? `(${name.slice(1)})` : name.replace('__', '/'),
    files: results.length,
    status,
    dialects: Object.fromEntries(dialects),
    errors,
    warnings,
    rules: Object.fromEntries(rules),
    ...(learned ? { learned: learned.evidence ?? null } : {}),
  });
}
const seconds = (performance.now() - started) / 1000;

if (values.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const top = (o, n) =>
    Object.entries(o)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, n)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  console.log(`config: ${values.init ? 'learned per repository (initConfig)' : 'defaults'}\n`);
  console.log('| repository | files | status found | dialects | errors | warnings | error rules |');
  console.log('|---|---:|---:|---|---:|---:|---|');
  const total = { files: 0, status: 0, errors: 0, warnings: 0, passing: 0, repos: 0 };
  for (const g of report) {
    const errRules = Object.fromEntries(
      Object.entries(g.rules)
        .filter(([, v]) => v.error > 0)
        .map(([k, v]) => [k, v.error]),
    );
    console.log(
      `| ${g.repo} | ${g.files} | ${g.status} | ${top(g.dialects, 3)} | ${g.errors} | ${g.warnings} | ${top(errRules, 4) || '-'} |`,
    );
    if (g.repo.startsWith('(')) continue;
    total.repos++;
    total.files += g.files;
    total.status += g.status;
    total.errors += g.errors;
    total.warnings += g.warnings;
    if (g.errors === 0) total.passing++;
  }
  console.log(
    `| **all repositories** | ${total.files} | ${total.status} | | ${total.errors} | ${total.warnings} | ${total.passing} of ${total.repos} repositories pass (0 errors) |`,
  );
  console.log('');
  for (const g of report) {
    const entries = Object.entries(g.rules).sort((a, b) => b[1].error - a[1].error || b[1].warning - a[1].warning);
    if (entries.length === 0) continue;
    console.log(`## ${g.repo}: ${g.errors} errors, ${g.warnings} warnings`);
    for (const [id, v] of entries) {
      console.log(`- ${id}: ${v.error} errors, ${v.warning} warnings`);
      for (const s of v.samples) console.log(`    ${s.length > 200 ? `${s.slice(0, 197)}...` : s}`);
    }
    console.log('');
  }
}
console.error(
  `${report.reduce((n, g) => n + g.files, 0)} files linted in ${report.length} runs, ${seconds.toFixed(2)} s; crashes: ${crashes}; files without a result: ${missing}`,
);
if (crashes > 0 || missing !== 0) process.exit(1);
