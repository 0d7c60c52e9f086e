#!/usr/bin/env node
// Service verification figures per language, container mode (podman or docker with the base images
// present, e.g. the offline stand-ins from .ci/containers/):
//   verify wall time on a fresh service (cold build cache) and again (warm), image size next to its
//   distroless base (ratio), start-to-ready, SIGTERM-to-exit, idle RSS.
// Run by hand after `npx -y pnpm@10 run build`:  node bench/service-verify.mjs [engine=podman] [lang...]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyService } from '../packages/validator/dist/service/index.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [engine = 'podman', ...langs] = process.argv.slice(2);
const images = JSON.parse(fs.readFileSync(path.join(root, 'templates/images.json'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-verify-'));
const rows = [];

for (const lang of langs.length ? langs : ['go', 'node', 'python']) {
  const dir = path.join(work, `bench-${lang}`);
  execFileSync(process.execPath, [
    path.join(root, 'packages/create-distroless-service/dist/cli.cjs'),
    dir,
    '--lang',
    lang,
    '--yes',
    '--no-git',
  ]);
  const run = async (keep) => {
    const started = Date.now();
    const r = await verifyService(dir, { engine, pull: 'never', keep });
    if (!r.ok) throw new Error(`${lang}: verification failed: ${JSON.stringify(r.findings, null, 2)}`);
    return { ms: Date.now() - started, steps: Object.fromEntries(r.steps.map((s) => [s.name.split(' ')[0], s])) };
  };
  const cold = await run(true); // keep the layers so the second run has a warm build cache
  const warm = await run(false);
  const size = Number(/([\d.]+) MB/.exec(warm.steps.image.detail)[1]);
  const base = images[lang].distroless.runtime;
  const baseSize =
    Number(execFileSync(engine, ['image', 'inspect', base, '--format', '{{.Size}}'], { encoding: 'utf8' })) / 1e6;
  rows.push({
    lang,
    'verify cold (s)': (cold.ms / 1000).toFixed(1),
    'verify warm (s)': (warm.ms / 1000).toFixed(1),
    'image (MB)': size.toFixed(1),
    'base (MB)': baseSize.toFixed(1),
    'image/base': (size / baseSize).toFixed(2),
    'start→ready (ms)': warm.steps.ready.ms,
    'SIGTERM→exit (ms)': /(\d+) ms after SIGTERM/.exec(warm.steps.drain.detail)[1],
    'idle RSS': warm.steps.idle?.detail ?? 'n/a',
  });
}
// The cold runs kept their containers and images (for the warm runs' build cache): remove them.
const ours = (args) =>
  execFileSync(engine, args, { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes('distroless-validate'));
for (const c of ours(['ps', '-a', '--format', '{{.Names}}']))
  execFileSync(engine, ['rm', '-f', c], { stdio: 'ignore' });
for (const i of ours(['images', '--format', '{{.Repository}}:{{.Tag}}']))
  execFileSync(engine, ['rmi', '-f', i], { stdio: 'ignore' });
execFileSync(engine, ['image', 'prune', '-f'], { stdio: 'ignore' });
fs.rmSync(work, { recursive: true, force: true });
console.log(
  `engine ${engine}; SIGTERM→exit includes the 2 s SHUTDOWN_DELAY_SECONDS the verifier sets, plus a 3.5 s request in flight`,
);
console.table(rows);
