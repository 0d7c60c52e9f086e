#!/usr/bin/env node
// The main job, end to end: scaffold a demo service with the built CLI, build and test it with the
// host toolchain, run it, and prove it behaves as Kubernetes expects: probes answered, and SIGTERM
// with a request in flight turns /readyz to 503, lets the request finish and exits 0.
// Usage: node scripts/demo.mjs [node|go|python] [dir]   (default: node, a fresh temporary directory)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drain, freePort, waitReady } from '../packages/validator/dist/service/index.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const lang = process.argv[2] ?? 'node';
const dir = path.resolve(process.argv[3] ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'distroless-demo-')), 'demo-service'));
const say = (msg) => console.log(`\n▶ ${msg}`);
const run = (cmd, args, cwd = dir) => execFileSync(cmd, args, { cwd, stdio: 'inherit' });

const commands = {
  node: { build: [['npm', ['ci', '--no-audit', '--no-fund']], ['npm', ['run', 'build']], ['npm', ['test']]], start: [process.execPath, ['dist/server.js']] },
  go: { build: [['go', ['vet', './...']], ['go', ['test', './...']], ['go', ['build', '-o', 'service', '.']]], start: ['./service', []] },
  python: { build: [['python3', ['-m', 'unittest', 'discover', '-s', 'tests']]], start: ['python3', ['-m', 'app']] },
}[lang];
if (!commands) {
  console.error(`unknown language ${lang}: use node, go or python`);
  process.exit(2);
}

say(`Scaffolding a ${lang} service into ${dir}`);
run(process.execPath, [path.join(root, 'packages/create-distroless-service/dist/cli.cjs'), dir, '--lang', lang, '--name', 'demo-service',
  '--description', 'Demo service from the distroless-service quick start', '--owner', '@acme/platform', '--no-git'], root);

say('Building it and running its own unit tests');
for (const [cmd, args] of commands.build) run(cmd, args);

const port = await freePort();
say(`Starting it on port ${port} (SHUTDOWN_DELAY_SECONDS=1, SHUTDOWN_TIMEOUT_SECONDS=10)`);
const [cmd, args] = commands.start;
const child = spawn(cmd, args, {
  cwd: dir,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, PORT: String(port), SHUTDOWN_DELAY_SECONDS: '1', SHUTDOWN_TIMEOUT_SECONDS: '10', DEBUG_ENDPOINTS: 'true' },
});
child.stdout.on('data', (d) => process.stdout.write(`  service │ ${d.toString().trimEnd().replace(/\n/g, '\n  service │ ')}\n`));
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
const target = { port, exited, stop: () => void child.kill('SIGTERM') };

let failed = false;
const check = (ok, label) => {
  console.log(`  ${ok ? '✔' : '✘'} ${label}`);
  failed ||= !ok;
};
try {
  const readyMs = await waitReady(target, 20_000);
  check(true, `ready: /readyz answered 200 after ${readyMs} ms`);
  say('Stopping it with SIGTERM while a 2.5 s request is in flight');
  const r = await drain(target, { slowMs: 2500, graceMs: 11_000 });
  check(r.healthBefore === 200, `/healthz answered ${r.healthBefore}`);
  check(r.readyBefore === 200, `/readyz answered ${r.readyBefore} before SIGTERM`);
  check(r.readyWhileDraining === 503, `/readyz answered ${r.readyWhileDraining} while draining`);
  check(r.slowStatus === 200, `the in-flight request completed with ${r.slowStatus ?? r.slowError}`);
  check(r.exit.code === 0, `the process exited with code ${r.exit.code}${r.exit.signal ? ` (signal ${r.exit.signal})` : ''}, ${r.stopToExitMs} ms after SIGTERM`);
  check(r.refusedAfterExit, 'new connections are refused after exit');
} catch (error) {
  check(false, error.message);
} finally {
  child.kill('SIGKILL');
}
console.log(failed ? '\nDemo FAILED' : `\nDemo passed: ${dir} is a working ${lang} service. Next: cd ${dir} && docker build -t demo-service .`);
process.exit(failed ? 1 : 0);
