#!/usr/bin/env node
// SIGTERM under steady load, repeated: the drain runs of bench/services.mjs, also runnable alone.
// The load model (ADR 0015) is a load balancer in front of the service:
//  - a steady rate of GET /healthz, open loop, spread over a pool of keep-alive connections;
//  - SIGTERM 1.5 s in; the balancer health-checks /readyz every 100 ms and removes the endpoint
//    REMOVAL_LAG_MS after its first 503 (the propagation the shutdown delay is there to cover);
//  - until removal, requests go on as before, new connections included; after it, a request goes
//    to this endpoint only on a connection that is already open, never a new one (an L4 balancer
//    such as kube-proxy: conntrack keeps existing connections, new ones go to other endpoints).
//    Requests that would need a new connection then, queued ones included, are "rerouted" (sent
//    elsewhere, not counted).
// Two clients, counted separately:
//  - "agent": Node's http.Agent, which honours `Connection: close` (RFC 9112 section 9.6) as a
//    proxy does. Every request it sends to the service must be answered 200: any error (reset,
//    refused, hang-up, timeout) or other status is a failure.
//  - "autocannon": the load tool as is. It knows nothing of the removal and keeps opening
//    connections until its duration ends, and it writes its next request on a connection before
//    it has read the `Connection: close` of the previous answer, so its figures show how a client
//    that ignores the model fares; refused connections after the listener closed are expected there.
// The service runs natively without the sandbox: the sandbox's relay is a proxy of its own and
// would put its own connection handling between the client and the server.
//
// Run by hand after `npx -y pnpm@10 run build`:
//   node bench/drain-load.mjs [--runs 20] [--rate 400] [--connections 8] [--clients agent,autocannon] [lang...]
// langs: go node node-fastify python (default: go node python)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { checkStatic, freePort, get, sleep, waitReady } from '../packages/validator/dist/service/index.js';
import { nativeEngine } from '../packages/validator/dist/service/engines/native.js';

export const DELAY_S = 2;
export const SIGTERM_AT_MS = 1500;
export const HEALTH_CHECK_MS = 100;
export const REMOVAL_LAG_MS = 500;

const RESET = /ECONNRESET|EPIPE|hang up/i;

/** Starts the service with the drain settings of every run. */
async function startService(engine) {
  const port = await freePort();
  const svc = await engine.start({
    hostPort: port,
    servicePort: port,
    graceSeconds: 30,
    env: { SHUTDOWN_DELAY_SECONDS: String(DELAY_S), SHUTDOWN_TIMEOUT_SECONDS: '10' },
  });
  await waitReady(svc, 30_000);
  return { svc, port };
}

/** The balancer's health check: resolves with the time of the first 503, and when the listener is gone. */
function healthCheck(port, t0) {
  let firstUnready = null;
  let closedAt = null;
  const done = (async () => {
    while (closedAt === null) {
      try {
        const r = await get(port, '/readyz', { timeoutMs: 1000 });
        if (r.status === 503 && firstUnready === null) firstUnready = Date.now() - t0;
      } catch {
        closedAt = Date.now() - t0;
      }
      await sleep(HEALTH_CHECK_MS);
    }
  })();
  return { done, firstUnready: () => firstUnready, closedAt: () => closedAt };
}

/** One run with the model client (http.Agent honouring `Connection: close`). */
async function agentRun(engine, { rate, connections }) {
  const { svc, port } = await startService(engine);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const name = `127.0.0.1:${port}:`;
  const t0 = Date.now();
  const check = healthCheck(port, t0);
  const counts = { sent: 0, ok: 0, rerouted: 0, newConnections: 0 };
  const failures = [];
  const pending = new Set();
  const removed = () => check.firstUnready() !== null && Date.now() - t0 >= check.firstUnready() + REMOVAL_LAG_MS;
  const send = () => {
    if (removed()) {
      // Only on a connection that is open and free: new connections go to other endpoints.
      if (!(agent.freeSockets[name]?.length > 0)) {
        counts.rerouted++;
        return;
      }
    }
    counts.sent++;
    let rerouted = false;
    const p = new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent, timeout: 5000 }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) counts.ok++;
          else failures.push([Date.now() - t0, `status ${res.statusCode}`]);
          resolve();
        });
      });
      req.on('socket', (socket) => {
        if (socket.counted) return;
        if (removed()) {
          // Queued in the pool before the removal and handed a new connection after it (one
          // closed with `Connection: close`): a balancer sends it to another endpoint instead.
          // Not written yet: the socket is still connecting.
          rerouted = true;
          counts.sent--;
          counts.rerouted++;
          req.destroy();
          return;
        }
        socket.counted = true;
        counts.newConnections++;
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => {
        if (rerouted) return resolve();
        failures.push([Date.now() - t0, error.code ?? error.message]);
        resolve();
      });
    });
    pending.add(p);
    void p.then(() => pending.delete(p));
  };
  // Open loop at a steady rate, whatever the service answers, until the service has exited.
  let exited = null;
  void svc.exited.then((e) => (exited = e));
  let signalled = false;
  let sigtermAt = null;
  let connectionsBefore = 0;
  const interval = 1000 / rate;
  let next = Date.now();
  while (!exited) {
    const now = Date.now();
    while (next <= now) {
      send();
      next += interval;
    }
    if (!signalled && now - t0 >= SIGTERM_AT_MS) {
      signalled = true;
      sigtermAt = Date.now() - t0;
      connectionsBefore = counts.newConnections;
      await svc.stop();
    }
    await sleep(Math.max(1, next - Date.now()));
  }
  await Promise.all(pending);
  await check.done;
  agent.destroy();
  const exit = await svc.exited;
  return {
    client: 'agent',
    sent: counts.sent,
    ok: counts.ok,
    failed: failures.length,
    resets: failures.filter(([, kind]) => RESET.test(kind)).length,
    refused: failures.filter(([, kind]) => kind === 'ECONNREFUSED').length,
    rerouted: counts.rerouted,
    'connections before SIGTERM': connectionsBefore,
    'connections after': counts.newConnections - connectionsBefore,
    'SIGTERM→503 seen (ms)': check.firstUnready() - sigtermAt,
    'SIGTERM→exit (ms)': exit.at - t0 - sigtermAt,
    exit: exit.code,
    failures: failures.slice(0, 5),
  };
}

/** One run with autocannon as is, through SIGTERM, for its own figures. */
async function autocannonRun(engine, { rate, connections }) {
  const { svc, port } = await startService(engine);
  const events = [];
  const t0 = Date.now();
  const load = autocannon({
    url: `http://127.0.0.1:${port}/healthz`,
    connections,
    overallRate: rate,
    duration: DELAY_S + 4,
  });
  // Listened for now: a service slower to exit than the load lasts would miss the event later.
  const done = new Promise((resolve) => load.on('done', resolve));
  load.on('response', (_c, status) => events.push([Date.now() - t0, status === 200 ? 'ok' : `status ${status}`]));
  load.on('reqError', (error) => events.push([Date.now() - t0, error.code ?? error.message]));
  const check = healthCheck(port, t0);
  await sleep(SIGTERM_AT_MS);
  const sigtermAt = Date.now() - t0;
  await svc.stop();
  await check.done;
  const exit = await svc.exited;
  await done;
  // The listener closed at the first refused connection anyone saw (the health check samples every 100 ms).
  const firstRefused = events.find(([, kind]) => kind === 'ECONNREFUSED')?.[0] ?? Infinity;
  const closed = Math.min(check.closedAt(), firstRefused);
  const errors = events.filter(([, kind]) => kind !== 'ok');
  return {
    client: 'autocannon',
    sent: events.length,
    ok: events.length - errors.length,
    'failed before close': errors.filter(([t]) => t < closed).length,
    resets: errors.filter(([, kind]) => RESET.test(kind)).length,
    'refused after close': errors.filter(([t, kind]) => t >= closed && kind === 'ECONNREFUSED').length,
    'other after close': errors.filter(([t, kind]) => t >= closed && kind !== 'ECONNREFUSED' && !RESET.test(kind))
      .length,
    'SIGTERM→exit (ms)': exit.at - t0 - sigtermAt,
    exit: exit.code,
    failures: errors.filter(([t, kind]) => t < closed || RESET.test(kind)).slice(0, 5),
  };
}

/** Repeats the drain run `runs` times per client; per-run rows and a summary per client. */
export async function drainRuns(engine, { runs, rate, connections, clients, log = () => {} }) {
  const perRun = [];
  for (const client of clients) {
    for (let n = 1; n <= runs; n++) {
      const row = await (client === 'agent' ? agentRun : autocannonRun)(engine, { rate, connections });
      log({ run: n, ...row });
      perRun.push({ run: n, ...row });
    }
  }
  const summary = clients.map((client) => {
    const rows = perRun.filter((r) => r.client === client);
    const bad = (r) => (r.failed ?? r['failed before close']) + r.resets;
    return {
      client,
      runs: rows.length,
      'runs with failures or resets': rows.filter((r) => bad(r) > 0).length,
      'failed per run': rows.map((r) => r.failed ?? r['failed before close']).join(' '),
      'resets per run': rows.map((r) => r.resets).join(' '),
      ...(client === 'autocannon'
        ? { 'refused after close per run': rows.map((r) => r['refused after close']).join(' ') }
        : { 'rerouted per run': rows.map((r) => r.rerouted).join(' ') }),
      'served per run (min)': Math.min(...rows.map((r) => r.ok)),
      'non-zero exits': rows.filter((r) => r.exit !== 0).length,
    };
  });
  return { perRun, summary };
}

export function describeModel({ rate, connections }) {
  return (
    `SIGTERM under steady load: ${rate} req/s over ${connections} keep-alive connections, SIGTERM at ${SIGTERM_AT_MS} ms, ` +
    `SHUTDOWN_DELAY_SECONDS=${DELAY_S}; the balancer checks /readyz every ${HEALTH_CHECK_MS} ms and removes the ` +
    `endpoint ${REMOVAL_LAG_MS} ms after its first 503 (then: open connections only).\n` +
    '  agent: Node http.Agent, honours `Connection: close`; "failed" is every request sent that was not answered 200 ' +
    '(resets, refusals, hang-ups, timeouts included); "rerouted" needed a new connection after removal and went elsewhere.\n' +
    '  autocannon: ignores the removal and reuses connections past `Connection: close`; "failed before close" is errors ' +
    'and non-200 before the listener closed, "resets" anywhere; refused connections after the close are listed apart.'
  );
}

/** Builds a generated service for the native engine, without the sandbox. */
export async function buildUnsandboxed(dir) {
  const { facts } = await checkStatic(dir, { skipAdr: true });
  const engine = nativeEngine({ dir, facts, keep: false, pull: 'never', sandbox: false });
  await engine.build();
  return engine;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const { values: opts, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '20' },
      rate: { type: 'string', default: '400' },
      connections: { type: 'string', default: '8' },
      clients: { type: 'string', default: 'agent,autocannon' },
    },
  });
  const settings = {
    runs: Number(opts.runs),
    rate: Number(opts.rate),
    connections: Number(opts.connections),
    clients: opts.clients.split(','),
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-drain-'));
  const results = [];
  for (const lang of positionals.length ? positionals : ['go', 'node', 'python']) {
    console.error(`# ${lang}`);
    const dir = path.join(work, `drain-${lang}`);
    execFileSync(process.execPath, [
      path.join(root, 'packages/create-distroless-service/dist/cli.cjs'),
      dir,
      // node-fastify: the Node service with --framework fastify.
      ...(lang === 'node-fastify' ? ['--lang', 'node', '--framework', 'fastify'] : ['--lang', lang]),
      '--yes',
      '--no-git',
    ]);
    const engine = await buildUnsandboxed(dir);
    const { perRun, summary } = await drainRuns(engine, {
      ...settings,
      log: ({ failures, ...row }) =>
        console.error(JSON.stringify({ lang, ...row, ...(failures.length ? { failures } : {}) })),
    });
    await engine.cleanup();
    results.push({ lang, perRun, summary });
  }
  fs.rmSync(work, { recursive: true, force: true });
  console.log(
    `${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n${describeModel(settings)}`,
  );
  for (const { lang, perRun } of results) {
    console.log(`\n${lang}, per run:`);
    console.table(perRun.map(({ failures: _f, ...row }) => row));
  }
  console.log('\nSummary:');
  console.table(results.flatMap(({ lang, summary }) => summary.map((s) => ({ lang, ...s }))));
}
