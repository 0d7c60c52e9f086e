#!/usr/bin/env node
// Drain under load: autocannon drives GET /healthz at a steady rate on loopback while the service
// (built with the host toolchain, running as PID 1 via unshare where possible) gets SIGTERM.
// Counts failed or reset requests before the listener closed; the target is zero.
// Run by hand after `npx -y pnpm@10 run build`:  node bench/drain-load.mjs [rate=400] [lang...]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { checkStatic, freePort, get, sleep, waitReady } from '../packages/validator/dist/service/index.js';
import { nativeEngine } from '../packages/validator/dist/service/engines/native.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [rateArg = '400', ...langs] = process.argv.slice(2);
const rate = Number(rateArg);
const DELAY_S = 2;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-drain-'));
const rows = [];

for (const lang of langs.length ? langs : ['go', 'node', 'python']) {
  const dir = path.join(work, `drain-${lang}`);
  execFileSync(process.execPath, [
    path.join(root, 'packages/create-distroless-service/dist/cli.cjs'),
    dir,
    '--lang',
    lang,
    '--yes',
    '--no-git',
  ]);
  const { facts } = await checkStatic(dir, { skipAdr: true });
  const engine = nativeEngine({ dir, facts, keep: false, pull: 'never' });
  await engine.build();
  const port = await freePort();
  const svc = await engine.start({
    hostPort: port,
    servicePort: port,
    graceSeconds: 30,
    env: { SHUTDOWN_DELAY_SECONDS: String(DELAY_S), SHUTDOWN_TIMEOUT_SECONDS: '10' },
  });
  await waitReady(svc, 20_000);

  const events = []; // [ms since start, kind, detail]
  const t0 = Date.now();
  const load = autocannon({
    url: `http://127.0.0.1:${port}/healthz`,
    connections: 8,
    overallRate: rate,
    duration: 4 + DELAY_S + 2,
  });
  load.on('response', (_client, status) => events.push([Date.now() - t0, status === 200 ? 'ok' : `status ${status}`]));
  load.on('reqError', (error) => events.push([Date.now() - t0, error.code ?? error.message]));

  await sleep(2000);
  const termAt = Date.now() - t0;
  await svc.stop();
  let readyOffAt = null;
  let closedAt = null;
  while (closedAt === null) {
    try {
      const r = await get(port, '/readyz', { timeoutMs: 1000 });
      if (r.status === 503 && readyOffAt === null) readyOffAt = Date.now() - t0;
    } catch (error) {
      closedAt = Date.now() - t0;
      if (!/ECONNREFUSED/.test(String(error.code ?? error.message)))
        events.push([closedAt, `readyz: ${error.message}`]);
    }
    await sleep(20);
  }
  const exit = await svc.exited;
  await new Promise((resolve) => load.on('done', resolve));
  await engine.cleanup();

  // The listener closed at the first refused connection anyone saw (the poller samples every 20 ms).
  const firstRefused = events.find(([, kind]) => kind === 'ECONNREFUSED')?.[0] ?? closedAt;
  closedAt = Math.min(closedAt, firstRefused);
  const before = events.filter(([t]) => t < closedAt);
  const failedBefore = before.filter(([, kind]) => kind !== 'ok');
  const resets = events.filter(([, kind]) => /ECONNRESET|hang up/i.test(kind));
  rows.push({
    lang,
    'rate (req/s)': rate,
    'requests before close': before.length,
    'failed before close': failedBefore.length,
    resets: resets.length,
    'SIGTERM→503 (ms)': readyOffAt === null ? 'never' : readyOffAt - termAt,
    'SIGTERM→listener closed (ms)': closedAt - termAt,
    exit: exit.code,
  });
  if (failedBefore.length || resets.length)
    console.log(
      lang,
      'failures before close:',
      failedBefore.slice(0, 5),
      'resets:',
      resets.slice(0, 5),
      'closed at',
      closedAt,
    );
}
fs.rmSync(work, { recursive: true, force: true });
console.log(
  `SHUTDOWN_DELAY_SECONDS=${DELAY_S}; 8 keep-alive connections; refused connections after the listener closed are expected and not counted`,
);
console.table(rows);
