#!/usr/bin/env node
// Scaffold start-up benchmark: median wall time of a non-interactive scaffold next to `node -e 0`,
// measured in the same run, interleaved so machine noise hits both alike. As in the reference
// measurements (hyperfine --prepare 'rm -rf out'), every run writes a new directory and its output
// is removed, untimed, after it. Run by hand:
//   node bench/scaffold.mjs [runs=30] [lang=go]
// Target (issue 2): at most 1.5× the `node -e 0` floor.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = 'usage: node bench/scaffold.mjs [runs=30] [lang=go]';
const [runsArg = '30', lang = 'go', ...extra] = process.argv.slice(2);
if (runsArg === '--help' || runsArg === '-h') {
  console.log(USAGE);
  process.exit(0);
}
const runs = Number(runsArg);
if (!Number.isInteger(runs) || runs < 1 || extra.length > 0) {
  console.error(`${USAGE}\nruns must be a whole number of at least 1 (got ${[runsArg, lang, ...extra].join(' ')})`);
  process.exit(2);
}
const cli = fileURLToPath(new URL('../packages/create-distroless-service/dist/cli.cjs', import.meta.url));
if (!fs.existsSync(cli)) {
  console.error('build first: npx -y pnpm@10 run build');
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scaffold-'));

const cases = {
  'node -e 0': () => [process.execPath, ['-e', '0']],
  [`scaffold ${lang} (--yes --no-git)`]: (i) => [
    process.execPath,
    [cli, path.join(work, `svc-${i}`), '--lang', lang, '--yes', '--no-git'],
  ],
};

function time([cmd, args]) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: '' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = -3; i < runs; i++) {
  for (const [name, make] of Object.entries(cases)) {
    const ms = time(make(i + 3));
    if (i >= 0) samples[name].push(ms);
    // Remove the output now, untimed, so the next scaffold does not pay for its deletion.
    fs.rmSync(path.join(work, `svc-${i + 3}`), { recursive: true, force: true });
  }
}
fs.rmSync(work, { recursive: true, force: true });

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p10: q(0.1), p90: q(0.9) };
};
const floor = stats(samples['node -e 0']).median;
console.log(`${runs} runs each, interleaved, ${os.cpus().length} CPUs, Node ${process.version}`);
for (const [name, xs] of Object.entries(samples)) {
  const { median, p10, p90 } = stats(xs);
  console.log(
    `${name.padEnd(34)} median ${median.toFixed(1)} ms  (p10 ${p10.toFixed(1)}, p90 ${p90.toFixed(1)})  ${(median / floor).toFixed(2)}× floor`,
  );
}
