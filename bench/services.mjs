#!/usr/bin/env node
// The generated services side by side, in one run, on this machine:
//  - with podman (skipped with its reason when absent): cold build (--no-cache), warm rebuild
//    (nothing changed), incremental rebuild after a one-line source change, image size next to the
//    runtime base, start to ready of the container. Podman 4.3 (buildah 1.28) reuses the layers of
//    a --no-cache build only up to the first COPY of a folder, so the build right after the cold
//    one runs the rest again ("after --no-cache"), and the warm build is the one after that;
//  - natively (the validator's native engine, PID 1 in a PID namespace where possible): requests/s
//    and p99 on GET /healthz with autocannon, peak RSS under that load, and the slow-client drain;
//  - the drain runs of bench/drain-load.mjs (its load model, ADR 0015): SIGTERM under steady load,
//    repeated N times per client, the service native and unsandboxed.
// Python is also measured as the http.server template it replaced (the templates/python tree before
// the uvicorn commit), as the baseline in the same run.
//
// Run by hand after `npx -y pnpm@10 run build`:
//   node bench/services.mjs [--runs 20] [--rate 400] [--drain-connections 8] [--clients agent,autocannon]
//     [--duration 10] [--connections 100] [--no-podman] [lang...]
// langs: go node node-fastify python python-http.server (default: all)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { checkStatic, freePort, get, sleep, waitReady } from '../packages/validator/dist/service/index.js';
import { nativeEngine } from '../packages/validator/dist/service/engines/native.js';
import { buildUnsandboxed, describeModel, drainRuns } from './drain-load.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '20' },
    rate: { type: 'string', default: '400' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    'drain-connections': { type: 'string', default: '8' },
    clients: { type: 'string', default: 'agent,autocannon' },
    'no-podman': { type: 'boolean', default: false },
  },
});
const DURATION = Number(opts.duration);
const CONNECTIONS = Number(opts.connections);
const DRAIN = {
  runs: Number(opts.runs),
  rate: Number(opts.rate),
  connections: Number(opts['drain-connections']),
  clients: opts.clients.split(','),
};
const langs = positionals.length ? positionals : ['go', 'node', 'node-fastify', 'python', 'python-http.server'];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-services-'));
const cli = path.join(root, 'packages/create-distroless-service/dist/cli.cjs');

function podmanReason() {
  if (opts['no-podman']) return '--no-podman';
  const r = spawnSync('podman', ['info', '--format', '{{.Host.OCIRuntime.Name}}'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'podman not usable here';
}
const podmanSkip = podmanReason();

/** The service folder for a language; python-http.server is the template before the uvicorn commit. */
function generate(lang) {
  const dir = path.join(work, lang);
  if (lang !== 'python-http.server') {
    // node-fastify: the Node service with --framework fastify.
    const flags = lang === 'node-fastify' ? ['--lang', 'node', '--framework', 'fastify'] : ['--lang', lang];
    execFileSync(process.execPath, [cli, dir, ...flags, '--yes', '--no-git', '--name', `bench-${lang}`]);
    return dir;
  }
  execFileSync(process.execPath, [cli, dir, '--lang', 'python', '--yes', '--no-git', '--name', 'bench-python-old']);
  const removed = execFileSync(
    'git',
    ['log', '-1', '--format=%H', '-S', 'ThreadingHTTPServer', '--', 'templates/python/app/server.py'],
    { cwd: root, encoding: 'utf8' },
  ).trim();
  const old = path.join(work, 'old-template');
  fs.mkdirSync(old, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${removed}^ templates/python | tar -x -C "${old}"`], { cwd: root });
  const src = path.join(old, 'templates/python');
  for (const f of ['requirements.in', 'requirements.txt']) fs.rmSync(path.join(dir, f), { force: true });
  fs.rmSync(path.join(dir, 'app'), { recursive: true });
  fs.rmSync(path.join(dir, 'tests'), { recursive: true });
  fs.cpSync(path.join(src, 'app'), path.join(dir, 'app'), { recursive: true });
  fs.cpSync(path.join(src, 'tests'), path.join(dir, 'tests'), { recursive: true });
  const meta = path.join(dir, 'app/meta.py.hbs');
  fs.writeFileSync(
    path.join(dir, 'app/meta.py'),
    fs
      .readFileSync(meta, 'utf8')
      .replace(/\{\{json name\}\}/, '"bench-python-old"')
      .replace(/\{\{json description\}\}/, '"old"')
      .replace(/\{\{json owner\}\}/, '"bench"')
      .replace(/\{\{port\}\}/, '8080')
      .replace(/\{\{[^}]*\}\}/g, ''),
  );
  fs.rmSync(meta);
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    fs
      .readFileSync(path.join(src, 'Dockerfile.hbs'), 'utf8')
      .replace(/\{\{images\.builder\}\}/g, 'python:3.13-slim-trixie')
      .replace(/\{\{images\.runtime\}\}/g, 'gcr.io/distroless/python3-debian13:nonroot')
      .replace(/\{\{port\}\}/g, '8080'),
  );
  return dir;
}

/** The final stage's base image. */
const runtimeBase = (dir) =>
  [...fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8').matchAll(/^FROM\s+(\S+)/gm)].pop()[1];

function timed(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

// Every image this run built (the tag moves with each rebuild): removed at the end, nothing else.
const built = new Set();

function podmanBuild(dir, tag, extra = []) {
  const r = spawnSync('podman', ['build', '-q', '--pull=never', ...extra, '-t', tag, dir], {
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  if (r.status !== 0) throw new Error(`podman build ${dir} failed: ${r.error ?? ''}\n${String(r.stderr).slice(-2000)}`);
  const id = r.stdout.trim().split('\n').pop();
  if (id) built.add(id);
}

function removeBuilt() {
  // Newest first, so that an image goes before the one it was built on; -i: already gone is fine.
  for (const id of [...built].reverse()) spawnSync('podman', ['rmi', '-i', id], { stdio: 'ignore' });
  built.clear();
}

const size = (ref) =>
  Number(execFileSync('podman', ['image', 'inspect', '--format', '{{.Size}}', ref], { encoding: 'utf8' }).trim());
const mb = (bytes) => (bytes / 1e6).toFixed(1);

/** A one-line change in the service's own code (a comment), as a developer's edit. */
function touchSource(dir, lang) {
  const file = {
    go: 'server.go',
    node: 'src/service.ts',
    'node-fastify': 'src/service.ts',
    python: 'app/server.py',
    'python-http.server': 'app/server.py',
  }[lang];
  const comment = lang.startsWith('node') || lang === 'go' ? '// edited\n' : '# edited\n';
  fs.appendFileSync(path.join(dir, file), comment);
}

async function containerFigures(lang, dir) {
  if (podmanSkip) return { skipped: podmanSkip };
  const tag = `localhost/bench-services-${lang.replace(/\W/g, '-')}:latest`;
  const cold = timed(() => podmanBuild(dir, tag, ['--no-cache']));
  const afterNoCache = timed(() => podmanBuild(dir, tag));
  const warm = timed(() => podmanBuild(dir, tag));
  touchSource(dir, lang);
  const incremental = timed(() => podmanBuild(dir, tag));
  const base = runtimeBase(dir);
  const port = await freePort();
  const started = Date.now();
  const id = execFileSync(
    'podman',
    [
      'run',
      '-d',
      '--rm',
      '--read-only',
      '--user',
      '65532:65532',
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      '-e',
      `PORT=${port}`,
      '-p',
      `127.0.0.1:${port}:${port}`,
      tag,
    ],
    { encoding: 'utf8' },
  ).trim();
  let ready;
  try {
    await waitReady({ port, exited: new Promise(() => {}), stop: () => {} }, 60_000);
    ready = Date.now() - started;
  } finally {
    spawnSync('podman', ['rm', '-f', '-t', '0', id]);
  }
  return {
    'cold build (s)': cold.toFixed(1),
    'after --no-cache (s)': afterNoCache.toFixed(1),
    'warm build (s)': warm.toFixed(1),
    'one-line rebuild (s)': incremental.toFixed(1),
    'image (MB)': mb(size(tag)),
    'base (MB)': `${mb(size(base))} ${base}`,
    'container start→ready (ms)': ready,
  };
}

/** Load on /healthz: requests/s, p99, failures, peak RSS of the service. */
async function loadFigures(svc) {
  let peak = 0;
  const sampler = setInterval(async () => {
    const rss = await svc.rss().catch(() => null);
    if (rss && rss > peak) peak = rss;
  }, 200);
  const result = await autocannon({
    url: `http://127.0.0.1:${svc.port}/healthz`,
    connections: CONNECTIONS,
    duration: DURATION,
  });
  clearInterval(sampler);
  return {
    'req/s': Math.round(result.requests.average),
    'p99 (ms)': result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    'peak RSS (MB)': mb(peak),
  };
}

/** One client trickling header bytes, one idle keep-alive connection, one slow request: SIGTERM. */
async function slowClient(engine) {
  const port = await freePort();
  const svc = await engine.start({
    hostPort: port,
    servicePort: port,
    graceSeconds: 30,
    env: { SHUTDOWN_DELAY_SECONDS: '1', SHUTDOWN_TIMEOUT_SECONDS: '20', DEBUG_ENDPOINTS: 'true' },
  });
  await waitReady(svc, 30_000);
  const idle = net.connect(port, '127.0.0.1');
  const trickle = net.connect(port, '127.0.0.1');
  for (const s of [idle, trickle]) s.on('error', () => {});
  let i = 0;
  const header = 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(200);
  const dribble = setInterval(() => trickle.writable && trickle.write(header[i++ % header.length]), 1000);
  const slow = get(port, '/debug/slow?ms=2000', { timeoutMs: 30_000 }).then(
    (r) => r.status,
    (e) => e.message,
  );
  await sleep(300);
  const t = Date.now();
  svc.stop();
  const exit = await svc.exited;
  clearInterval(dribble);
  idle.destroy();
  trickle.destroy();
  return `exit ${exit.code} after ${((exit.at - t) / 1000).toFixed(1)} s (delay 1 s, in-flight 2 s: ${await slow})`;
}

// Also when a step fails half-way.
process.on('exit', () => podmanSkip || removeBuilt());
const rows = [];
const drainRows = [];
const drainPerRun = [];
for (const lang of langs) {
  console.error(`# ${lang}`);
  const dir = generate(lang);
  const row = { lang };
  Object.assign(row, await containerFigures(lang, dir));
  const { facts } = await checkStatic(dir, { skipAdr: true });
  const engine = nativeEngine({ dir, facts, keep: false, pull: 'never' });
  await engine.build();
  {
    const port = await freePort();
    const started = Date.now();
    const svc = await engine.start({
      hostPort: port,
      servicePort: port,
      graceSeconds: 30,
      env: { SHUTDOWN_DELAY_SECONDS: '0' },
    });
    await waitReady(svc, 30_000);
    row['native start→ready (ms)'] = Date.now() - started;
    Object.assign(row, await loadFigures(svc));
    svc.stop();
    await svc.exited;
  }
  row['slow client + SIGTERM'] = await slowClient(engine);
  await engine.cleanup();
  rows.push(row);
  console.error(row);
  // The drain runs: the service natively without the sandbox (no relay between client and server).
  const drainEngine = await buildUnsandboxed(dir);
  const { perRun, summary } = await drainRuns(drainEngine, {
    ...DRAIN,
    log: ({ failures, ...r }) =>
      console.error(JSON.stringify({ lang, ...r, ...(failures.length ? { failures } : {}) })),
  });
  await drainEngine.cleanup();
  drainRows.push(...summary.map((s) => ({ lang, ...s })));
  drainPerRun.push({ lang, perRun });
}
fs.rmSync(work, { recursive: true, force: true });

console.log(
  `\n${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; podman: ${podmanSkip ?? 'yes'}`,
);
console.log(`Load: autocannon, ${CONNECTIONS} connections, ${DURATION} s on GET /healthz (native process)`);
for (const row of rows) console.log(row);
console.log(`\n${describeModel(DRAIN)}`);
for (const { lang, perRun } of drainPerRun) {
  console.log(`\n${lang}, per run:`);
  console.table(perRun.map(({ failures: _f, ...r }) => r));
}
console.table(drainRows);
