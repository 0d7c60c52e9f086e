import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import { createService, jsonLogger, type Logger } from '../src/service.js';

const quiet: Logger = jsonLogger('error', () => {});
const until = async (check: () => boolean, ms = 5_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};
const config = (over: Partial<Config> = {}): Config => ({
  port: 0,
  shutdownDelayMs: 100,
  shutdownTimeoutMs: 2_000,
  debugEndpoints: true,
  logLevel: 'info',
  ...over,
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(port: number, path: string, agent: http.Agent | false = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

async function started(over: Partial<Config> = {}, log: Logger = quiet) {
  const service = createService(config(over), log);
  const { port } = await service.listen();
  return { service, port };
}

describe('probes', () => {
  it('answers /healthz and /readyz with 200 while running', async () => {
    const { service, port } = await started();
    assert.equal((await get(port, '/healthz')).status, 200);
    const ready = await get(port, '/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(JSON.parse(ready.body), { status: 'ready' });
    assert.equal(await service.shutdown('test'), 0);
  });

  it('answers 404 for unknown paths and 405 for other methods', async () => {
    const { service, port } = await started();
    assert.equal((await get(port, '/nope')).status, 404);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { method: 'POST' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
    await res.body?.cancel();
    assert.equal(await service.shutdown('test'), 0);
  });

  it('hides /debug/slow unless DEBUG_ENDPOINTS is on and validates ms', async () => {
    const off = await started({ debugEndpoints: false });
    assert.equal((await get(off.port, '/debug/slow?ms=1')).status, 404);
    await off.service.shutdown('test');
    const on = await started();
    assert.equal((await get(on.port, '/debug/slow?ms=5')).status, 200);
    assert.equal((await get(on.port, '/debug/slow?ms=30001')).status, 400);
    assert.equal((await get(on.port, '/debug/slow?ms=-1')).status, 400);
    await on.service.shutdown('test');
  });
});

describe('metrics and access log', () => {
  it('counts requests by method, route and status on /metrics, with no raw paths', async () => {
    const { service, port } = await started();
    for (let i = 0; i < 3; i++) await get(port, '/healthz');
    await get(port, '/nope/123');
    const res = await get(port, '/metrics');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.match(res.body, /^http_requests_total\{method="GET",route="\/healthz",status="200"\} 3$/m);
    assert.match(res.body, /^http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
    assert.match(res.body, /^http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/healthz",status="200"\} 3$/m);
    assert.doesNotMatch(res.body, /nope/);
    assert.equal(await service.shutdown('test'), 0);
  });

  it('logs one line per request; probes only at debug', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = jsonLogger('info', (line) => void lines.push(JSON.parse(line) as Record<string, unknown>));
    const { service, port } = await started({}, log);
    await get(port, '/healthz');
    await get(port, '/nope');
    await until(() => lines.some((l) => l.msg === 'request'));
    const access = lines.filter((l) => l.msg === 'request');
    assert.equal(access.length, 1);
    assert.deepEqual(Object.keys(access[0] ?? {}).slice(0, 3), ['time', 'level', 'msg']);
    assert.equal(access[0]?.level, 'info');
    assert.equal(access[0]?.route, 'unmatched');
    assert.equal(access[0]?.status, 404);
    assert.equal(access[0]?.path, '/nope');
    assert.equal(typeof access[0]?.duration_ms, 'number');
    await service.shutdown('test');
  });
});

describe('drain', () => {
  it('is not held up by idle keep-alive connections or clients still sending headers', async () => {
    // A drain held by these clients would end at the timeout with exit code 1.
    const { service, port } = await started({ shutdownDelayMs: 100, shutdownTimeoutMs: 5_000 });
    const idle = net.connect(port, '127.0.0.1');
    const trickle = net.connect(port, '127.0.0.1');
    trickle.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); // headers never finished
    await Promise.all([idle, trickle].map((s) => new Promise((r) => s.once('connect', r))));
    const closed = Promise.all([idle, trickle].map((s) => new Promise((r) => s.once('close', r))));
    assert.equal(await service.shutdown('SIGTERM'), 0);
    await closed;
  });

  it('turns readiness to 503 at once, keeps serving during the delay, then lets in-flight requests finish', async () => {
    const { service, port } = await started({ shutdownDelayMs: 300 });
    const agent = new http.Agent({ keepAlive: true });
    const arrived = new Promise((r) => service.server.once('request', r));
    const slow = get(port, '/debug/slow?ms=600', agent);
    await arrived;
    const t0 = Date.now();
    const exit = service.shutdown('SIGTERM');

    const ready = await get(port, '/readyz');
    assert.equal(ready.status, 503);
    assert.deepEqual(JSON.parse(ready.body), { status: 'draining' });
    assert.equal(ready.headers.connection, 'close');
    assert.equal((await get(port, '/healthz')).status, 200, 'liveness stays 200 while draining');

    const done = await slow;
    assert.equal(done.status, 200);
    assert.equal(done.headers.connection, 'close', 'a kept-alive in-flight request is told to close');
    assert.equal(await exit, 0);
    assert.ok(Date.now() - t0 >= 300, 'served through the delay');
    assert.equal(service.server.listening, false);
    await assert.rejects(get(port, '/healthz'), 'no new connections after the drain');
    agent.destroy();
  });

  it('serves connections the kernel completed but the service had not accepted yet when the delay ended', async () => {
    // The process is not always scheduled when its delay ends: connections can wait in the kernel's
    // accept queue, and closing the listener then resets them. Made certain here by holding the
    // event loop past the end of the delay right after the clients connect.
    const delay = 100;
    const { service, port } = await started({ shutdownDelayMs: delay });
    const end = Date.now() + delay + 50;
    const exit = service.shutdown('SIGTERM');
    const answers: Promise<string>[] = [];
    setImmediate(() => {
      for (let i = 0; i < 4; i++) {
        const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
        answers.push(
          new Promise((resolve) => {
            let text = '';
            socket.setEncoding('utf8').on('data', (d: string) => (text += d));
            socket.on('error', (err: NodeJS.ErrnoException) => (text += `error ${err.code ?? err.message}`));
            socket.on('close', () => resolve(text));
          }),
        );
      }
    });
    // Runs after the connect() calls above (issued on the next tick), before the timers.
    setImmediate(() => {
      while (Date.now() < end); // the event loop held: the connections queue in the kernel
    });
    assert.equal(await exit, 0);
    for (const text of await Promise.all(answers)) assert.match(text, /^HTTP\/1\.1 200 /, text || 'closed without an answer');
  });

  it('gives up after the timeout with exit code 1', async () => {
    const { service, port } = await started({ shutdownDelayMs: 0, shutdownTimeoutMs: 200 });
    const arrived = new Promise((r) => service.server.once('request', r));
    const slow = get(port, '/debug/slow?ms=5000').catch((err: unknown) => err);
    await arrived;
    assert.equal(await service.shutdown('SIGTERM'), 1);
    assert.ok((await slow) instanceof Error, 'the stuck request was cut off');
  });

  it('is idempotent', async () => {
    const { service } = await started({ shutdownDelayMs: 0 });
    const a = service.shutdown('SIGTERM');
    assert.equal(service.shutdown('SIGINT'), a);
    assert.equal(await a, 0);
  });
});

describe('loadConfig', () => {
  it('uses the defaults', () => {
    assert.deepEqual(loadConfig({}, 8080), {
      port: 8080,
      shutdownDelayMs: 5_000,
      shutdownTimeoutMs: 20_000,
      debugEndpoints: false,
      logLevel: 'info',
    });
  });

  it('reads decimal seconds, the port and the debug switch', () => {
    const c = loadConfig(
      { PORT: '9000', SHUTDOWN_DELAY_SECONDS: '0.5', SHUTDOWN_TIMEOUT_SECONDS: '3', DEBUG_ENDPOINTS: 'true', LOG_LEVEL: 'WARN' },
      8080,
    );
    assert.deepEqual(c, { port: 9000, shutdownDelayMs: 500, shutdownTimeoutMs: 3_000, debugEndpoints: true, logLevel: 'warn' });
  });

  for (const [key, value] of [
    ['PORT', 'http'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['SHUTDOWN_DELAY_SECONDS', '5s'],
    ['SHUTDOWN_TIMEOUT_SECONDS', '-1'],
    ['DEBUG_ENDPOINTS', 'yes please'],
    ['LOG_LEVEL', 'warning'],
  ] as const) {
    it(`rejects ${key}=${value}`, () => {
      assert.throws(() => loadConfig({ [key]: value }, 8080), (err: unknown) => err instanceof ConfigError && err.message.startsWith(key));
    });
  }
});
