#!/usr/bin/env node
// `distroless-adr new` end to end (process start to file written) next to `node -e 0`, and next to
// adr-tools' `adr new`, on the same folder of 200 records, interleaved in one run so machine noise
// hits all alike. Each run's new record is removed, untimed, so every run sees 200 records.
//   node bench/adr-new.mjs [runs=20]
// Target (issues 8 and 15): `new` at most 1.5x `node -e 0`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { adrFixture, clean, median, RECORDS, TITLE } from './adr-fixture.mjs';

const USAGE = 'usage: node bench/adr-new.mjs [runs=20]';
const [runsArg = '20', ...extra] = process.argv.slice(2);
if (runsArg === '--help' || runsArg === '-h') {
  console.log(USAGE);
  process.exit(0);
}
const runs = Number(runsArg);
if (!Number.isInteger(runs) || runs < 1 || extra.length > 0) {
  console.error(`${USAGE}\nruns must be a whole number of at least 1 (got ${[runsArg, ...extra].join(' ')})`);
  process.exit(2);
}
const cli = fileURLToPath(new URL('../packages/adr/dist/cli.cjs', import.meta.url));
if (!fs.existsSync(cli)) {
  console.error('build first: npx -y pnpm@10 run build');
  process.exit(2);
}
const adrTools = spawnSync('sh', ['-c', 'command -v adr'], { encoding: 'utf8' }).stdout.trim();
if (!adrTools) console.warn('adr-tools is not installed (.ci/install-adr-tools.sh): its row is skipped');

// Both tools get their own copy so neither sees the other's output.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-adr-new-'));
const ours = path.join(work, 'ours');
const theirs = path.join(work, 'theirs');
const made = { [ours]: adrFixture(ours), [theirs]: adrFixture(theirs) };
// The memo keeps no verdict on a record changed in the last 2 s (file times are coarse): let the
// fixture settle, as a folder of older records is.
await new Promise((resolve) => setTimeout(resolve, 2500));

const env = { ...process.env, CI: '', VISUAL: 'true', EDITOR: 'true' };
const cases = {
  'node -e 0': { cmd: [process.execPath, ['-e', '0']], cwd: work },
  // Every run after a folder's first: the newest record's verdict from the dialect memo (ADR 0023).
  'distroless-adr new (dialect from the memo)': {
    cmd: [process.execPath, [cli, 'new', TITLE]],
    cwd: ours,
    out: ours,
  },
  // A folder's first run: the newest record read with the validator's parser.
  'distroless-adr new (dialect read from the records)': {
    cmd: [process.execPath, [cli, 'new', TITLE]],
    cwd: ours,
    out: ours,
    env: { DISTROLESS_ADR_DISABLE_DIALECT_CACHE: '1' },
  },
  'distroless-adr new --template nygard': {
    cmd: [process.execPath, [cli, 'new', TITLE, '--template', 'nygard']],
    cwd: ours,
    out: ours,
  },
  ...(adrTools ? { 'adr-tools adr new': { cmd: [adrTools, ['new', TITLE]], cwd: theirs, out: theirs } } : {}),
};

function time({ cmd: [cmd, args], cwd, out, env: own = {} }) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env: { ...env, ...own }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  if (out) clean(made[out], `${cmd} ${args.join(' ')}`);
  return ms;
}

const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = -3; i < runs; i++) {
  for (const [name, c] of Object.entries(cases)) {
    const ms = time(c);
    if (i >= 0) samples[name].push(ms);
  }
}
fs.rmSync(work, { recursive: true, force: true });

const p = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const floor = median(samples['node -e 0']);
const peer = adrTools ? median(samples['adr-tools adr new']) : null;
console.log(
  `${runs} runs each, interleaved, ${RECORDS} records, ${os.cpus().length} CPUs, Node ${process.version}, load ${os.loadavg()[0]}`,
);
for (const [name, xs] of Object.entries(samples)) {
  const m = median(xs);
  const vsPeer = peer && name.startsWith('distroless-adr') ? `  ${(m / peer).toFixed(2)}x adr-tools` : '';
  console.log(
    `${name.padEnd(52)} median ${m.toFixed(1)} ms  (p10 ${p(xs, 0.1).toFixed(1)}, p90 ${p(xs, 0.9).toFixed(1)})  ${(m / floor).toFixed(2)}x node -e 0${vsPeer}`,
  );
}
