// Build-and-run verification with the native engine (host toolchains), on generated services and on
// copies that each break one thing a container would expose: no SIGTERM handler, readiness that never
// drops, a cgo binary for a static base, a failing build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findGo } from '../../../src/service/static/index.js';
import { verifyService, type VerifyResult } from '../../../src/service/verify.js';
import { edit, generatedService, variant } from '../static/support.js';

const cli = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));
const python = spawnSync('sh', ['-c', 'command -v python3']).status === 0;
const go = findGo({});

function skip(available: boolean, what: string): boolean {
  if (available || process.env.CI) return false;
  console.warn(`SKIP ${what}: toolchain not found`);
  return true;
}

/** The service's own unit tests catch this too, so the copy also drops them from the builder. */
const readinessNeverDrops = () =>
  variant('python', (d) => {
    edit(d, 'app/server.py', 'if self.server.draining.is_set():', 'if False:');
    edit(d, 'Dockerfile', /^RUN python -m unittest.*\n/m, '');
  });

const errors = (r: VerifyResult) =>
  r.findings
    .filter((f) => f.severity === 'error')
    .map((f) => f.ruleId)
    .sort();

describe.skipIf(skip(python, 'native verification of Python services'))('native engine, Python', () => {
  it('verifies a generated service: builds, probes, drains, exits 0', async () => {
    const steps: string[] = [];
    const r = await verifyService(generatedService('python'), {
      engine: 'native',
      timeoutSeconds: 10,
      onStep: (s) => steps.push(s.name),
    });
    expect(errors(r), JSON.stringify(r.findings, null, 2)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.engine).toBe('native');
    expect(steps).toEqual([
      'static checks',
      'build (native)',
      'start',
      'ready (/readyz 200)',
      'idle memory',
      'drain (SIGTERM with a request in flight)',
    ]);
    expect(r.steps.every((s) => s.ok && s.ms >= 0)).toBe(true);
  });

  it('catches a service with no SIGTERM handler: ignored as PID 1, killed after the grace period', async () => {
    const dir = variant('python', (d) => {
      edit(d, 'app/main.py', 'signal.signal(signal.SIGTERM, on_signal)', 'pass  # no SIGTERM handler');
    });
    const r = await verifyService(dir, { engine: 'native', timeoutSeconds: 6 });
    expect(errors(r)).toEqual(['drain-exit', 'drain-readiness']);
    const exit = r.findings.find((f) => f.ruleId === 'drain-exit')!;
    expect(exit.message).toMatch(
      /did not exit within the 6 s grace period after SIGTERM and was killed \(exit (137|SIGKILL)\)/,
    );
  });

  it('catches /readyz that never turns 503 while draining', async () => {
    const dir = readinessNeverDrops();
    const r = await verifyService(dir, { engine: 'native', timeoutSeconds: 10 });
    expect(errors(r)).toEqual(['drain-readiness']);
    expect(r.findings.find((f) => f.ruleId === 'drain-readiness')!.message).toContain(
      '/readyz answered 200 right after SIGTERM',
    );
  });

  it('reports a failing builder step as a build finding and does not run the service', async () => {
    const tests = path.join(generatedService('python'), 'tests');
    const testFile = fs.readdirSync(tests).find((f) => f.startsWith('test_'))!;
    const dir = variant('python', (d) =>
      fs.appendFileSync(
        path.join(d, 'tests', testFile),
        '\n\nclass Broken(unittest.TestCase):\n    def test_fails(self):\n        self.fail("broken on purpose")\n',
      ),
    );
    const r = await verifyService(dir, { engine: 'native', timeoutSeconds: 10 });
    expect(errors(r)).toEqual(['build']);
    expect(r.findings[r.findings.length - 1]!.message).toContain('broken on purpose');
    expect(r.steps.map((s) => s.name)).not.toContain('start');
  });
});

describe.skipIf(skip(Boolean(go), 'native verification of Go services'))('native engine, Go', () => {
  it('catches a cgo binary meant for the static base', async () => {
    const dir = variant('go', (d) => edit(d, 'Dockerfile', /^ENV CGO_ENABLED=0\n/m, ''));
    // The host has a C compiler, so Go links the net package's resolver dynamically, as a builder with gcc would.
    const r = await verifyService(dir, { engine: 'native', timeoutSeconds: 10 });
    expect(errors(r)).toEqual(['dockerfile-go-cgo', 'go-static-binary']);
  }, 300_000);
});

describe('service command', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [cli, 'service', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 120_000,
    });

  it.each([
    [['/nonexistent/svc'], 'is not a directory'],
    [['a', 'b'], 'expected exactly one service directory'],
    [['.', '--engine', 'kubernetes'], '--engine must be auto, docker, podman or native'],
    [['.', '--format', 'xml'], '--format must be stylish or json'],
    [['.', '--timeout', '2'], '--timeout must be whole seconds from 5 to 3600'],
    [['.', '--bogus'], "Unknown option '--bogus'"],
  ])('exits 2 on bad arguments %j', (args, message) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('exits 2 when nothing can build or run the service', () => {
    const empty = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'no-tools-'));
    // No docker, podman, python3 or unshare on PATH: the Python service cannot be run at all.
    const r = run([generatedService('python'), '--engine', 'native'], { PATH: empty });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no python3 on PATH');
    const docker = run([generatedService('python'), '--engine', 'docker'], { PATH: empty });
    expect(docker.status).toBe(2);
    expect(docker.stderr).toContain('docker is not usable here');
  });

  it.skipIf(skip(python, 'service --format json'))(
    'prints one JSON object with --format json and exits 0 on a good service',
    () => {
      const r = run([generatedService('python'), '--engine', 'native', '--format', 'json', '--timeout', '10']);
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(Object.keys(out)).toEqual(['ok', 'engine', 'findings', 'steps']);
      expect(out.ok).toBe(true);
      expect(out.engine).toBe('native');
      expect(out.steps.map((s: { name: string }) => s.name)).toContain('drain (SIGTERM with a request in flight)');
      expect(
        out.findings.every(
          (f: { ruleId: string; severity: string; file: string; line: number; message: string }) =>
            typeof f.ruleId === 'string' && typeof f.line === 'number' && typeof f.message === 'string',
        ),
      ).toBe(true);
    },
  );

  it.skipIf(skip(python, 'service exit 1'))('exits 1 when the service fails a check', () => {
    const dir = readinessNeverDrops();
    const r = run([dir, '--engine', 'native', '--timeout', '10']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('drain-readiness');
    expect(r.stderr).toMatch(/✔ build \(native\)/);
  });
});
