// The drain check against small in-process services whose "signal" arrives the way a busy engine
// delivers it: only when stop() resolves, and sometimes noticed later still. The verdicts must not
// depend on how long delivery takes, only on what the service does once it has the signal.
import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { drain, freePort, ProbeError, waitReady, type ServiceExit, type Target } from '../../../src/service/probe.js';

interface Behaviour {
  /** Turns /readyz 503 on SIGTERM (false: keeps answering 200). */
  readiness: boolean;
  /** Handles SIGTERM at all: keeps serving delayMs, then closes and exits 0 once idle. */
  handles: boolean;
  delayMs: number;
}

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers) s.close();
  servers.length = 0;
});

/**
 * A service with a signal handler, reached on loopback. `deliver` is what an engine's kill does;
 * the returned target's stop() resolves only after `deliver` does, as `podman kill` returns only
 * once the signal is sent.
 */
async function service(behaviour: Behaviour, deliver: (signal: () => void) => Promise<void>) {
  let draining = false;
  let resolveExit: (e: ServiceExit) => void = () => {};
  const exited = new Promise<ServiceExit>((resolve) => (resolveExit = resolve));
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/readyz') res.writeHead(draining && behaviour.readiness ? 503 : 200).end();
    else if (url.pathname === '/healthz') res.writeHead(200).end();
    else if (url.pathname === '/debug/slow')
      setTimeout(() => res.writeHead(200).end('{}'), Number(url.searchParams.get('ms')));
    else res.writeHead(404).end();
  });
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const onSigterm = () => {
    if (!behaviour.handles) return;
    draining = true;
    setTimeout(() => server.close(() => resolveExit({ code: 0, signal: null, at: Date.now() })), behaviour.delayMs);
  };
  let kills = 0;
  const target: Target = {
    port,
    exited,
    stop: () => deliver(onSigterm),
    kill: () => {
      kills++;
      server.close();
      for (const s of sockets) s.destroy();
      resolveExit({ code: 137, signal: null, at: Date.now() });
    },
  };
  return { target, kills: () => kills };
}

/** Delivery that takes `ms` (podman kill on a busy machine took 190-800 ms), then signals. */
const slowDelivery = (ms: number) => (signal: () => void) =>
  new Promise<void>((resolve) =>
    setTimeout(() => {
      signal();
      resolve();
    }, ms),
  );

describe('drain', () => {
  it('waits for SIGTERM delivery before polling /readyz: a slow kill is no failure', async () => {
    const { target, kills } = await service({ readiness: true, handles: true, delayMs: 1000 }, slowDelivery(800));
    const r = await drain(target, { slowMs: 1500, graceMs: 5000, delayMs: 1000 });
    expect(r.readyWhileDraining).toBe(503);
    expect(r.readyEnded).toBe('503');
    // Timers may fire a millisecond early by the wall clock.
    expect(r.deliveryMs).toBeGreaterThanOrEqual(790);
    expect(r.slowStatus).toBe(200);
    expect(r.exit.code).toBe(0);
    expect(r.killed).toBe(false);
    expect(kills()).toBe(0);
  });

  it('keeps polling when the process notices the delivered signal late', async () => {
    // Delivered at once, but handled only after 600 ms, as a starved process would.
    const late = (signal: () => void) => {
      setTimeout(signal, 600);
      return Promise.resolve();
    };
    const { target } = await service({ readiness: true, handles: true, delayMs: 1000 }, late);
    const r = await drain(target, { slowMs: 1500, graceMs: 5000, delayMs: 1000 });
    expect(r.readyWhileDraining).toBe(503);
    expect(r.readyPolls).toBeGreaterThan(1);
    expect(r.readyDropMs).not.toBeNull();
  });

  it('reports /readyz that keeps answering 200 until the listener closes', async () => {
    const { target } = await service({ readiness: false, handles: true, delayMs: 500 }, slowDelivery(100));
    const r = await drain(target, { slowMs: 1000, graceMs: 5000, delayMs: 500 });
    expect(r.readyWhileDraining).toBe(200);
    expect(r.readyDropMs).toBeNull();
    expect(['refused', 'exited']).toContain(r.readyEnded);
    expect(r.exit.code).toBe(0);
  });

  it('kills a service that ignores SIGTERM once the grace period is over, and only then', async () => {
    const { target, kills } = await service({ readiness: true, handles: false, delayMs: 0 }, slowDelivery(50));
    const r = await drain(target, { slowMs: 300, graceMs: 1500, delayMs: 200 });
    expect(r.killed).toBe(true);
    expect(kills()).toBe(1);
    expect(r.exit.code).toBe(137);
    expect(r.stopToExitMs).toBeGreaterThanOrEqual(1490);
    expect(r.readyWhileDraining).toBe(200);
    // The request in flight still completed: the service kept serving.
    expect(r.slowStatus).toBe(200);
  });
});

describe('waitReady', () => {
  const running = (port: number): Target => ({ port, exited: new Promise<ServiceExit>(() => {}), stop: () => {} });

  it('says what /readyz kept answering when it never turned 200', async () => {
    const server = http.createServer((_req, res) => res.writeHead(500).end());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const error = await waitReady(running(port), 300).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProbeError);
    expect((error as Error).message).toBe('/readyz did not answer 200 within 300 ms (last answer: 500)');
  });

  it('says the connection was refused when nothing listens', async () => {
    const error = await waitReady(running(await freePort()), 300).catch((e: unknown) => e);
    expect((error as Error).message).toBe('/readyz did not answer 200 within 300 ms (last answer: connection refused)');
  });
});
