#!/usr/bin/env node
// Two builds of distroless-adr side by side (say main's and a branch's `packages/adr/dist`, each
// copied to a folder of its own), `new` with and without the dialect read, next to `node -e 0`, on
// the same 200 records, interleaved so machine noise hits all alike. Each row: the median wall
// time and the mean CPU time (user + system) that the process itself reads from
// `process.cpuUsage()` at exit (a preload), exact where bench/startup.mjs's clock-tick CPU figure
// is good to 10 ms / runs: a gain of half a millisecond shows here at load 3.
//   node bench/startup-ab.mjs --a <dist folder> --b <dist folder> [--runs 40] [--node /path/to/node]
// Each build keeps its own compile-cache entries (keyed by path); two untimed runs warm them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { adrFixture, clean, median, RECORDS, TITLE } from './adr-fixture.mjs';

const USAGE =
  'usage: node bench/startup-ab.mjs --a <dist folder> --b <dist folder> (each with cli.cjs) [--runs 40] [--node <node>]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      a: { type: 'string' },
      b: { type: 'string' },
      runs: { type: 'string', default: '40' },
      node: { type: 'string', default: process.execPath },
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
const bins = [values.a, values.b].map((d) => d && path.resolve(d, 'cli.cjs'));
if (bins.some((b) => !b || !fs.existsSync(b))) {
  console.error(USAGE);
  process.exit(2);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs needs a whole number >= 1, got '${values.runs}'\n${USAGE}`);
  process.exit(2);
}
const node = values.node;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-startup-ab-'));
const repo = path.join(work, 'repo');
const made = adrFixture(repo);
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
  cases[`${label}: new (dialect read)`] = [bin, 'new', TITLE];
  cases[`${label}: new --template nygard`] = [bin, 'new', TITLE, '--template', 'nygard'];
}
const wall = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const cpu = Object.fromEntries(Object.keys(cases).map((k) => [k, 0]));
try {
  for (let i = -2; i < runs; i++) {
    for (const [name, args] of Object.entries(cases)) {
      fs.rmSync(cpuFile, { force: true });
      const start = process.hrtime.bigint();
      const r = spawnSync(node, ['-r', preload, ...args], {
        cwd: repo,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, CI: '', NO_COLOR: '1' },
      });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (r.status !== 0) throw new Error(`${name} failed (${r.status}): ${r.stderr}`);
      if (args[1] === 'new') clean(made, name);
      if (i < 0) continue;
      wall[name].push(ms);
      cpu[name] += Number(fs.readFileSync(cpuFile, 'utf8'));
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`${runs} runs each, interleaved; ${RECORDS} records; Node ${nodeVersion}; load ${os.loadavg()[0]}`);
console.log(`a: ${bins[0]}\nb: ${bins[1]}`);
const floorWall = median(wall['node -e 0']);
const floorCpu = cpu['node -e 0'] / runs;
console.log(`${'command'.padEnd(32)} ${'median'.padStart(9)}  ratio   CPU mean  ratio`);
for (const name of Object.keys(cases)) {
  const m = median(wall[name]);
  const c = cpu[name] / runs;
  console.log(
    `${name.padEnd(32)} ${m.toFixed(1).padStart(7)}ms  ${(m / floorWall).toFixed(2)}×  ${c.toFixed(2).padStart(7)}ms  ${(c / floorCpu).toFixed(2)}×`,
  );
}
