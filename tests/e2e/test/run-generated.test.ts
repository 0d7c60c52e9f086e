// Generates each language into a temporary directory, runs the service's own build and tests with
// the host toolchain, then runs it: probes answered, and SIGTERM with a request in flight turns
// /readyz to 503, lets the request finish and exits 0 in time.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { drain, freePort, waitReady, type ServiceExit } from '@distroless-service/validator/service';
import { beforeAll, describe, expect, it } from 'vitest';
import { runGenerator, tempDir } from './support/generator.js';
import { findGo, findNpm, findPython, requireTool, skipWithout, type Tool } from './support/toolchain.js';

const DELAY_S = 1;
const TIMEOUT_S = 5;
const SLOW_MS = 2500;

interface Lang {
  lang: 'node' | 'go' | 'python';
  tool: Tool;
  /** Build and unit-test steps, run in the service directory. */
  steps: (bin: string) => [string, string[]][];
  run: (bin: string, dir: string) => [string, string[]];
  env?: NodeJS.ProcessEnv;
}

const go = findGo();
const langs: Lang[] = [
  {
    lang: 'node',
    tool: findNpm(),
    steps: (npm) => [
      [npm, ['ci', '--no-audit', '--no-fund']],
      [npm, ['run', 'build']],
      [npm, ['test']],
    ],
    run: () => [process.execPath, ['dist/server.js']],
  },
  {
    lang: 'go',
    tool: go,
    // GOPROXY=off proves the service needs no module from outside the standard library.
    env: { GOPROXY: 'off', GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' },
    steps: (bin) => [
      [bin, ['vet', './...']],
      [bin, ['test', './...']],
      [bin, ['build', '-trimpath', '-o', 'service', '.']],
    ],
    run: (_bin, dir) => [path.join(dir, 'service'), []],
  },
  {
    lang: 'python',
    tool: findPython(),
    steps: (py) => [[py, ['-m', 'unittest', 'discover', '-s', 'tests', '-v']]],
    run: (py) => [py, ['-m', 'app']],
  },
];

describe.each(langs)('$lang service', ({ lang, tool, steps, run, env }) => {
  const skip = skipWithout(tool, `${lang} end-to-end`);
  let dir = '';
  let bin = '';

  beforeAll(() => {
    if (skip || !tool.bin) return;
    bin = tool.bin;
    const cwd = tempDir(`e2e-${lang}-`);
    const r = runGenerator([`e2e-${lang}`, '--lang', lang, '--no-git', '--description', 'End-to-end "test" & co'], {
      cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    dir = path.join(cwd, `e2e-${lang}`);
  });

  it.skipIf(skip)('builds and passes its own unit tests', () => {
    requireTool(tool);
    for (const [cmd, args] of steps(bin)) {
      try {
        execFileSync(cmd, args, { cwd: dir, env: { ...process.env, ...env }, stdio: 'pipe', timeout: 170_000 });
      } catch (error) {
        const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
        throw new Error(`${cmd} ${args.join(' ')} failed: ${e.message}\n${e.stdout}\n${e.stderr}`);
      }
    }
  });

  it.skipIf(skip)('answers probes, and drains on SIGTERM with a request in flight', async () => {
    requireTool(tool);
    const port = await freePort();
    const [cmd, args] = run(bin, dir);
    const child = spawn(cmd, args, {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        SHUTDOWN_DELAY_SECONDS: String(DELAY_S),
        SHUTDOWN_TIMEOUT_SECONDS: String(TIMEOUT_S),
        DEBUG_ENDPOINTS: 'true',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<ServiceExit>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
    const target = { port, exited, stop: () => void child.kill('SIGTERM') };
    try {
      const readyMs = await waitReady(target, 20_000);
      const report = await drain(target, { slowMs: SLOW_MS, graceMs: (DELAY_S + TIMEOUT_S) * 1000 });
      console.log(`${lang}: ready in ${readyMs} ms, SIGTERM to exit ${report.stopToExitMs} ms`);
      expect(report.readyBefore).toBe(200);
      expect(report.healthBefore).toBe(200);
      expect(report.readyWhileDraining).toBe(503);
      expect(report.slowStatus, report.slowError).toBe(200);
      expect(report.exit.code, stdout + stderr).toBe(0);
      expect(report.exit.signal).toBeNull();
      // Not before the in-app delay, and well within delay + timeout.
      expect(report.stopToExitMs).toBeGreaterThanOrEqual(DELAY_S * 1000);
      expect(report.stopToExitMs).toBeLessThan((DELAY_S + TIMEOUT_S) * 1000);
      expect(report.refusedAfterExit).toBe(true);
      // JSON log lines on stdout, each with a message.
      const lines = stdout.trim().split('\n');
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) expect(JSON.parse(line)).toHaveProperty('msg');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
