#!/usr/bin/env node
// ADR lint benchmark: files/s and peak RSS of `distroless-validate adr` next to
// markdownlint-cli2 over the same files, each tool in a fresh process.
//
//   node bench/adr-lint.mjs [corpusDir]   (default ../shared/adr-corpus; needs a built validator)
//
// Corpora: generated 1,000 and 10,000 ADRs (mixed dialects, some broken) and the real corpus.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);

function mdFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...mdFiles(p));
    else if (/\.md$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

// Child mode: run one tool in this process and print time and peak RSS.
if (process.argv[2] === '--child') {
  const [, , , tool, listFile] = process.argv;
  const files = JSON.parse(readFileSync(listFile, 'utf8'));
  const t0 = performance.now();
  let findings = 0;
  if (tool === 'adr') {
    const { lintAdrs } = await import(pathToFileURL(path.join(root, 'packages/validator/dist/index.js')).href);
    const results = await lintAdrs(files, { config: {} });
    for (const r of results) findings += r.messages.length;
  } else {
    const { main } = await import('markdownlint-cli2');
    await main({
      directory: path.dirname(files[0]),
      // `:` marks a literal path, so names are not read as globs.
      argv: files.map((f) => `:${f}`),
      logMessage: () => {},
      logError: () => {
        findings++;
      },
      noImport: true,
    });
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, rssMB: process.resourceUsage().maxRSS / 1024, findings }));
  process.exit(0);
}

const STATUSES = [
  'Accepted',
  'accepted',
  'Proposed',
  'Superseded by [ADR-0001](0001-x.md)',
  'Deprecated',
  'Acepted',
  '✅ Accepted',
  'draft',
];
const para = (i) =>
  `This paragraph explains force number ${i} with *emphasis*, a [link](https://example.invalid/${i}) and \`code\`.\nIt wraps onto a second line so the parser has real paragraphs to build.\n`;

function adr(i) {
  const n = String(i).padStart(4, '0');
  const status = STATUSES[i % STATUSES.length];
  const body = (ctx) =>
    `## ${ctx}\n\n${para(i)}\n${para(i + 1)}\n- first consequence\n- second consequence with **bold**\n\n`;
  switch (i % 5) {
    case 0:
      return [
        `${n}-nygard-${i}.md`,
        `# ${i}. Nygard decision ${i}\n\nDate: 2024-01-${String((i % 28) + 1).padStart(2, '0')}\n\n## Status\n\n${status}\n\n${body('Context')}${body('Decision')}${i % 50 ? body('Consequences') : ''}`,
      ];
    case 1:
      return [
        `${n}-madr2-${i}.md`,
        `# MADR 2 decision ${i}\n\n* Status: ${status.toLowerCase()}\n* Deciders: team ${i % 7}\n* Date: ${i % 40 ? '2021-02-03' : '25.05.2020'}\n\n${body('Context and Problem Statement')}${body('Considered Options')}${body('Decision Outcome')}`,
      ];
    case 2:
      return [
        `${n}-madr4-${i}.md`,
        `---\nstatus: ${status.startsWith('Superseded') ? 'superseded' : status}\ndate: 2024-11-02\ndecision-makers: Dana, Lee\n---\n\n# MADR 4 decision ${i}\n\n${body('Context and Problem Statement')}${body('Considered Options')}${body('Decision Outcome')}| Option | Pros |\n|---|---|\n| A | fast |\n| B | cheap |\n`,
      ];
    case 3:
      return [
        `ADR-${n}-bold-${i}.md`,
        `# ADR-${n}: Bold decision ${i}\n\n**Status:** ${status}\n**Date:** 2026-02-20\n**Deciders:** Platform\n\n---\n\n${body('Context')}${body('Decision')}${body('Alternatives Considered')}${body('Consequences')}`,
      ];
    default:
      return [
        `${n}-flat-${i}.md`,
        `status: ${status.toLowerCase()} date: 2026-03-12\nADR-${n}: Flattened decision ${i}\nContext and Problem Statement\n${para(i)}Considered Options\n- A\n- B\nDecision Outcome\nChosen option: A.\n`,
      ];
  }
}

function generate(count) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `adr-bench-${count}-`));
  // 100 ADRs per folder, as in a monorepo with many services.
  for (let i = 1; i <= count; i++) {
    const sub = path.join(dir, `svc-${Math.floor(i / 100)}`, 'docs', 'adr');
    if (i % 100 === 0 || i === 1) mkdirSync(sub, { recursive: true });
    const [name, text] = adr(i);
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, name), text);
  }
  return dir;
}

function measure(tool, files) {
  const list = path.join(os.tmpdir(), `adr-bench-list-${process.pid}.json`);
  writeFileSync(list, JSON.stringify(files));
  const r = spawnSync(process.execPath, [self, '--child', tool, list], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const corpusDir = path.resolve(root, process.argv[2] ?? '../shared/adr-corpus');
const gen1k = generate(1000);
const gen10k = generate(10000);
const corpora = [
  ['generated 1,000', mdFiles(gen1k)],
  ['generated 10,000', mdFiles(gen10k)],
  [`real corpus (${path.basename(corpusDir)})`, mdFiles(corpusDir)],
];

let mlVersion = '?';
try {
  mlVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/markdownlint-cli2/package.json'), 'utf8')).version;
} catch {
  /* version is cosmetic */
}
console.log(
  `node ${process.version}, ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg()[0].toFixed(1)}, markdownlint-cli2 ${mlVersion}\n`,
);
console.log(
  '| corpus | files | MB | distroless-validate adr files/s | peak RSS | markdownlint-cli2 files/s | peak RSS | speed ratio (ours / markdownlint) |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [name, files] of corpora) {
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const ours = measure('adr', files);
  const ml = measure('markdownlint', files);
  const fps = (r) => files.length / (r.ms / 1000);
  console.log(
    `| ${name} | ${files.length} | ${(bytes / 1e6).toFixed(1)} | ${fps(ours).toFixed(0)} | ${ours.rssMB.toFixed(0)} MB | ${fps(ml).toFixed(0)} | ${ml.rssMB.toFixed(0)} MB | ${(fps(ours) / fps(ml)).toFixed(2)}x |`,
  );
}
rmSync(gen1k, { recursive: true, force: true });
rmSync(gen10k, { recursive: true, force: true });
