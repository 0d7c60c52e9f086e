#!/usr/bin/env node
// Two builds side by side (say main's and a branch's `dist`, each copied to a folder of its own),
// next to `node -e 0`, interleaved so machine noise hits all alike. Of distroless-adr
// (`packages/adr/dist`, with cli.cjs): `new` with the dialect from the memo, read from the records
// (the memo off) and named (`--template nygard`), on the same 200 records. Of the validator (`packages/validator/dist`, with bin.cjs; copy the package.json beside
// the dist folder too): `adr <one file>`, the pre-commit hook's run, on bench/startup.mjs's record.
// Of create-distroless-service (`packages/create-distroless-service/dist`, with cli.cjs and
// templates/images.json; copy the package.json beside the dist folder too): the scaffold
// bench/startup.mjs times (`<new dir> --lang go --yes --no-git`), each run into a new directory.
// Each row: the median wall time and the mean CPU time (user + system) that the process itself reads from
// `process.cpuUsage()` at exit (a preload), exact where bench/startup.mjs's clock-tick CPU figure
// is good to 10 ms / runs: a gain of half a millisecond shows here at load 3.
//   node bench/startup-ab.mjs --a <dist folder> --b <dist folder> [--runs 40] [--node /path/to/node]
//     [--instructions]   (also each row's user-space instructions under valgrind's callgrind, the
//                         median of 3 runs of its own: see callgrind.mjs; needs valgrind)
// Both folders must be builds of the same package.
// Each build keeps its own compile-cache entries (keyed by path); two untimed runs warm them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { adrFixture, clean, median, RECORDS, TITLE } from './adr-fixture.mjs';
import { callgrindMissing, instructionsOf, underCallgrind } from './callgrind.mjs';

const USAGE =
  'usage: node bench/startup-ab.mjs --a <dist folder> --b <dist folder> ' +
  '(each with cli.cjs, or each with bin.cjs) [--runs 40] [--node <node>] [--instructions]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      a: { type: 'string' },
      b: { type: 'string' },
      runs: { type: 'string', default: '40' },
      node: { type: 'string', default: process.execPath },
      instructions: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
// cli.cjs: distroless-adr's bin; bin.cjs: the validator's (distroless-validate).
const binOf = (d) => ['cli.cjs', 'bin.cjs'].map((b) => d && path.resolve(d, b)).find((b) => b && fs.existsSync(b));
const bins = [values.a, values.b].map(binOf);
if (bins.some((b) => !b) || path.basename(bins[0]) !== path.basename(bins[1])) {
  console.error(USAGE);
  process.exit(2);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs needs a whole number >= 1, got '${values.runs}'\n${USAGE}`);
  process.exit(2);
}
const node = values.node;
if (values.instructions && callgrindMissing()) {
  console.error(callgrindMissing());
  process.exit(2);
}
/** Runs under callgrind per row, after the timed runs. */
const COUNTED_RUNS = 3;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-startup-ab-'));
const repo = path.join(work, 'repo');
const made = adrFixture(repo);
// The memo keeps no verdict on a record changed in the last 2 s (file times are coarse): let the
// fixture settle, as a folder of older records is.
await new Promise((resolve) => setTimeout(resolve, 2500));
const validator = path.basename(bins[0]) === 'bin.cjs';
const scaffold = [values.a, values.b].map((d) => fs.existsSync(path.resolve(d, 'templates', 'images.json')));
if (scaffold[0] !== scaffold[1]) {
  console.error(USAGE);
  process.exit(2);
}
let outs = 0;
const fresh = () => path.join(work, `out-${outs++}`);
// bench/startup.mjs's one record, as a pre-commit hook names it.
const oneAdr = path.join(work, 'one', '0001-use-postgres.md');
fs.mkdirSync(path.dirname(oneAdr));
fs.writeFileSync(
  oneAdr,
  '# 1. Use PostgreSQL\n\nDate: 2026-01-05\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a relational store.\n\n' +
    '## Decision\n\nWe use PostgreSQL.\n\n## Consequences\n\nOperations learn one database.\n',
);
const cpuFile = path.join(work, 'cpu');
const preload = path.join(work, 'cpu.cjs');
fs.writeFileSync(
  preload,
  `process.on('exit', () => { const u = process.cpuUsage();
require('node:fs').writeFileSync(${JSON.stringify(cpuFile)}, String((u.user + u.system) / 1000)); });\n`,
);

const cases = { 'node -e 0': ['-e', '0'] };
for (const [label, bin] of [
  ['a', bins[0]],
  ['b', bins[1]],
]) {
  if (validator) {
    cases[`${label}: adr <one file>`] = [bin, 'adr', oneAdr];
    continue;
  }
  if (scaffold[0]) {
    cases[`${label}: scaffold (go)`] = [bin, 'svc', '--lang', 'go', '--yes', '--no-git'];
    continue;
  }
  // With the dialect memo (ADR 0023), as every run after a folder's first; and without it.
  cases[`${label}: new (dialect memo)`] = [bin, 'new', TITLE];
  cases[`${label}: new (dialect read)`] = [bin, 'new', TITLE, { DISTROLESS_ADR_DISABLE_DIALECT_CACHE: '1' }];
  cases[`${label}: new --template nygard`] = [bin, 'new', TITLE, '--template', 'nygard'];
}
const wall = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const cpu = Object.fromEntries(Object.keys(cases).map((k) => [k, 0]));
const counted = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const profile = path.join(work, 'callgrind.out');
try {
  for (let i = -2; i < runs + (values.instructions ? COUNTED_RUNS : 0); i++) {
    const counting = i >= runs;
    for (const [name, withEnv] of Object.entries(cases)) {
      const env = typeof withEnv.at(-1) === 'object' ? withEnv.at(-1) : {};
      const given = withEnv.filter((a) => typeof a === 'string');
      fs.rmSync(cpuFile, { force: true });
      // A scaffold writes into a new directory each run.
      const out = scaffold[0] && given[1] === 'svc' ? fresh() : undefined;
      const args = out ? [given[0], out, ...given.slice(2)] : given;
      const start = process.hrtime.bigint();
      const [file, argv] = counting
        ? underCallgrind(node, ['-r', preload, ...args], profile)
        : [node, ['-r', preload, ...args]];
      const r = spawnSync(file, argv, {
        cwd: validator ? work : repo,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, CI: '', NO_COLOR: '1', ...env },
      });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (r.status !== 0) throw new Error(`${name} failed (${r.status}): ${r.stderr}`);
      if (args[1] === 'new') clean(made, name);
      if (out) fs.rmSync(out, { recursive: true, force: true });
      if (counting) counted[name].push(instructionsOf(profile));
      if (i < 0 || counting) continue;
      wall[name].push(ms);
      cpu[name] += Number(fs.readFileSync(cpuFile, 'utf8'));
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
const what = validator ? 'one record' : scaffold[0] ? 'a scaffold' : `${RECORDS} records`;
const caCerts = `NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? 'set' : 'not set'} (see bench/startup.mjs)`;
console.log(`${runs} runs each, interleaved; ${what}; Node ${nodeVersion}; load ${os.loadavg()[0]}; ${caCerts}`);
console.log(`a: ${bins[0]}\nb: ${bins[1]}`);
const floorWall = median(wall['node -e 0']);
const floorCpu = cpu['node -e 0'] / runs;
const floorCount = median(counted['node -e 0']);
const countHead = values.instructions ? '  instructions  ratio' : '';
console.log(`${'command'.padEnd(32)} ${'median'.padStart(9)}  ratio   CPU mean  ratio${countHead}`);
for (const name of Object.keys(cases)) {
  const m = median(wall[name]);
  const c = cpu[name] / runs;
  const n = median(counted[name]);
  const count = values.instructions ? `  ${(n / 1e6).toFixed(1).padStart(10)}M  ${(n / floorCount).toFixed(3)}×` : '';
  console.log(
    `${name.padEnd(32)} ${m.toFixed(1).padStart(7)}ms  ${(m / floorWall).toFixed(2)}×  ${c.toFixed(2).padStart(7)}ms  ${(c / floorCpu).toFixed(2)}×${count}`,
  );
}
