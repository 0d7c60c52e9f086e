// Generates each language into a temporary directory, follows the "Next steps" the CLI printed
// (build and unit tests, with the host toolchain, as a new user would), runs the service's further
// checks, then runs the shared black-box contract (support/contract.ts) against it as a plain
// process: probes, metrics, log schema, slow clients, drain under load, second signal.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort, waitReady, type ServiceExit } from '@distroless-service/validator/service';
import { beforeAll, describe, expect, it } from 'vitest';
import { runGenerator, tempDir } from './support/generator.js';
import { contract, launch, type Launch } from './support/contract.js';
import { findGo, findNpm, findPython, requireTool, skipWithout, type Tool } from './support/toolchain.js';

/** The commands under "Next steps:" in the CLI's output: `cd <dir>`, the steps, `docker build`. */
function nextSteps(stdout: string): string[] {
  const at = stdout.indexOf('\nNext steps:\n');
  expect(at, stdout).toBeGreaterThanOrEqual(0);
  return stdout
    .slice(at + '\nNext steps:\n'.length)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Runs one printed step as a user types it: a shell, the toolchain's folder first on PATH. */
function shell(step: string, dir: string, env: NodeJS.ProcessEnv): void {
  try {
    execFileSync('sh', ['-c', step], { cwd: dir, env, stdio: 'pipe', timeout: 240_000 });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`next step \`${step}\` failed: ${e.message}\n${e.stdout}\n${e.stderr}`);
  }
}

interface Lang {
  /** The row's name: the language, or language-framework. */
  variant: string;
  lang: 'node' | 'go' | 'python';
  /** --framework, for a Node variant other than the default. */
  framework?: 'fastify';
  tool: Tool;
  /** Checks beyond the printed next steps (which build and unit-test), run in the service directory. */
  steps: (bin: string, dir: string) => [string, string[]][];
  run: (bin: string, dir: string) => Launch;
  env?: NodeJS.ProcessEnv;
}

const node: Omit<Lang, 'variant'> = {
  lang: 'node',
  tool: findNpm(),
  // npm ci, build and test are the next steps.
  steps: () => [],
  run: (_bin, dir) => ({ cmd: process.execPath, args: ['dist/server.js'], cwd: dir }),
};

const langs: Lang[] = [
  { variant: 'node', ...node },
  // The Fastify variant keeps the same contract: the same rows, checked the same way.
  { variant: 'node-fastify', ...node, framework: 'fastify' },
  {
    variant: 'go',
    lang: 'go',
    tool: findGo(),
    // Modules come from the machine's configured proxy (go env GOPROXY), checked against go.sum.
    env: { GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' },
    // go test is a next step.
    steps: (bin) => [
      [bin, ['mod', 'verify']],
      [bin, ['vet', './...']],
      [bin, ['build', '-trimpath', '-o', 'service', '.']],
    ],
    run: (_bin, dir) => ({ cmd: path.join(dir, 'service'), args: [], cwd: dir }),
  },
  {
    variant: 'python',
    lang: 'python',
    tool: findPython(),
    // The next steps install the lock as the Dockerfile does (hash-checked, into a virtual
    // environment) and run the unit tests.
    steps: () => [],
    run: (_py, dir) => ({ cmd: path.join(dir, '.venv/bin/python'), args: ['-m', 'app'], cwd: dir }),
  },
];

describe.each(langs)('$variant service', ({ variant, lang, framework, tool, steps, run, env }) => {
  const skip = skipWithout(tool, `${variant} end-to-end`);
  let dir = '';
  let bin = '';
  let printed: string[] = [];
  // The printed steps name the tools bare: the toolchain found is the one on PATH.
  const stepEnv = (): NodeJS.ProcessEnv => ({
    ...process.env,
    ...env,
    PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH ?? ''}`,
  });

  beforeAll(() => {
    if (skip || !tool.bin) return;
    bin = tool.bin;
    const cwd = tempDir(`e2e-${variant}-`);
    const r = runGenerator(
      [
        `e2e-${variant}`,
        '--lang',
        lang,
        ...(framework ? ['--framework', framework] : []),
        '--no-git',
        '--description',
        'End-to-end "test" & co',
      ],
      { cwd },
    );
    expect(r.code, r.stderr).toBe(0);
    dir = path.join(cwd, `e2e-${variant}`);
    printed = nextSteps(r.stdout);
  });

  it.skipIf(skip)(
    'follows the printed next steps: builds and passes its own unit tests',
    () => {
      requireTool(tool);
      expect(printed[0]).toBe(`cd e2e-${variant}`);
      expect(printed.at(-1)).toBe(`docker build -t e2e-${variant} .`);
      // The step before docker build starts the service: the next test runs it.
      for (const step of printed.slice(1, -2)) shell(step, dir, stepEnv());
      for (const [cmd, args] of steps(bin, dir)) {
        try {
          execFileSync(cmd, args, { cwd: dir, env: { ...process.env, ...env }, stdio: 'pipe', timeout: 240_000 });
        } catch (error) {
          const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
          throw new Error(`${cmd} ${args.join(' ')} failed: ${e.message}\n${e.stdout}\n${e.stderr}`);
        }
      }
      // A bound, not a timing check: an install, a build and a test run, each bounded by its own
      // 240 s timeout above, where the suite's 180 s default cut a Fastify service's off on a busy
      // machine.
    },
    720_000,
  );

  it.skipIf(skip)('starts with the printed run step and answers /readyz', async () => {
    requireTool(tool);
    const step = printed.at(-2)!;
    const port = await freePort();
    // A process group of its own: npm and go run start the service as a child, which must go too.
    const child = spawn('sh', ['-c', `exec ${step}`], {
      cwd: dir,
      env: { ...stepEnv(), PORT: String(port) },
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<ServiceExit>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
    const group = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // Gone already.
      }
    };
    try {
      // go run compiles first: a generous bound on a busy machine.
      await waitReady({ port, exited, stop: () => group('SIGTERM') }, 180_000).catch((error: Error) => {
        throw new Error(`\`${step}\`: ${error.message}\n${stderr}`);
      });
    } finally {
      group('SIGKILL');
    }
  });

  describe.each(contract)('contract: $name', (check) => {
    it.skipIf(skip)('holds', async () => {
      requireTool(tool);
      const svc = await launch({ ...run(bin, dir), env }, check.env);
      try {
        await check.run(svc);
      } finally {
        svc.kill();
      }
    });
  });
});
