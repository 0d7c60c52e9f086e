// The black-box contract every generated service keeps, whatever its language: one table of
// checks, run by run-generated.test.ts against each language's service started as a plain process.
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { freePort, get, waitReady, type ServiceExit } from '@distroless-service/validator/service';
import { expect } from 'vitest';
import { until } from './wait.js';

export const DELAY_S = 1;
export const TIMEOUT_S = 10;
/** Shared log schema: these keys first, in this order; these level names. */
export const LOG_KEYS = ['time', 'level', 'msg'];
export const LEVELS = ['debug', 'info', 'warn', 'error'];
/** Messages every language writes at these moments. */
export const LIFECYCLE = [
  'starting',
  'listening',
  'shutdown signal received, draining',
  'no longer accepting connections, waiting for in-flight requests',
  'stopped',
];
/** The line every language writes when the drain runs out of time, and its keys in order. */
export const TIMED_OUT = 'shutdown timed out, in-flight requests were cut off';
export const TIMED_OUT_KEYS = [...LOG_KEYS, 'exit_code', 'timeout_seconds'];
export const ACCESS_FIELDS = ['method', 'path', 'route', 'status', 'duration_ms'];

export interface Launch {
  cmd: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export interface Running {
  port: number;
  /** How the service was started: its probe mode is the same command plus `probe <url>`. */
  launch: Launch;
  exited: Promise<ServiceExit>;
  signal: (sig: NodeJS.Signals) => void;
  /** Parsed stdout lines so far; throws on a line that is not JSON. */
  lines: () => Record<string, unknown>[];
  output: () => string;
  kill: () => void;
}

export async function launch(l: Launch, env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const port = await freePort();
  const child = spawn(l.cmd, l.args, {
    cwd: l.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...l.env,
      PORT: String(port),
      SHUTDOWN_DELAY_SECONDS: String(DELAY_S),
      SHUTDOWN_TIMEOUT_SECONDS: String(TIMEOUT_S),
      DEBUG_ENDPOINTS: 'true',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<ServiceExit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const running: Running = {
    port,
    launch: l,
    exited,
    signal: (sig) => void child.kill(sig),
    lines: () =>
      stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    output: () => `stdout:\n${stdout}\nstderr:\n${stderr}`,
    kill: () => void child.kill('SIGKILL'),
  };
  await waitReady({ port, exited, stop: () => running.signal('SIGTERM') }, 30_000);
  return running;
}

function request(port: number, method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** The value of one series, labels in any order, or undefined. */
export function sample(metrics: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of metrics.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)\{([^}]*)\} (\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

export interface Check {
  name: string;
  env?: NodeJS.ProcessEnv;
  run: (svc: Running) => Promise<void>;
}

/** Stops the service the normal way and waits for a clean exit. */
async function stop(svc: Running): Promise<ServiceExit> {
  svc.signal('SIGTERM');
  const exit = await svc.exited;
  expect(exit.code, svc.output()).toBe(0);
  return exit;
}

export const contract: Check[] = [
  {
    name: 'answers probes (GET and HEAD), 404 elsewhere',
    run: async (svc) => {
      expect((await get(svc.port, '/healthz')).status).toBe(200);
      expect((await get(svc.port, '/readyz')).status).toBe(200);
      expect(await request(svc.port, 'HEAD', '/healthz')).toBe(200);
      expect((await get(svc.port, '/no/such/path')).status).toBe(404);
      await stop(svc);
    },
  },
  {
    name: 'serves Prometheus metrics: request count and latency by method, route and status',
    run: async (svc) => {
      for (let i = 0; i < 3; i++) await get(svc.port, '/healthz');
      await get(svc.port, '/no/such/path');
      const res = await get(svc.port, '/metrics');
      expect(res.status).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/^text\/plain; version=/);
      const ok = { method: 'GET', route: '/healthz', status: '200' };
      expect(sample(res.body, 'http_requests_total', ok)).toBeGreaterThanOrEqual(3);
      expect(sample(res.body, 'http_request_duration_seconds_count', ok)).toBeGreaterThanOrEqual(3);
      expect(sample(res.body, 'http_request_duration_seconds_bucket', { ...ok, le: '+Inf' })).toBeGreaterThanOrEqual(3);
      expect(sample(res.body, 'http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
      expect(res.body).not.toContain('/no/such/path');
      await stop(svc);
    },
  },
  {
    name: 'is its own probe client (helm test): `probe <url>` exits 0 on 200, 1 on 503 or no answer',
    run: async (svc) => {
      const probe = (...args: string[]) =>
        spawnSync(svc.launch.cmd, [...svc.launch.args, 'probe', ...args], {
          cwd: svc.launch.cwd,
          env: { ...process.env, ...svc.launch.env },
          encoding: 'utf8',
          timeout: 60_000,
        });
      const ok = probe(`http://127.0.0.1:${svc.port}/readyz`);
      expect(ok.status, ok.stdout + ok.stderr).toBe(0);
      expect(JSON.parse(ok.stdout.trim().split('\n').pop()!)).toMatchObject({
        level: 'info',
        msg: 'probe',
        status: 200,
      });
      expect(probe(`http://127.0.0.1:${svc.port}/no/such/path`).status).toBe(1);
      svc.signal('SIGTERM');
      await until(
        'readiness 503',
        async () => (await get(svc.port, '/readyz').catch(() => ({ status: 0 }))).status === 503,
      );
      expect(probe(`http://127.0.0.1:${svc.port}/readyz`).status).toBe(1);
      expect((await svc.exited).code).toBe(0);
      const refused = probe(`http://127.0.0.1:${svc.port}/readyz`);
      expect(refused.status).toBe(1);
      expect(JSON.parse(refused.stdout.trim().split('\n').pop()!)).toMatchObject({
        level: 'error',
        msg: 'probe failed',
      });
      expect(probe().status, 'no URL is a usage error').toBe(2);
    },
  },
  {
    name: 'logs one JSON schema: keys, level names, lifecycle messages, access lines',
    env: { LOG_LEVEL: 'debug' },
    run: async (svc) => {
      await get(svc.port, '/healthz');
      await get(svc.port, '/no/such/path');
      await stop(svc);
      const lines = svc.lines();
      for (const line of lines) {
        expect(Object.keys(line).slice(0, 3), JSON.stringify(line)).toEqual(LOG_KEYS);
        expect(LEVELS).toContain(line.level);
        expect(String(line.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        for (const key of Object.keys(line)) expect(key, 'snake_case field names').toMatch(/^[a-z][a-z0-9_]*$/);
      }
      const msgs = lines.map((l) => l.msg);
      for (const msg of LIFECYCLE) expect(msgs).toContain(msg);
      const start = lines.find((l) => l.msg === 'starting')!;
      for (const key of ['service', 'description', 'owner', 'port', 'log_level', 'runtime'])
        expect(start).toHaveProperty(key);
      const access = lines.filter((l) => l.msg === 'request');
      const probe = access.find((l) => l.route === '/healthz');
      expect(probe?.level).toBe('debug');
      const miss = access.find((l) => l.path === '/no/such/path');
      expect(miss).toMatchObject({ level: 'info', method: 'GET', route: 'unmatched', status: 404 });
      for (const line of access) for (const key of ACCESS_FIELDS) expect(line).toHaveProperty(key);
    },
  },
  {
    name: 'runs out of time: cuts the in-flight request, logs the timeout as every language does, exits 1',
    env: { SHUTDOWN_TIMEOUT_SECONDS: '1' },
    run: async (svc) => {
      // Outlives the delay and the 1 s timeout by far: the drain can only end by cutting it off.
      let sent = false;
      const slow = get(svc.port, `/debug/slow?ms=${(DELAY_S + 10) * 1000}`, {
        timeoutMs: 30_000,
        onSent: () => (sent = true),
      }).then(
        (r) => r.status,
        (e: Error) => e.message,
      );
      await until('the slow request sent', () => sent);
      // Time for the service to read it and start the handler.
      await new Promise((resolve) => setTimeout(resolve, 300));
      svc.signal('SIGTERM');
      const exit = await svc.exited;
      expect(exit.code, svc.output()).toBe(1);
      expect(await slow, 'the in-flight request was cut off').not.toBe(200);
      const lines = svc.lines();
      // One line for the event, the same text and fields in every language: no library's own
      // line beside it, no extra fields.
      const loud = lines.filter((l) => l.level === 'error' || l.level === 'warn');
      expect(loud, svc.output()).toHaveLength(1);
      expect(Object.keys(loud[0]!)).toEqual(TIMED_OUT_KEYS);
      expect(loud[0]).toMatchObject({ level: 'error', msg: TIMED_OUT, exit_code: 1, timeout_seconds: 1 });
      // The same text too, for whoever greps logs: a whole number of seconds reads 1, not 1.0.
      const raw = svc
        .output()
        .split('\n')
        .find((l) => l.includes(TIMED_OUT));
      expect(raw).toMatch(/"timeout_seconds":1}$/);
      expect(lines.map((l) => l.msg)).not.toContain('stopped');
      const closing = lines.find((l) => l.msg === 'no longer accepting connections, waiting for in-flight requests');
      expect(closing && Object.keys(closing), 'the listener-closed line has no fields').toEqual(LOG_KEYS);
    },
  },
  {
    name: 'turns keep-alive connections over at the drain: `Connection: close`, then FIN (never RST)',
    run: async (svc) => {
      const busy = await RawConnection.open(svc.port);
      const idle = await RawConnection.open(svc.port);
      for (const c of [busy, idle]) {
        const before = await c.exchange('/healthz');
        expect(before.status).toBe(200);
        expect(before.headers.connection ?? 'keep-alive', 'keep-alive before the signal').not.toMatch(/close/i);
      }
      svc.signal('SIGTERM');
      await until(
        'readiness 503',
        async () => (await get(svc.port, '/readyz').catch(() => ({ status: 0 }))).status === 503,
      );
      // The next response on a kept-alive connection says it is the last, and the server closes.
      const last = await busy.exchange('/healthz');
      expect(last.status).toBe(200);
      expect(last.headers.connection).toMatch(/^close$/i);
      expect(await busy.ended(5_000), 'closed with FIN after the last response').toBe('FIN');
      // Unused through the drain: closed by the server after the delay, cleanly.
      expect(await idle.ended((DELAY_S + 5) * 1000), 'idle connection closed with FIN').toBe('FIN');
      expect((await svc.exited).code, svc.output()).toBe(0);
    },
  },
  {
    name: 'drains under load: idle and slow clients do not hold it, a second signal is ignored',
    run: async (svc) => {
      const { port } = svc;
      // An idle keep-alive connection, and a client that sends a header byte every 200 ms.
      const idle = net.connect(port, '127.0.0.1');
      const trickle = net.connect(port, '127.0.0.1');
      const header = 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(400);
      let sent = 0;
      const dribble = setInterval(() => trickle.writable && trickle.write(header[sent++ % header.length]!), 200);
      const closed = [idle, trickle].map((s) => new Promise<void>((r) => s.once('close', () => r())));
      for (const s of [idle, trickle]) s.on('error', () => {});

      // Steady load on keep-alive connections, as a load balancer sends it, until readiness fails.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
      let readyOff = false;
      let ok = 0;
      const failures: string[] = [];
      const loop = async () => {
        while (!readyOff) {
          await new Promise<void>((resolve) => {
            const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent, timeout: 5000 }, (res) => {
              res.resume();
              res.on('end', () => {
                if (res.statusCode === 200) ok++;
                else failures.push(`status ${res.statusCode}`);
                resolve();
              });
            });
            req.on('timeout', () => req.destroy(new Error('timeout')));
            req.on('error', (e: NodeJS.ErrnoException) => {
              failures.push(e.code ?? e.message);
              resolve();
            });
          });
        }
      };
      const loops = Array.from({ length: 8 }, loop);
      const slowMs = (DELAY_S + 1) * 1000;
      const slow = get(port, `/debug/slow?ms=${slowMs}`, { timeoutMs: 30_000 }).then(
        (r) => r.status,
        (e: Error) => e.message,
      );
      await until('some load served', () => ok > 50);
      const stopAt = Date.now();
      svc.signal('SIGTERM');
      await until('readiness 503', async () => {
        readyOff = (await get(port, '/readyz').catch(() => ({ status: 0 }))).status === 503;
        return readyOff;
      });
      svc.signal('SIGINT'); // the second signal
      await Promise.all(loops);
      expect(await slow).toBe(200);
      const exit = await svc.exited;
      clearInterval(dribble);
      agent.destroy();
      expect(exit.code, svc.output()).toBe(0);
      // Bounded by the delay and the in-flight request, not by the idle or trickling clients
      // (they would hold it until the timeout, TIMEOUT_S).
      expect(exit.at - stopAt).toBeLessThan((DELAY_S + 1 + 3) * 1000);
      await Promise.all(closed);
      expect(failures).toEqual([]);
      const ignored = svc.lines().filter((l) => l.msg === 'signal received while draining, ignored');
      expect(ignored.map((l) => l.signal)).toEqual(['SIGINT']);
      await expect(get(port, '/healthz', { timeoutMs: 1000 })).rejects.toThrow();
    },
  },
];

/** A keep-alive connection driven by hand, to see the headers and how the server closes it. */
class RawConnection {
  private buffer = '';
  private end: Promise<'FIN' | 'RST'>;
  private waiting: (() => void) | undefined;

  private constructor(private socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      this.buffer += d;
      this.waiting?.();
    });
    this.end = new Promise((resolve) => {
      // 'end' is the peer's FIN; an ECONNRESET 'error' (close with hadError) is an RST.
      let fin = false;
      socket.on('end', () => (fin = true));
      socket.on('error', () => {});
      socket.on('close', (hadError) => resolve(fin && !hadError ? 'FIN' : 'RST'));
    });
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** The response in the buffer once it is whole (Content-Length or chunked framing). */
  private response(): { status: number; headers: Record<string, string> } | undefined {
    const head = this.buffer.indexOf('\r\n\r\n');
    if (head < 0) return undefined;
    const [statusLine, ...lines] = this.buffer.slice(0, head).split('\r\n');
    const headers = Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    );
    const body = this.buffer.slice(head + 4);
    const whole = /chunked/i.test(headers['transfer-encoding'] ?? '')
      ? body.includes('0\r\n\r\n')
      : body.length >= Number(headers['content-length'] ?? 0);
    return whole ? { status: Number(statusLine!.split(' ')[1]), headers } : undefined;
  }

  /** Sends one GET and reads its response. */
  async exchange(path: string): Promise<{ status: number; headers: Record<string, string> }> {
    this.buffer = '';
    this.socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    const end = Date.now() + 5_000;
    for (;;) {
      const whole = this.response();
      if (whole) return whole;
      if (Date.now() > end || this.socket.destroyed) throw new Error(`no whole response on ${path}: ${this.buffer}`);
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        setTimeout(resolve, 100);
      });
    }
  }

  /** How the server closed the connection, waited for with a bound. */
  async ended(ms: number): Promise<'FIN' | 'RST' | 'still open'> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'still open'>((resolve) => (timer = setTimeout(() => resolve('still open'), ms)));
    const how = await Promise.race([this.end, bound]);
    clearTimeout(timer);
    if (how === 'still open') this.socket.destroy();
    return how;
  }
}
