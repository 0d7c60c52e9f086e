// Runs a generated service as Kubernetes would treat it: wait for /readyz, check /healthz, then
// SIGTERM it with a slow request in flight and watch readiness, the request and the exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function get(port: number, path: string, timeoutMs = 10_000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
  });
}

export interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function start(command: string, args: string[], options: { cwd: string; port: number; env?: NodeJS.ProcessEnv }): Running {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, PORT: String(options.port), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, port: options.port, output: () => output, exit };
}

export async function waitReady(svc: Running, timeoutMs = 20_000): Promise<number> {
  const started = Date.now();
  let exited = false;
  void svc.exit.then(() => (exited = true));
  while (Date.now() - started < timeoutMs) {
    if (exited) throw new Error(`service exited before it was ready:\n${svc.output()}`);
    try {
      if ((await get(svc.port, '/readyz', 1000)).status === 200) return Date.now() - started;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  throw new Error(`/readyz not 200 within ${timeoutMs} ms:\n${svc.output()}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface DrainReport {
  readyBefore: number;
  healthBefore: number;
  readyWhileDraining: number;
  slow: Reply;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  termToExitMs: number;
  refusedAfterExit: boolean;
}

/** SIGTERM with a request in flight; delaySeconds must match the service's SHUTDOWN_DELAY_SECONDS. */
export async function drain(svc: Running, slowMs: number): Promise<DrainReport> {
  const readyBefore = (await get(svc.port, '/readyz')).status;
  const healthBefore = (await get(svc.port, '/healthz')).status;
  const slow = get(svc.port, `/debug/slow?ms=${slowMs}`, slowMs + 30_000);
  await sleep(300);
  const termAt = Date.now();
  svc.child.kill('SIGTERM');
  await sleep(200);
  const readyWhileDraining = (await get(svc.port, '/readyz')).status;
  const slowReply = await slow;
  const exit = await svc.exit;
  const refusedAfterExit = await get(svc.port, '/healthz', 1000).then(() => false, () => true);
  return {
    readyBefore,
    healthBefore,
    readyWhileDraining,
    slow: slowReply,
    exitCode: exit.code,
    signal: exit.signal,
    termToExitMs: exit.at - termAt,
    refusedAfterExit,
  };
}
