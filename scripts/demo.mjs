#!/usr/bin/env node
// The main job, end to end: scaffold a demo service with the built CLI, then verify it with the
// validator's native engine — its Dockerfile and chart checked, built and unit-tested with the
// host toolchain, run, probes answered, and SIGTERM with a request in flight turning /readyz to
// 503, letting the request finish and exiting 0.
// The native engine runs a service's code in a bubblewrap sandbox. Where bwrap is missing or cannot
// start (a minimal system, a container without user namespaces), the demo verifies the service it
// has just generated — code it trusts — without the sandbox (the validator's `sandbox: false`), and
// says so; it never does that for anything else.
// Usage: node scripts/demo.mjs [node|go|python] [dir]   (default: node, a fresh temporary directory)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandboxProblem, verifyService } from '../packages/validator/dist/service/index.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const lang = process.argv[2] ?? 'node';
if (!['node', 'go', 'python'].includes(lang)) {
  console.error(`unknown language ${lang}: use node, go or python`);
  process.exit(2);
}
const dir = path.resolve(
  process.argv[3] ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'distroless-demo-')), 'demo-service'),
);

console.log(`▶ Scaffolding a ${lang} service into ${dir}`);
execFileSync(
  process.execPath,
  [
    path.join(root, 'packages/create-distroless-service/dist/cli.cjs'),
    dir,
    '--lang',
    lang,
    '--name',
    'demo-service',
    '--description',
    'Demo service from the distroless-service quick start',
    '--owner',
    '@acme/platform',
    '--no-git',
  ],
  { stdio: 'inherit' },
);

console.log('\n▶ Verifying it: static checks, build and unit tests, run, probes, SIGTERM drain');
const problem = await sandboxProblem();
if (problem)
  console.log(
    `  ! The sandbox cannot run here: ${problem}.\n` +
      "    This service was generated a moment ago from the repository's own templates, so the demo\n" +
      '    verifies it without the sandbox (validator option sandbox: false, CLI --no-sandbox), as you.',
  );
const result = await verifyService(dir, {
  engine: 'native',
  timeoutSeconds: 20,
  sandbox: !problem,
  onNotice: (message) => console.log(message.replace(/^/gm, '  ')),
  onStep: (s) => console.log(`  ${s.ok ? '✔' : '✘'} ${s.name}${s.detail ? `: ${s.detail}` : ''} (${s.ms} ms)`),
});
for (const f of result.findings)
  console.log(`  ${f.severity === 'error' ? '✘' : '!'} ${f.ruleId}: ${f.message.split('\n')[0]}`);
console.log(
  result.ok
    ? `\nDemo passed: ${dir} is a working ${lang} service. Next: cd ${dir} && docker build -t demo-service .`
    : '\nDemo FAILED',
);
process.exit(result.ok ? 0 : 1);
