// Probe and drain checks against a running service, as Kubernetes treats it: wait for /readyz,
// check /healthz, then stop it with a slow request in flight and watch readiness, the request and
// the exit. Engine-agnostic: the caller says how to stop the service and how to learn its exit.
import http from 'node:http';
import net from 'node:net';
import { within } from './deadline.js';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Epoch milliseconds when the exit was observed. */
  at: number;
}

export interface Target {
  host?: string;
  port: number;
  /**
   * Delivers SIGTERM to the service and resolves once it is delivered (a container engine's
   * `kill --signal TERM` has returned, or the kernel took the signal); rejects when it could not be.
   */
  stop: () => void | Promise<void>;
  /** Kills the service (SIGKILL) when the grace period is over, as the kubelet does; the caller's job when absent. */
  kill?: () => void | Promise<void>;
  /** Resolves when the service has exited. */
  exited: Promise<ServiceExit>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function get(
  port: number,
  path: string,
  options: { host?: string; timeoutMs?: number; onSent?: () => void } = {},
): Promise<Reply> {
  const { host = '127.0.0.1', timeoutMs = 10_000, onSent } = options;
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    // Sent = connected, and the whole request handed to the kernel: it is in the server's hands.
    if (onSent) {
      let connected = false;
      let finished = false;
      const check = () => connected && finished && onSent();
      req.on('socket', (socket) => {
        if (!socket.connecting) connected = true;
        else socket.once('connect', () => ((connected = true), check()));
        check();
      });
      req.on('finish', () => ((finished = true), check()));
    }
  });
}

/** Polls /readyz until 200; resolves with the milliseconds it took. Stops polling when `signal` fires. */
export async function waitReady(target: Target, timeoutMs: number, signal?: AbortSignal): Promise<number> {
  const started = Date.now();
  let exited: ServiceExit | undefined;
  void target.exited.then((e) => (exited = e));
  // What /readyz last said (a status, or why there was none), so a timeout says what it kept getting.
  let last: string | undefined;
  while (Date.now() - started < timeoutMs) {
    if (signal?.aborted) throw signal.reason as Error;
    if (exited)
      throw new ProbeError(
        `the service exited (code ${exited.code}, signal ${exited.signal}) before /readyz answered 200`,
      );
    try {
      const { status } = await get(target.port, '/readyz', { host: target.host, timeoutMs: 1000 });
      if (status === 200) return Date.now() - started;
      last = String(status);
    } catch (error) {
      last = noAnswer(error);
    }
    await sleep(50);
  }
  throw new ProbeError(`/readyz did not answer 200 within ${timeoutMs} ms${last ? ` (last answer: ${last})` : ''}`);
}

/** Why a request got no answer, in words. */
function noAnswer(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset';
  return (error as Error).message;
}

export class ProbeError extends Error {
  override name = 'ProbeError';
}

export interface DrainReport {
  readyBefore: number;
  healthBefore: number;
  /**
   * 503 when /readyz answered 503 after SIGTERM was delivered; otherwise the last status it gave
   * while polled (null when it never answered).
   */
  readyWhileDraining: number | null;
  /** Milliseconds from SIGTERM delivery to the first 503 (null when none came). */
  readyDropMs: number | null;
  /** Why readiness polling ended: a 503, the listener closed, the service exited, or the window ran out. */
  readyEnded: '503' | 'refused' | 'exited' | 'window';
  /** How long readiness was polled after SIGTERM, and how often. */
  readyPolledMs: number;
  readyPolls: number;
  /** The in-flight request's status, or null when it was cut off. */
  slowStatus: number | null;
  slowError?: string;
  exit: ServiceExit;
  /** Milliseconds from SIGTERM delivery (not from asking for it) to the exit. */
  stopToExitMs: number;
  /** How long delivering SIGTERM took (a container engine's `kill` round trip). */
  deliveryMs: number;
  /** The service outlived the grace period and was killed. */
  killed: boolean;
  refusedAfterExit: boolean;
}

export interface DrainOptions {
  /** How long the in-flight request takes; it must outlast the service's drain delay. */
  slowMs: number;
  /** Grace period: the service must exit this long after SIGTERM is delivered, else it is killed. */
  graceMs: number;
  /** The service's drain delay (SHUTDOWN_DELAY_SECONDS), if known: it bounds the readiness window. */
  delayMs?: number;
}

/** How long to wait for the exit after the kill (a container engine's own teardown). */
const KILL_WAIT_MS = 30_000;
/** Poll interval for /readyz after SIGTERM. */
const POLL_MS = 50;

/**
 * Stops the service with a `/debug/slow` request in flight and records what happened. Every wait
 * is for an event, with a bound: the request is sent (connected, handed to the kernel) before
 * SIGTERM; SIGTERM is delivered before /readyz is polled; /readyz is polled until it answers 503,
 * the listener closes, the service exits, or delay + grace have passed since delivery; the exit is
 * awaited for the grace period, then the service is killed and its exit awaited once more.
 */
export async function drain(target: Target, options: DrainOptions): Promise<DrainReport> {
  const at = { host: target.host };
  const readyBefore = (await get(target.port, '/readyz', at)).status;
  const healthBefore = (await get(target.port, '/healthz', at)).status;
  let exitedNow: ServiceExit | undefined;
  void target.exited.then((e) => (exitedNow = e));

  let sent: () => void = () => {};
  const isSent = new Promise<void>((resolve) => (sent = resolve));
  const slow = get(target.port, `/debug/slow?ms=${options.slowMs}`, {
    ...at,
    timeoutMs: options.slowMs + options.graceMs,
    onSent: () => sent(),
  }).then(
    (r) => ({ status: r.status as number | null, error: undefined as string | undefined }),
    (e: Error) => ({ status: null, error: e.message }),
  );
  // Sent, or failed (then the report says why): either way no longer pending.
  await Promise.race([isSent, slow]);

  const askedAt = Date.now();
  await target.stop();
  const deliveredAt = Date.now();

  const readiness = pollUntil503(target, options.delayMs ?? 0, options.graceMs, () => exitedNow);
  let killed = false;
  const exit = (async (): Promise<ServiceExit> => {
    const inGrace = await within(target.exited, deliveredAt + options.graceMs - Date.now());
    if (inGrace) return inGrace;
    killed = true;
    await target.kill?.();
    return (await within(target.exited, KILL_WAIT_MS)) ?? { code: null, signal: null, at: Date.now() };
  })();
  const [ready, slowResult, exited] = await Promise.all([readiness, slow, exit]);
  const refusedAfterExit = await get(target.port, '/healthz', { ...at, timeoutMs: 1000 }).then(
    () => false,
    () => true,
  );
  return {
    readyBefore,
    healthBefore,
    readyWhileDraining: ready.dropMs !== null ? 503 : ready.last,
    readyDropMs: ready.dropMs,
    readyEnded: ready.ended,
    readyPolledMs: ready.polledMs,
    readyPolls: ready.polls,
    slowStatus: slowResult.status,
    slowError: slowResult.error,
    exit: exited,
    stopToExitMs: exited.at - deliveredAt,
    deliveryMs: deliveredAt - askedAt,
    killed,
    refusedAfterExit,
  };
}

/**
 * Polls /readyz from SIGTERM delivery until it answers 503. The window is the drain delay plus the
 * grace period: a service that has not turned 503 by then never will (its listener closes after the
 * delay, and it is killed after the grace period). A request that times out is a miss, not an end.
 */
async function pollUntil503(
  target: Target,
  delayMs: number,
  graceMs: number,
  exited: () => ServiceExit | undefined,
): Promise<{
  dropMs: number | null;
  last: number | null;
  ended: DrainReport['readyEnded'];
  polledMs: number;
  polls: number;
}> {
  const started = Date.now();
  const window = delayMs + graceMs;
  let last: number | null = null;
  let polls = 0;
  const end = (ended: DrainReport['readyEnded'], dropMs: number | null = null) => ({
    dropMs,
    last,
    ended,
    polledMs: Date.now() - started,
    polls,
  });
  while (Date.now() - started < window) {
    if (exited()) return end('exited');
    polls++;
    try {
      const r = await get(target.port, '/readyz', { host: target.host, timeoutMs: 1000 });
      last = r.status;
      if (r.status === 503) return end('503', Date.now() - started);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ECONNREFUSED' || code === 'ECONNRESET') return end(exited() ? 'exited' : 'refused');
    }
    await sleep(POLL_MS);
  }
  return end('window');
}
