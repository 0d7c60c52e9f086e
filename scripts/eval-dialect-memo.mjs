#!/usr/bin/env node
// Checks the dialect memo's one unread verdict (ADR 0023) on real folders: in a copy of each
// repository's records (in a temporary folder; the corpus is only read), `distroless-adr new` runs
// twice, and each record it wrote and kept in the memo unread is then read cold with the validator's
// parser: the two verdicts must agree. Prints per repository what each run kept; exit 1 on any
// disagreement.
//
//   node scripts/eval-dialect-memo.mjs [corpusDir]
//
//   corpusDir  default ../shared/adr-corpus (one folder of records per repository, owner__name)
//
// Needs a built distroless-adr: npx -y pnpm@10 --filter @distroless-service/adr run build
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, process.argv[2] ?? '../shared/adr-corpus');
const dist = path.join(root, 'packages/adr/dist');
if (!fs.existsSync(path.join(dist, 'detect.cjs'))) {
  console.error('build first: npx -y pnpm@10 --filter @distroless-service/adr run build');
  process.exit(2);
}
const { readRecord } = createRequire(import.meta.url)(path.join(dist, 'detect.cjs'));

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-dialect-memo-'));
// A TMPDIR of its own: the memo under test, and no other run's.
const tmp = path.join(work, 'tmp');
fs.mkdirSync(tmp);
const memoDir = path.join(tmp, `distroless-adr-compile-cache-${process.getuid()}`, 'dialects');
const repos = fs
  .readdirSync(corpus)
  .filter((r) => !r.startsWith('_') && fs.statSync(path.join(corpus, r)).isDirectory())
  .sort();
for (const r of repos) fs.cpSync(path.join(corpus, r), path.join(work, r), { recursive: true });
// The memo keeps nothing on a record changed in the last 2 s: the copies must settle first.
await new Promise((resolve) => setTimeout(resolve, 2500));

const show = (f) => (f ? `${f.template}/${f.dialect}` : 'none');
let wrong = 0;
let kept = 0;
try {
  for (const r of repos) {
    const dir = path.join(work, r);
    const lines = [];
    for (const title of ['Dialect memo probe one', 'Dialect memo probe two']) {
      const run = spawnSync(process.execPath, [path.join(dist, 'cli.cjs'), 'new', title, '--dir', '.'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, TMPDIR: tmp, CI: '' },
      });
      if (run.status !== 0) {
        lines.push(`exit ${run.status}: ${run.stderr.trim().split('\n')[0]}`);
        break;
      }
      const file = path.resolve(dir, run.stdout.trim());
      const memo = fs
        .readdirSync(memoDir)
        .map((f) => JSON.parse(fs.readFileSync(path.join(memoDir, f), 'utf8')))
        .find((m) => m.dir === dir);
      const entry = memo?.records[path.relative(dir, file).split(path.sep).join('/')];
      const cold = readRecord(file, path.basename(file)).found;
      if (!entry) lines.push(`not kept (reads as ${show(cold)})`);
      else if (JSON.stringify(entry.found) === JSON.stringify(cold)) {
        kept++;
        lines.push(`kept ${show(cold)}, read back the same`);
      } else {
        wrong++;
        lines.push(`KEPT ${show(entry.found)} BUT READS AS ${show(cold)}`);
      }
    }
    console.log(`${r.padEnd(50)} ${lines.join(' | ')}`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(`${repos.length} repositories: ${kept} records kept unread, ${wrong} of them wrong`);
process.exit(wrong > 0 ? 1 : 0);
