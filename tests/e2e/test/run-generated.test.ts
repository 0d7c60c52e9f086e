// Generates each language into a temporary directory, runs the service's own build and unit tests
// with the host toolchain, then runs the shared black-box contract (support/contract.ts) against
// it as a plain process: probes, metrics, log schema, slow clients, drain under load, second signal.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runGenerator, tempDir } from './support/generator.js';
import { contract, launch, type Launch } from './support/contract.js';
import { findGo, findNpm, findPython, requireTool, skipWithout, type Tool } from './support/toolchain.js';

interface Lang {
  /** The row's name: the language, or language-framework. */
  variant: string;
  lang: 'node' | 'go' | 'python';
  /** --framework, for a Node variant other than the default. */
  framework?: 'fastify';
  tool: Tool;
  /** Build and unit-test steps, run in the service directory. */
  steps: (bin: string, dir: string) => [string, string[]][];
  run: (bin: string, dir: string) => Launch;
  env?: NodeJS.ProcessEnv;
}

const node: Omit<Lang, 'variant'> = {
  lang: 'node',
  tool: findNpm(),
  steps: (npm) => [
    [npm, ['ci', '--no-audit', '--no-fund']],
    [npm, ['run', 'build']],
    [npm, ['test']],
  ],
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
    steps: (bin) => [
      [bin, ['mod', 'verify']],
      [bin, ['vet', './...']],
      [bin, ['test', './...']],
      [bin, ['build', '-trimpath', '-o', 'service', '.']],
    ],
    run: (_bin, dir) => ({ cmd: path.join(dir, 'service'), args: [], cwd: dir }),
  },
  {
    variant: 'python',
    lang: 'python',
    tool: findPython(),
    // The lock is installed as the Dockerfile does: hash-checked, into a virtual environment.
    steps: (py, dir) => [
      [py, ['-m', 'venv', '.venv']],
      [path.join(dir, '.venv/bin/pip'), ['install', '-q', '--require-hashes', '--no-deps', '-r', 'requirements.txt']],
      [path.join(dir, '.venv/bin/python'), ['-m', 'unittest', 'discover', '-s', 'tests', '-v']],
    ],
    run: (_py, dir) => ({ cmd: path.join(dir, '.venv/bin/python'), args: ['-m', 'app'], cwd: dir }),
  },
];

describe.each(langs)('$variant service', ({ variant, lang, framework, tool, steps, run, env }) => {
  const skip = skipWithout(tool, `${variant} end-to-end`);
  let dir = '';
  let bin = '';

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
  });

  it.skipIf(skip)('builds and passes its own unit tests', () => {
    requireTool(tool);
    for (const [cmd, args] of steps(bin, dir)) {
      try {
        execFileSync(cmd, args, { cwd: dir, env: { ...process.env, ...env }, stdio: 'pipe', timeout: 240_000 });
      } catch (error) {
        const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
        throw new Error(`${cmd} ${args.join(' ')} failed: ${e.message}\n${e.stdout}\n${e.stderr}`);
      }
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
