#!/usr/bin/env node
// Verdicts on a busy machine: `distroless-validate service --engine podman --pull never` run N times
// on a freshly generated Go, Node and Python service while two CPU-bound processes keep both cores
// busy, then on broken copies of them under the same load. A good service must pass every time (a
// failure is a false verdict, printed with its findings); each broken copy must fail with exactly
// its expected errors. The load processes end on their own after --load-minutes, and are stopped
// at the end, on Ctrl-C and on SIGTERM.
// Run by hand after `npx -y pnpm@10 run build`, with podman and the base images (or the offline
// stand-ins from .ci/containers/) present:
//   node bench/verify-under-load.mjs [--runs 20] [--fixture-runs 1] [--load 2] [--load-minutes 120] [--timeout 30] [lang...]
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const generator = path.join(root, 'packages/create-distroless-service/dist/cli.cjs');
const validator = path.join(root, 'packages/validator/dist/cli.js');
const OWNER_LABEL_KEY = 'distroless-validate.pid'; // as packages/validator/src/service/engines/container.ts

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '20' },
    'fixture-runs': { type: 'string', default: '1' },
    load: { type: 'string', default: '2' },
    'load-minutes': { type: 'string', default: '120' },
    timeout: { type: 'string', default: '30' },
  },
});
const RUNS = Number(values.runs);
const FIXTURE_RUNS = Number(values['fixture-runs']);
const LOAD = Number(values.load);
const LOAD_MS = Number(values['load-minutes']) * 60_000;
const langs = positionals.length ? positionals : ['go', 'node', 'python'];
for (const [name, n] of Object.entries({ RUNS, FIXTURE_RUNS, LOAD, LOAD_MS }))
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number (got ${n})`);
for (const file of [generator, validator])
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npx -y pnpm@10 run build first`);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-verify-load-'));

// --- load: N busy loops that end by themselves at the deadline or when this process is gone ------
const loadChildren = [];
function startLoad() {
  const deadline = Date.now() + LOAD_MS;
  const busy = `const parent = ${process.pid};
    const deadline = ${deadline};
    let x = 0;
    for (;;) {
      for (let i = 0; i < 5e6; i++) x = (x * 31 + i) | 0;
      if (Date.now() > deadline || process.ppid !== parent) process.exit(0);
    }`;
  for (let i = 0; i < LOAD; i++) {
    const child = spawn(process.execPath, ['-e', busy], { stdio: 'ignore' });
    loadChildren.push(child);
  }
}
function stopLoad() {
  for (const child of loadChildren) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

// --- the verifier, one CLI run at a time -----------------------------------------------------------
let current = null;
function verify(dir, timeout) {
  return new Promise((resolve) => {
    const started = Date.now();
    // Its own process group: Ctrl-C reaches only this script, which then ends the run in order.
    const child = spawn(
      process.execPath,
      [validator, 'service', dir, '--engine', 'podman', '--pull', 'never', '--format', 'json', '--grace', timeout],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    current = child;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      current = null;
      let report = null;
      try {
        report = JSON.parse(stdout);
      } catch {
        // Reported below with stderr.
      }
      resolve({ code, ms: Date.now() - started, report, stderr, pid: child.pid });
    });
  });
}

/** Removes whatever a verifier process left (it was interrupted): found by the pid label. */
function cleanupAfter(pid) {
  const mine = `label=${OWNER_LABEL_KEY}=${pid}`;
  const list = (args) =>
    execFileSync('podman', [...args, '--filter', mine], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  for (const c of list(['ps', '-a', '-q'])) execFileSync('podman', ['rm', '-f', c], { stdio: 'ignore' });
  for (const i of list(['images', '-q'])) execFileSync('podman', ['rmi', '-f', i], { stdio: 'ignore' });
}

let stopping = false;
function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  stopLoad();
  const child = current;
  if (child) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    try {
      cleanupAfter(child.pid);
    } catch (error) {
      console.error(`could not clean up after the interrupted run: ${error.message}`);
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
  console.error(`\nstopped by ${signal}; load processes stopped`);
  process.exit(130);
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('exit', stopLoad);

// --- services and broken copies --------------------------------------------------------------------
function generate(lang) {
  const dir = path.join(work, `svc-${lang}`);
  execFileSync(process.execPath, [generator, dir, '--lang', lang, '--yes', '--no-git'], { stdio: 'ignore' });
  return dir;
}

/** Replaces exactly one match in a file; fails loudly when the template changed. */
function edit(dir, file, from, to) {
  const p = path.join(dir, file);
  const text = fs.readFileSync(p, 'utf8');
  const re = typeof from === 'string' ? null : new RegExp(from.source, `${from.flags.replace('g', '')}g`);
  const count = re ? (text.match(re) ?? []).length : text.split(from).length - 1;
  if (count !== 1) throw new Error(`${file}: expected one match of ${String(from)}, found ${count}`);
  fs.writeFileSync(p, text.replace(from, to));
}

// Each broken copy: what breaks, and the exact error ids (static and runtime) it must fail with,
// with a pattern the decisive finding's message must match. The service's own tests would catch
// some of these at build time, so those copies also drop them from the builder.
const FIXTURES = [
  {
    name: 'python: no SIGTERM handler (PID 1 ignores it → 137)',
    lang: 'python',
    timeout: '10',
    mutate: (d) => {
      edit(d, 'app/server.py', 'for sig in (signal.SIGTERM, signal.SIGINT)}', 'for sig in (signal.SIGINT,)}');
      edit(d, 'Dockerfile', /^RUN venv\/bin\/python -m unittest.*\n/m, '');
    },
    errors: ['drain-exit', 'drain-readiness'],
    expect: ['drain-exit', /was killed \(exit 137\)/],
  },
  {
    name: 'python: /readyz never 503',
    lang: 'python',
    timeout: '10',
    mutate: (d) => {
      edit(
        d,
        'app/server.py',
        'if state.draining:\n            return _json(503',
        'if False:\n            return _json(503',
      );
      edit(d, 'Dockerfile', /^RUN venv\/bin\/python -m unittest.*\n/m, '');
    },
    errors: ['drain-readiness'],
    expect: ['drain-readiness', /^after SIGTERM was delivered, \/readyz kept answering 200/],
  },
  {
    name: 'node: no SIGTERM handler (PID 1 ignores it → 137)',
    lang: 'node',
    timeout: '10',
    mutate: (d) => {
      edit(d, 'src/server.ts', "['SIGTERM', 'SIGINT'] as const", "['SIGINT'] as const");
      edit(d, 'Dockerfile', 'RUN npm run build && npm test', 'RUN npm run build');
    },
    errors: ['drain-exit', 'drain-readiness'],
    expect: ['drain-exit', /was killed \(exit 137\)/],
  },
  {
    name: 'node: /readyz never 503',
    lang: 'node',
    timeout: '10',
    mutate: (d) => {
      edit(d, 'src/service.ts', 'return ready && !server.draining', 'return ready');
      edit(d, 'Dockerfile', 'RUN npm run build && npm test', 'RUN npm run build');
    },
    errors: ['drain-readiness'],
    expect: ['drain-readiness', /^after SIGTERM was delivered, \/readyz kept answering 200/],
  },
  {
    // Go's runtime handles SIGTERM itself when nothing is registered: it dies at once (143 here),
    // cutting off the request in flight, with no 503 phase.
    name: 'go: no SIGTERM handler (dies at once, request cut off)',
    lang: 'go',
    timeout: '10',
    mutate: (d) => {
      edit(d, 'main.go', 'signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)', 'signal.Notify(sigs, os.Interrupt)');
      edit(d, 'Dockerfile', 'go vet ./... && go test ./... \\\n && ', '');
    },
    errors: ['drain-exit', 'drain-in-flight', 'drain-readiness'],
    expect: ['drain-exit', /exited with code (143|2) after SIGTERM/],
  },
  {
    name: 'go: /readyz never 503',
    lang: 'go',
    timeout: '10',
    mutate: (d) => {
      edit(
        d,
        'server.go',
        /if s\.draining\.Load\(\) \{\n(\s+writeJSON\(w, http\.StatusServiceUnavailable)/,
        'if false {\n$1',
      );
      edit(d, 'Dockerfile', 'go vet ./... && go test ./... \\\n && ', '');
    },
    errors: ['drain-readiness'],
    expect: ['drain-readiness', /^after SIGTERM was delivered, \/readyz kept answering 200/],
  },
  {
    name: 'python: shell-form ENTRYPOINT (cannot start without a shell)',
    lang: 'python',
    timeout: '10',
    mutate: (d) =>
      edit(d, 'Dockerfile', 'ENTRYPOINT ["/usr/bin/python3", "-m", "app"]', 'ENTRYPOINT /usr/bin/python3 -m app'),
    errors: ['dockerfile-exec-form', 'image-entrypoint', 'start'],
    expect: ['start', /sh/],
  },
  {
    name: 'python: RUN in the final stage (no shell to run it)',
    lang: 'python',
    timeout: '10',
    mutate: (d) => edit(d, 'Dockerfile', 'USER 65532:65532', 'RUN mkdir -p /app/cache\nUSER 65532:65532'),
    errors: ['build', 'dockerfile-final-run'],
    expect: ['build', /build failed/],
  },
  {
    name: 'python: USER root',
    lang: 'python',
    timeout: '10',
    mutate: (d) => edit(d, 'Dockerfile', 'USER 65532:65532', 'USER 0'),
    errors: ['dockerfile-user', 'image-user'],
    expect: ['image-user', /runs as user "0"/],
  },
];

// --- run -------------------------------------------------------------------------------------------
const errorsOf = (report) =>
  (report?.findings ?? [])
    .filter((f) => f.severity === 'error')
    .map((f) => f.ruleId)
    .sort();
const RUNTIME = /^(build|start|image-|go-static-binary|probe-|drain-)/;
const firstLine = (f) => `${f.ruleId} ${f.file}:${f.line}: ${f.message.split('\n')[0]}`;
const stats = (ms) => {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return s.length ? { min: s[0], median: q(0.5), max: s[s.length - 1] } : { min: NaN, median: NaN, max: NaN };
};
const secs = (ms) => (Number.isNaN(ms) ? '-' : (ms / 1000).toFixed(1));

const services = Object.fromEntries(langs.map((lang) => [lang, generate(lang)]));
// Two unloaded runs per language first: the first warms the build cache (so every later run builds
// the same way), the second is the baseline the loaded runs are compared with.
const baseline = {};
for (const lang of langs) {
  for (const label of ['warm-up', 'baseline']) {
    const r = await verify(services[lang], values.timeout);
    baseline[lang] = r.ms;
    console.log(
      `${lang}: unloaded ${label} run ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`} in ${secs(r.ms)} s`,
    );
    if (r.code !== 0)
      for (const f of r.report?.findings ?? []) if (f.severity === 'error') console.log(`  ${firstLine(f)}`);
  }
}

startLoad();
console.log(
  `load: ${LOAD} busy processes on ${os.cpus().length} cores (end by ${new Date(Date.now() + LOAD_MS).toISOString()} at the latest)`,
);
const rows = [];
const falseFailures = [];
for (const lang of langs) {
  const ms = [];
  const drainMs = [];
  const deliveryMs = [];
  const dropMs = [];
  let passes = 0;
  let failures = 0;
  let cannotRun = 0;
  for (let i = 1; i <= RUNS; i++) {
    const r = await verify(services[lang], values.timeout);
    ms.push(r.ms);
    const drainStep = r.report?.steps?.find((s) => s.name.startsWith('drain'));
    const delivered = /delivered in (\d+) ms/.exec(drainStep?.detail ?? '')?.[1];
    if (drainStep) drainMs.push(drainStep.ms);
    if (delivered) deliveryMs.push(Number(delivered));
    const dropped = /\/readyz 503 after (\d+) ms/.exec(drainStep?.detail ?? '')?.[1];
    if (dropped) dropMs.push(Number(dropped));
    if (r.code === 0) passes++;
    else {
      if (r.code === 2) cannotRun++;
      else failures++;
      const findings = (r.report?.findings ?? []).filter((f) => f.severity === 'error').map(firstLine);
      falseFailures.push({ lang, run: i, code: r.code, findings, stderr: r.stderr.trim().split('\n').slice(-3) });
    }
    process.stdout.write(`${lang} ${i}/${RUNS}: ${r.code === 0 ? 'pass' : `FAIL (exit ${r.code})`} ${secs(r.ms)} s\n`);
  }
  const t = stats(ms);
  const d = stats(deliveryMs);
  rows.push({
    lang,
    runs: RUNS,
    passes,
    'false failures': failures,
    'could not run': cannotRun,
    'verify min/median/max (s)': `${secs(t.min)} / ${secs(t.median)} / ${secs(t.max)}`,
    'unloaded baseline (s)': secs(baseline[lang]),
    'median / baseline': (t.median / baseline[lang]).toFixed(2),
    'drain step median (s)': secs(stats(drainMs).median),
    'SIGTERM delivery min/median/max (ms)': `${d.min} / ${d.median} / ${d.max}`,
    '/readyz 503 after delivery median/max (ms)': `${stats(dropMs).median} / ${stats(dropMs).max}`,
  });
}

const fixtureRows = [];
for (const fixture of FIXTURES.filter((f) => langs.includes(f.lang))) {
  const dir = path.join(work, `broken-${fixtureRows.length + 1}-${fixture.lang}`);
  fs.cpSync(services[fixture.lang], dir, { recursive: true });
  fixture.mutate(dir);
  let caught = 0;
  const problems = [];
  for (let i = 0; i < FIXTURE_RUNS; i++) {
    const r = await verify(dir, fixture.timeout);
    const errors = errorsOf(r.report);
    const [id, pattern] = fixture.expect;
    const decisive = r.report?.findings?.find((f) => f.ruleId === id);
    const ok =
      r.code === 1 &&
      JSON.stringify(errors) === JSON.stringify(fixture.errors) &&
      decisive !== undefined &&
      pattern.test(decisive.message) &&
      // Runtime findings point at a line a user can open.
      r.report.findings.every((f) => !RUNTIME.test(f.ruleId) || f.line > 0);
    if (ok) caught++;
    else {
      problems.push(`exit ${r.code}, errors [${errors.join(', ')}]`);
      // Why, in full: a build that failed for another reason than the fixture's is not a verdict on it.
      for (const f of r.report?.findings ?? [])
        if (f.severity === 'error') console.log(`  ${f.ruleId} ${f.file}:${f.line}: ${f.message}`);
      if (r.report?.error) console.log(`  could not run: ${r.report.error}`);
    }
    process.stdout.write(`${fixture.name}: ${ok ? 'caught' : 'NOT as expected'} ${secs(r.ms)} s\n`);
    if (ok && i === 0) console.log(`  ${firstLine(decisive)}`);
  }
  fixtureRows.push({
    fixture: fixture.name,
    expected: fixture.errors.join(', '),
    'caught / runs': `${caught} / ${FIXTURE_RUNS}`,
    problems: problems.join(' | ') || '-',
  });
}

stopLoad();
fs.rmSync(work, { recursive: true, force: true });
console.log(
  `\nservice verify --engine podman --pull never --grace ${values.timeout}, ${RUNS} runs per language under ${LOAD} CPU-bound processes`,
);
console.table(rows);
for (const f of falseFailures)
  console.log(`FALSE FAILURE ${f.lang} run ${f.run} (exit ${f.code}):\n  ${[...f.findings, ...f.stderr].join('\n  ')}`);
console.log(`\nbroken copies under the same load (${FIXTURE_RUNS} run(s) each)`);
console.table(fixtureRows);
const totalFalse = falseFailures.length;
const missed = fixtureRows.filter((r) => !r['caught / runs'].startsWith(`${FIXTURE_RUNS} /`)).length;
console.log(
  `\n${totalFalse} false failure(s) in ${RUNS * langs.length} runs; ${fixtureRows.length - missed}/${fixtureRows.length} broken copies caught every time`,
);
process.exitCode = totalFalse === 0 && missed === 0 ? 0 : 1;
