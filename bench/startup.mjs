#!/usr/bin/env node
// Start-up cost of every command, next to a bare `node -e 0` and each command's peer, measured in the
// same run and interleaved (round-robin), so machine noise hits all alike. Every scaffold writes a
// new directory that is removed, untimed, after it. Run by hand, after a build:
//   node bench/startup.mjs [--runs 15] [--node /path/to/node] [--only scaffold,adr-one,version,adr-new]
//     [--no-compile-cache]   (every command as on its first run: NODE_DISABLE_COMPILE_CACHE=1)
//     [--floors]   (also each command's file work done by a bare CommonJS script: what no start-up
//                   work of ours can go below on this machine and Node line)
//     [--without-extra-ca-certs]   (every command without NODE_EXTRA_CA_CERTS: see below)
//     [--instructions]   (user-space instructions under valgrind's callgrind instead of time: see below)
// NODE_EXTRA_CA_CERTS, where set (a proxy's CA, as on this machine and many CI jobs), is read and
// parsed by every Node 20 process at start-up, `node -e 0` too (Node 22 and 24 wait for the first
// TLS use): with a full bundle of certificates it is most of a bare node's start-up, so every Node
// 20 ratio depends on it. The header says whether it is set; --without-extra-ca-certs measures
// every row without it, as on a developer's laptop.
// Each row: the median wall time and its ratio to `node -e 0`, and the mean CPU time (user + system,
// Linux only) and its ratio, which a busy machine moves far less than wall time.
// Targets (issue 15): scaffold ≤ 1.2× and below create-vite; `adr <one file>` ≤ 2× and below
// markdownlint-cli2 on the same file; `--version` ≤ 1.3×; `adr new` ≤ 1.5×, shown with the dialect
// memo (ADR 0023) and without it (DISTROLESS_ADR_DISABLE_DIALECT_CACHE=1, a folder's first run).
// --instructions counts the instructions each command runs in user space instead (median of --runs,
// default 3; see callgrind.mjs): a figure the machine's load hardly moves. Needs valgrind.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { adrFixture, clean, median, RECORDS, TITLE } from './adr-fixture.mjs';
import { callgrindMissing, instructionsOf, underCallgrind } from './callgrind.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    node: { type: 'string', default: process.execPath },
    only: { type: 'string' },
    'no-compile-cache': { type: 'boolean', default: false },
    floors: { type: 'boolean', default: false },
    'without-extra-ca-certs': { type: 'boolean', default: false },
    instructions: { type: 'boolean', default: false },
  },
});
const counting = values.instructions;
const runs = Number(values.runs ?? (counting ? 3 : 15));
if (counting && callgrindMissing()) {
  console.error(callgrindMissing());
  process.exit(2);
}
const node = values.node;
const root = fileURLToPath(new URL('..', import.meta.url));
const at = (p) => path.join(root, p);
const bin = {
  scaffold: at('packages/create-distroless-service/dist/cli.cjs'),
  // The published bin (dist/bin.cjs), as `npx @distroless-service/validator` runs it.
  validate: at(
    `packages/validator/${JSON.parse(fs.readFileSync(at('packages/validator/package.json'), 'utf8')).bin['distroless-validate']}`,
  ),
  adr: ['packages/adr/dist/cli.cjs', 'packages/adr/dist/cli.js'].map(at).find((p) => fs.existsSync(p)),
  vite: at('node_modules/create-vite/index.js'),
  markdownlint: at('node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs'),
};
for (const k of ['scaffold', 'validate']) {
  if (!fs.existsSync(bin[k])) {
    console.error(`missing ${bin[k]}: build first (npx -y pnpm@10 run build)`);
    process.exit(2);
  }
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-startup-'));
const oneAdr = path.join(work, 'one', '0001-use-postgres.md');
fs.mkdirSync(path.dirname(oneAdr));
fs.writeFileSync(
  oneAdr,
  [
    '# 1. Use PostgreSQL',
    '',
    'Date: 2026-01-05',
    '',
    '## Status',
    '',
    'Accepted',
    '',
    '## Context',
    '',
    'We need a relational store.',
    '',
    '## Decision',
    '',
    'We use PostgreSQL.',
    '',
    '## Consequences',
    '',
    'Operations learn one database.',
    '',
  ].join('\n'),
);
// `adr new` on the same 200 records as bench/adr-new.mjs (the dialect read from the newest).
const adrRepo = path.join(work, 'adr-repo');
const adrMade = adrFixture(adrRepo);
// The memo keeps no verdict on a record changed in the last 2 s (file times are coarse): let the
// fixture settle, so the memo row is warm from its first run as a folder of older records is.
if (bin.adr) await new Promise((resolve) => setTimeout(resolve, 2500));

let seq = 0;
const fresh = () => path.join(work, `out-${seq++}`);
const base = { 'node -e 0': () => [node, ['-e', '0']] };
const groups = {
  scaffold: {
    'create-distroless-service (go, --yes --no-git)': () => [
      node,
      [bin.scaffold, fresh(), '--lang', 'go', '--yes', '--no-git'],
    ],
    'create-vite (vanilla-ts, --no-interactive)': () => [
      node,
      [bin.vite, fresh(), '--template', 'vanilla-ts', '--no-interactive', '--no-immediate'],
    ],
  },
  'adr-one': {
    'distroless-validate adr <one file>': () => [node, [bin.validate, 'adr', oneAdr]],
    'markdownlint-cli2 <same file>': () => [node, [bin.markdownlint, oneAdr]],
  },
  version: {
    'distroless-validate --version': () => [node, [bin.validate, '--version']],
  },
  'adr-new': bin.adr
    ? {
        // The newest record's verdict from the dialect memo, as every run after the first has it.
        [`adr new (${RECORDS} records, dialect memo)`]: () => [
          node,
          [bin.adr, 'new', TITLE],
          { cwd: adrRepo, made: adrMade },
        ],
        // The newest record read with the validator's parser, as on a folder's first run.
        [`adr new (${RECORDS} records, dialect read)`]: () => [
          node,
          [bin.adr, 'new', TITLE],
          { cwd: adrRepo, made: adrMade, env: { DISTROLESS_ADR_DISABLE_DIALECT_CACHE: '1' } },
        ],
      }
    : {},
};

// Floors: a bare CommonJS script doing a command's file work and nothing else. The scaffold's floor
// writes the files an untimed scaffold made (read from one JSON file) with mkdir and writeFile,
// exclusive as the scaffold writes them; `adr new`'s floor lists the folder, reads the newest
// record and writes the next one. Neither loads more than node:fs and node:path.
if (values.floors) {
  const sample = path.join(work, 'floor-sample');
  const made = spawnSync(node, [bin.scaffold, sample, '--lang', 'go', '--yes', '--no-git'], { stdio: 'ignore' });
  if (made.status !== 0) throw new Error(`the floor's sample scaffold failed (${made.status})`);
  const tree = {};
  for (const rel of fs.readdirSync(sample, { recursive: true })) {
    const abs = path.join(sample, rel);
    if (fs.statSync(abs).isFile()) tree[rel.split(path.sep).join('/')] = fs.readFileSync(abs, 'utf8');
  }
  fs.rmSync(sample, { recursive: true });
  fs.writeFileSync(path.join(work, 'floor-tree.json'), JSON.stringify(tree));
  fs.writeFileSync(
    path.join(work, 'floor-scaffold.cjs'),
    `const fs = require('node:fs'), path = require('node:path');
const out = process.argv[2];
const tree = JSON.parse(fs.readFileSync(path.join(__dirname, 'floor-tree.json'), 'utf8'));
fs.mkdirSync(out);
for (const [rel, text] of Object.entries(tree)) {
  const file = path.join(out, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { flag: 'wx' });
}
fs.writeSync(1, 'Created ' + out + '\\n');
`,
  );
  fs.writeFileSync(
    path.join(work, 'floor-adr-new.cjs'),
    `const fs = require('node:fs'), path = require('node:path');
const dir = path.join('doc', 'adr');
const names = fs.readdirSync(dir).filter((f) => /^\\d+-.*\\.md$/.test(f)).sort();
const newest = fs.readFileSync(path.join(dir, names[names.length - 1]), 'utf8');
const n = String(parseInt(names[names.length - 1], 10) + 1).padStart(4, '0');
const file = path.join(dir, n + '-a-new-decision.md');
fs.writeFileSync(file, newest.replace(/^# .*$/m, '# ' + Number(n) + '. ' + process.argv[2]), { flag: 'wx' });
fs.writeSync(1, file + '\\n');
`,
  );
  if (groups.scaffold)
    groups.scaffold['floor: the same files written by a bare script'] = () => [
      node,
      [path.join(work, 'floor-scaffold.cjs'), fresh()],
    ];
  if (bin.adr)
    groups['adr-new']['floor: its file work done by a bare script'] = () => [
      node,
      [path.join(work, 'floor-adr-new.cjs'), TITLE],
      { cwd: adrRepo, made: adrMade },
    ];
}
const only = values.only ? new Set(values.only.split(',')) : null;
const cases = { ...base };
for (const [g, cs] of Object.entries(groups)) if (!only || only.has(g)) Object.assign(cases, cs);

// CPU time of the children this process waited for (Linux: /proc/self/stat fields 16 and 17,
// cutime + cstime, in clock ticks, USER_HZ = 100). The kernel sums each child's exact CPU time, so
// the mean over a row's runs is good to 10 ms / runs; on a machine others keep busy, CPU time moves
// far less than wall time.
const TICK_MS = 10;
function childTicks() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[13]) + Number(fields[14]); // fields 16 and 17 of the whole line
  } catch {
    return NaN;
  }
}

const childEnv = { ...process.env, CI: '', NO_COLOR: '1' };
if (values['no-compile-cache']) childEnv.NODE_DISABLE_COMPILE_CACHE = '1';
if (values['without-extra-ca-certs']) delete childEnv.NODE_EXTRA_CA_CERTS;
const profile = path.join(work, 'callgrind.out');

function time([cmd, args, { cwd = work, made, env = {} } = {}], count) {
  const ticks = childTicks();
  const start = process.hrtime.bigint();
  const [file, argv] = count ? underCallgrind(cmd, args, profile) : [cmd, args];
  const r = spawnSync(file, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...childEnv, ...env } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = (childTicks() - ticks) * TICK_MS;
  // markdownlint-cli2 and the validator exit 1 on findings; anything else is a broken run.
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  if (made) clean(made, `${cmd} ${args.join(' ')}`);
  return { ms, cpu, instructions: count ? instructionsOf(profile) : NaN };
}

const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const cpuMs = Object.fromEntries(Object.keys(cases).map((k) => [k, 0]));
const counted = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
try {
  for (let i = -2; i < runs; i++) {
    for (const [name, make] of Object.entries(cases)) {
      const before = seq;
      // The two warm-up rounds (compile caches, the dialect memo) run without valgrind.
      const { ms, cpu, instructions } = time(make(), counting && i >= 0);
      if (i >= 0) samples[name].push(ms);
      if (i >= 0) cpuMs[name] += cpu;
      if (i >= 0) counted[name].push(instructions);
      for (let s = before; s < seq; s++) fs.rmSync(path.join(work, `out-${s}`), { recursive: true, force: true });
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
function caCertsNote(file) {
  if (!file) return 'NODE_EXTRA_CA_CERTS not set';
  let count;
  try {
    count = (fs.readFileSync(file, 'latin1').match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
  } catch (error) {
    return `NODE_EXTRA_CA_CERTS set, unreadable (${error.code ?? error.message})`;
  }
  return `NODE_EXTRA_CA_CERTS set (${count} certificates, parsed at start-up by Node 20, on first TLS use by 22+)`;
}
const caCerts = caCertsNote(childEnv.NODE_EXTRA_CA_CERTS);
console.log(
  `${runs} runs each, interleaved; Node ${nodeVersion}; ${os.cpus().length} CPUs; load ${os.loadavg()[0]}; ${caCerts}` +
    (values['no-compile-cache'] ? '; compile cache off' : ''),
);
if (counting) {
  const base = median(counted['node -e 0']);
  console.log(`${'command'.padEnd(50)} ${'instructions (M)'.padStart(17)}  ratio to node -e 0  (min-max M)`);
  for (const [name, xs] of Object.entries(counted)) {
    const m = median(xs);
    const spread = `(${(Math.min(...xs) / 1e6).toFixed(1)}-${(Math.max(...xs) / 1e6).toFixed(1)})`;
    console.log(`${name.padEnd(50)} ${(m / 1e6).toFixed(1).padStart(17)}  ${(m / base).toFixed(3)}×  ${spread}`);
  }
  process.exit(0);
}
const floor = median(samples['node -e 0']);
const cpuFloor = cpuMs['node -e 0'] / runs;
// The spread: a busy machine shows in p10-p90 long before it moves the medians of all rows alike.
const pct = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
console.log(`${'command'.padEnd(50)} ${'median'.padStart(9)}  ratio to node -e 0  (p10-p90 ms)   CPU mean  ratio`);
for (const [name, xs] of Object.entries(samples)) {
  const m = median(xs);
  const spread = `(${pct(xs, 0.1).toFixed(0)}-${pct(xs, 0.9).toFixed(0)})`;
  const cpu = cpuMs[name] / runs;
  const cpuText = Number.isNaN(cpu) ? '' : `${cpu.toFixed(1).padStart(7)}ms  ${(cpu / cpuFloor).toFixed(2)}×`;
  console.log(
    `${name.padEnd(50)} ${m.toFixed(1).padStart(7)}ms  ${(m / floor).toFixed(2)}×  ${spread.padEnd(18)} ${cpuText}`,
  );
}
