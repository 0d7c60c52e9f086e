import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import { ConfigError, createService, loadConfig, type Config, type Logger } from '../src/service.js';

const quiet: Logger = () => {};
const config = (over: Partial<Config> = {}): Config => ({
  port: 0,
  shutdownDelayMs: 100,
  shutdownTimeoutMs: 2_000,
  debugEndpoints: true,
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

async function started(over: Partial<Config> = {}) {
  const service = createService(config(over), quiet);
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

describe('drain', () => {
  it('turns readiness to 503 at once, keeps serving during the delay, then lets in-flight requests finish', async () => {
    const { service, port } = await started({ shutdownDelayMs: 300 });
    const agent = new http.Agent({ keepAlive: true });
    const slow = get(port, '/debug/slow?ms=600', agent);
    await new Promise((r) => setTimeout(r, 50));
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

  it('gives up after the timeout with exit code 1', async () => {
    const { service, port } = await started({ shutdownDelayMs: 0, shutdownTimeoutMs: 200 });
    const slow = get(port, '/debug/slow?ms=5000').catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    assert.equal(await service.shutdown('SIGTERM'), 1);
    assert.ok(Date.now() - t0 < 1_000);
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
    assert.deepEqual(loadConfig({}, 8080), { port: 8080, shutdownDelayMs: 5_000, shutdownTimeoutMs: 20_000, debugEndpoints: false });
  });

  it('reads decimal seconds, the port and the debug switch', () => {
    const c = loadConfig({ PORT: '9000', SHUTDOWN_DELAY_SECONDS: '0.5', SHUTDOWN_TIMEOUT_SECONDS: '3', DEBUG_ENDPOINTS: 'true' }, 8080);
    assert.deepEqual(c, { port: 9000, shutdownDelayMs: 500, shutdownTimeoutMs: 3_000, debugEndpoints: true });
  });

  for (const [key, value] of [
    ['PORT', 'http'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['SHUTDOWN_DELAY_SECONDS', '5s'],
    ['SHUTDOWN_TIMEOUT_SECONDS', '-1'],
    ['DEBUG_ENDPOINTS', 'yes please'],
  ] as const) {
    it(`rejects ${key}=${value}`, () => {
      assert.throws(() => loadConfig({ [key]: value }, 8080), (err: unknown) => err instanceof ConfigError && err.message.startsWith(key));
    });
  }
});
