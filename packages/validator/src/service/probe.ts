// Probe and drain checks against a running service, as Kubernetes treats it: wait for /readyz,
// check /healthz, then stop it with a slow request in flight and watch readiness, the request and
// the exit. Engine-agnostic: the caller says how to stop the service and how to learn its exit.
import http from 'node:http';
import net from 'node:net';

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
  /** Sends SIGTERM (or the engine's equivalent, e.g. `podman stop`). */
  stop: () => void | Promise<void>;
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

export function get(port: number, path: string, options: { host?: string; timeoutMs?: number } = {}): Promise<Reply> {
  const { host = '127.0.0.1', timeoutMs = 10_000 } = options;
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
  });
}

/** Polls /readyz until 200; resolves with the milliseconds it took. */
export async function waitReady(target: Target, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let exited: ServiceExit | undefined;
  void target.exited.then((e) => (exited = e));
  while (Date.now() - started < timeoutMs) {
    if (exited)
      throw new ProbeError(
        `the service exited (code ${exited.code}, signal ${exited.signal}) before /readyz answered 200`,
      );
    try {
      if ((await get(target.port, '/readyz', { host: target.host, timeoutMs: 1000 })).status === 200)
        return Date.now() - started;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  throw new ProbeError(`/readyz did not answer 200 within ${timeoutMs} ms`);
}

export class ProbeError extends Error {
  override name = 'ProbeError';
}

export interface DrainReport {
  readyBefore: number;
  healthBefore: number;
  /** /readyz status seen after the stop signal, while the service still serves its delay; null if refused. */
  readyWhileDraining: number | null;
  /** The in-flight request's status, or null when it was cut off. */
  slowStatus: number | null;
  slowError?: string;
  exit: ServiceExit;
  stopToExitMs: number;
  refusedAfterExit: boolean;
}

export interface DrainOptions {
  /** How long the in-flight request takes; it must outlast the service's drain delay. */
  slowMs: number;
  /** Give up waiting for the exit after this long (the grace period). */
  graceMs: number;
}

/** Stops the service with a `/debug/slow` request in flight and records what happened. */
export async function drain(target: Target, options: DrainOptions): Promise<DrainReport> {
  const at = { host: target.host };
  const readyBefore = (await get(target.port, '/readyz', at)).status;
  const healthBefore = (await get(target.port, '/healthz', at)).status;
  const slow = get(target.port, `/debug/slow?ms=${options.slowMs}`, {
    ...at,
    timeoutMs: options.slowMs + options.graceMs,
  }).then(
    (r) => ({ status: r.status as number | null, error: undefined as string | undefined }),
    (e: Error) => ({ status: null, error: e.message }),
  );
  await sleep(300);
  const stopAt = Date.now();
  await target.stop();
  await sleep(200);
  const readyWhileDraining = await get(target.port, '/readyz', { ...at, timeoutMs: 2000 }).then(
    (r) => r.status,
    () => null,
  );
  const slowResult = await slow;
  const exit = await Promise.race([
    target.exited,
    sleep(options.graceMs + 5000).then((): ServiceExit => ({ code: null, signal: null, at: Date.now() })),
  ]);
  const refusedAfterExit = await get(target.port, '/healthz', { ...at, timeoutMs: 1000 }).then(
    () => false,
    () => true,
  );
  return {
    readyBefore,
    healthBefore,
    readyWhileDraining,
    slowStatus: slowResult.status,
    slowError: slowResult.error,
    exit,
    stopToExitMs: exit.at - stopAt,
    refusedAfterExit,
  };
}
