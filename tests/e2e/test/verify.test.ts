// Build-and-run verification with the native engine (host toolchains), on generated services and on
// copies that each break one thing a container would expose: no SIGTERM handler, readiness that never
// drops, a cgo binary for a static base, a failing build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findGoToolchain, formatStep, verifyService, type VerifyResult } from '@distroless-service/validator/service';
import { describe, expect, it } from 'vitest';
import { validatorCli as cli } from './support/bins.js';
import { edit, generatedService, lineMatching, variant } from './support/services.js';
import { sandboxReason } from './support/toolchain.js';

const python = spawnSync('sh', ['-c', 'command -v python3']).status === 0;
const go = findGoToolchain();
// The native engine runs everything in its bubblewrap sandbox.
const sandbox = sandboxReason();

function skip(available: boolean, what: string): boolean {
  if ((available && !sandbox) || process.env.CI) return false;
  console.warn(`SKIP ${what}: ${sandbox ?? 'toolchain not found'}`);
  return true;
}

/** The service's own unit tests catch this too, so the copy also drops them from the builder. */
const readinessNeverDrops = () =>
  variant('python', (d) => {
    edit(
      d,
      'app/server.py',
      'if state.draining:\n            return _json(503',
      'if False:\n            return _json(503',
    );
    edit(d, 'Dockerfile', /^RUN venv\/bin\/python -m unittest.*\n/m, '');
  });

const errors = (r: VerifyResult) =>
  r.findings
    .filter((f) => f.severity === 'error')
    .map((f) => f.ruleId)
    .sort();

describe.skipIf(skip(python, 'native verification of Python services'))(
  'native engine, Python',
  { timeout: 300_000 },
  () => {
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
        'cleanup',
      ]);
      expect(r.steps.every((s) => s.ok && s.ms >= 0)).toBe(true);
      expect(r.steps.find((s) => s.name.startsWith('drain'))!.detail).toMatch(
        /^exit 0, \d+ ms after SIGTERM \(delivered in \d+ ms, \/readyz 503 after \d+ ms\)$/,
      );
    });

    it('catches a service with no SIGTERM handler: ignored as PID 1, killed after the grace period', async () => {
      const dir = variant('python', (d) => {
        edit(d, 'app/server.py', 'for sig in (signal.SIGTERM, signal.SIGINT)}', 'for sig in (signal.SIGINT,)}');
        edit(d, 'Dockerfile', /^RUN venv\/bin\/python -m unittest.*\n/m, '');
      });
      const r = await verifyService(dir, { engine: 'native', timeoutSeconds: 6 });
      expect(errors(r)).toEqual(['drain-exit', 'drain-readiness']);
      const exit = r.findings.find((f) => f.ruleId === 'drain-exit')!;
      expect(exit.message).toMatch(
        /did not exit within the 6 s grace period after SIGTERM and was killed \(exit (137|SIGKILL)\)/,
      );
      expect(exit.message).toContain("no signal handler in the service's sources asks for SIGTERM");
      // Nothing in the sources handles SIGTERM: the finding points at the handler it belongs in.
      expect(exit).toMatchObject({
        file: 'app/server.py',
        line: lineMatching(dir, 'app/server.py', /signal\.signal\(sig, /),
      });
      expect(r.findings.find((f) => f.ruleId === 'drain-readiness')).toMatchObject({
        file: 'app/server.py',
        line: lineMatching(dir, 'app/server.py', /"\/readyz"/),
      });
      // The drain step completed, but its checks failed: no tick.
      const drained = r.steps.find((s) => s.name.startsWith('drain'))!;
      expect(drained.ok).toBe(false);
      expect(drained.findings?.sort()).toEqual(['drain-exit', 'drain-readiness']);
      expect(formatStep(drained)).toMatch(/^✖ drain/);
    });

    it('catches /readyz that never turns 503 while draining', async () => {
      const dir = readinessNeverDrops();
      const r = await verifyService(dir, { engine: 'native', timeoutSeconds: 10 });
      expect(errors(r)).toEqual(['drain-readiness']);
      const finding = r.findings.find((f) => f.ruleId === 'drain-readiness')!;
      expect(finding.message).toMatch(
        /^after SIGTERM was delivered, \/readyz kept answering 200 \(\d+ polls over \d+ ms/,
      );
      expect(finding).toMatchObject({ file: 'app/server.py', line: lineMatching(dir, 'app/server.py', /"\/readyz"/) });
      expect(r.steps.find((s) => s.name.startsWith('drain'))!.ok).toBe(false);
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
      const build = r.findings[r.findings.length - 1]!;
      expect(build.message).toContain('broken on purpose');
      // The builder's RUN line that runs the tests.
      expect(build).toMatchObject({
        file: 'Dockerfile',
        line: lineMatching(dir, 'Dockerfile', /^RUN venv\/bin\/python -m unittest/),
      });
      expect(r.steps.map((s) => s.name)).not.toContain('start');
      expect(r.steps.find((s) => s.name === 'build (native)')!.ok).toBe(false);
    });
  },
);

const npm = spawnSync('sh', ['-c', 'command -v npm']).status === 0;

describe.skipIf(skip(npm, 'native verification of Node services on Fastify'))('native engine, Node on Fastify', () => {
  it('verifies a generated --framework fastify service: builds, probes, drains, exits 0', async () => {
    const r = await verifyService(generatedService('node', 'distroless', 'fastify'), {
      engine: 'native',
      timeoutSeconds: 10,
    });
    expect(errors(r), JSON.stringify(r.findings, null, 2)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.steps.map((s) => s.name)).toContain('drain (SIGTERM with a request in flight)');
    expect(r.steps.find((s) => s.name.startsWith('drain'))!.detail).toMatch(/^exit 0, /);
  }, 300_000);
});

describe.skipIf(skip(Boolean(go), 'native verification of Go services'))('native engine, Go', () => {
  it('catches a cgo binary meant for the static base', async () => {
    const dir = variant('go', (d) => edit(d, 'Dockerfile', /^ENV CGO_ENABLED=0\n/m, ''));
    // The host has a C compiler, so Go links the net package's resolver dynamically, as a builder with gcc would.
    const r = await verifyService(dir, { engine: 'native', timeoutSeconds: 10 });
    expect(errors(r), JSON.stringify(r.findings, null, 2)).toEqual(['dockerfile-go-cgo', 'go-static-binary']);
    expect(r.findings.find((f) => f.ruleId === 'go-static-binary')).toMatchObject({
      file: 'Dockerfile',
      line: lineMatching(dir, 'Dockerfile', /^RUN .*go-build/),
    });
    // It built, but the binary it built is wrong: the build step shows no tick, nor do the static checks.
    expect(r.steps.find((s) => s.name === 'build (native)')).toMatchObject({
      ok: false,
      findings: ['go-static-binary'],
    });
    expect(r.steps.find((s) => s.name === 'static checks')!.ok).toBe(false);
  }, 300_000);
});

describe('service command', { timeout: 300_000 }, () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [cli, 'service', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 280_000,
    });

  it.each([
    [['/nonexistent/svc'], 'is not a directory'],
    [['a', 'b'], 'expected exactly one service directory'],
    [['.', '--engine', 'kubernetes'], '--engine must be auto, docker, podman or native'],
    [['.', '--format', 'xml'], '--format must be one of stylish, json, sarif, github'],
    [['.', '--timeout', '2'], '--timeout must be whole seconds from 5 to 86400'],
    [['.', '--grace', '2'], '--grace must be whole seconds from 5 to 3600'],
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

  it('still prints the static findings when nothing can build or run the service (stylish and json)', () => {
    const empty = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'no-tools-'));
    const dir = variant('python', (d) => edit(d, 'Dockerfile', 'USER 65532:65532', 'USER 0'));
    const userLine = lineMatching(dir, 'Dockerfile', /^USER 0/);
    const stylish = run([dir, '--engine', 'native'], { PATH: empty });
    expect(stylish.status).toBe(2);
    expect(stylish.stderr).toContain('no python3 on PATH');
    expect(stylish.stdout).toMatch(new RegExp(`^ +\\S*Dockerfile:${userLine} +error .*dockerfile-user$`, 'm'));
    expect(stylish.stdout).toContain(
      '✖ service could not be verified: the native engine cannot build it: no python3 on PATH',
    );
    // The static checks found an error: their step line shows no tick.
    expect(stylish.stderr).toMatch(/^✖ static checks/m);
    expect(stylish.stderr).not.toMatch(/^✔/m);

    const json = run([dir, '--engine', 'native', '--format', 'json'], { PATH: empty });
    expect(json.status).toBe(2);
    const out = JSON.parse(json.stdout);
    expect(out).toMatchObject({ ok: false, engine: null });
    expect(out.error).toContain('no python3 on PATH');
    expect(out.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'dockerfile-user', file: 'Dockerfile', line: userLine }),
    );
    expect(out.steps).toEqual([expect.objectContaining({ name: 'static checks', ok: false })]);
  });

  it.skipIf(skip(python, 'service --format json'))(
    'prints one JSON object with --format json and exits 0 on a good service',
    () => {
      const r = run([generatedService('python'), '--engine', 'native', '--format', 'json', '--grace', '10']);
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
    const r = run([dir, '--engine', 'native', '--grace', '10']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('drain-readiness');
    expect(r.stderr).toMatch(/✔ build \(native\)/);
    expect(r.stderr).toMatch(/^✖ drain \(SIGTERM with a request in flight\).*\[drain-readiness\]$/m);
  });
});
