// Runs the compiled entry point as a child process: env parsing, start log, signal handling, exit codes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DESCRIPTION, OWNER, SERVICE_NAME } from '../src/service-info.js';

const entry = fileURLToPath(new URL('../src/server.js', import.meta.url));
type Line = Record<string, unknown>;

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Line[] = [];
  const waiters: Array<[(l: Line) => boolean, (l: Line) => void]> = [];
  createInterface({ input: child.stdout }).on('line', (text) => {
    const line = JSON.parse(text) as Line; // every stdout line must be JSON
    lines.push(line);
    for (const w of waiters.splice(0)) (w[0](line) ? w[1](line) : waiters.push(w));
  });
  const waitFor = (msg: string) =>
    new Promise<Line>((resolve) => {
      const hit = lines.find((l) => l.msg === msg);
      if (hit) resolve(hit);
      else waiters.push([(l) => l.msg === msg, resolve]);
    });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, lines, waitFor, exited };
}

describe('server.js', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`drains on ${signal} and exits 0`, async () => {
      const { child, waitFor, exited } = run({ PORT: '0', SHUTDOWN_DELAY_SECONDS: '0.2', DEBUG_ENDPOINTS: 'false' });
      const { port } = await waitFor('listening');
      const res = await fetch(`http://127.0.0.1:${String(port)}/readyz`);
      assert.equal(res.status, 200);
      await res.text();
      child.kill(signal);
      await waitFor('shutdown signal received, draining');
      const [code] = await exited;
      assert.equal(code, 0);
    });
  }

  it('logs and ignores a second signal while draining', async () => {
    const { child, lines, waitFor, exited } = run({ PORT: '0', SHUTDOWN_DELAY_SECONDS: '0.5' });
    await waitFor('listening');
    child.kill('SIGTERM');
    await waitFor('shutdown signal received, draining');
    child.kill('SIGINT');
    const ignored = await waitFor('signal received while draining, ignored');
    assert.equal(ignored.signal, 'SIGINT');
    const [code] = await exited;
    assert.equal(code, 0);
    assert.equal(lines.at(-1)?.msg, 'stopped');
    for (const l of lines) {
      assert.deepEqual(Object.keys(l).slice(0, 3), ['time', 'level', 'msg']);
      assert.ok(['debug', 'info', 'warn', 'error'].includes(String(l.level)));
    }
  });

  it('logs the service name, description and owner exactly once, as JSON', async () => {
    const { child, lines, waitFor, exited } = run({ PORT: '0', SHUTDOWN_DELAY_SECONDS: '0' });
    await waitFor('listening');
    child.kill('SIGTERM');
    await exited;
    const start = lines.filter((l) => l.msg === 'starting');
    assert.equal(start.length, 1);
    assert.equal(start[0]?.service, SERVICE_NAME);
    assert.equal(start[0]?.description, DESCRIPTION);
    assert.equal(start[0]?.owner, OWNER);
    for (const l of lines) assert.ok(typeof l.time === 'string' && typeof l.level === 'string' && typeof l.msg === 'string');
  });

  it('refuses invalid configuration with exit code 2', async () => {
    const { child, exited } = run({ SHUTDOWN_TIMEOUT_SECONDS: 'soon' });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = await exited;
    assert.equal(code, 2);
    assert.match(stderr, /SHUTDOWN_TIMEOUT_SECONDS/);
  });
});
