// Prompts on a real terminal: `script` gives the CLI a pseudo-TTY, and each answer is typed only once
// its question is on screen.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli, tempDir } from './support/cli.js';

const nodeHasCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
const hasScript = spawnSync('sh', ['-c', 'command -v script']).status === 0;
if (!hasScript && !process.env.CI) console.warn('SKIP prompt tests: no `script` (util-linux) to provide a TTY');

function onTty(args: string[], cwd: string, env: NodeJS.ProcessEnv, answers: [RegExp, string][]) {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let next = 0;
  const onData = (d: Buffer) => {
    screen += d.toString();
    // Answer each question once it appears; the prompt library redraws, so look only at new output.
    while (next < answers.length && answers[next]![0].test(screen)) {
      child.stdin.write(answers[next]![1]);
      screen = '';
      next++;
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise<{ code: number | null; asked: number; output: string }>((resolve) => {
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, asked: next, output });
    });
  });
}

describe.skipIf(!hasScript && !process.env.CI)('prompts', () => {
  // The prompts run from the bundle as the bin's compile cache restores it (on Node 20 such code
  // cannot import(): inquirer must be loaded with require). A first run fills the cache.
  beforeAll(() => {
    expect(runCli(['--version']).code).toBe(0);
  });

  it('asks for the missing answers on a TTY and uses them', async () => {
    const cwd = tempDir();
    const env = { ...process.env };
    delete env.CI;
    const r = await onTty(['psvc', '--no-git', '--port', '9090'], cwd, env, [
      [/Language/, '\x1b[B\r'], // down arrow: Go
      [/Description/, 'Typed at a prompt\r'],
      [/Owning team/, '@acme/pay\r'],
      [/Base images/, '\r'],
      [/Status of the generated decision records/, '\x1b[B\r'], // down arrow: accepted
    ]);
    expect(r.code, r.output).toBe(0);
    expect(r.asked).toBe(5);
    expect(r.output).not.toMatch(/\? Port/);
    expect(r.output, 'Go has no framework question').not.toMatch(/HTTP framework/);
    const record = JSON.parse(fs.readFileSync(path.join(cwd, 'psvc', '.distroless-service.json'), 'utf8'));
    expect(record.answers).toEqual({
      name: 'psvc',
      lang: 'go',
      description: 'Typed at a prompt',
      owner: '@acme/pay',
      port: 9090,
      base: 'distroless',
      adrStatus: 'accepted',
    });
  });

  // Node's own compile cache (22.1+) is switched on just before inquirer loads, not at start-up.
  it.skipIf(!nodeHasCache)("switches Node's own compile cache on for the prompts", async () => {
    const cwd = tempDir();
    const tmp = tempDir('prompts-tmp-');
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
    delete env.CI;
    delete env.NODE_COMPILE_CACHE;
    const given = ['--lang', 'go', '--port', '9090', '--owner', 'team', '--description', 'x', '--base', 'distroless'];
    const r = await onTty(['csvc', '--no-git', ...given], cwd, env, [
      [/Status of the generated decision records/, '\r'],
    ]);
    expect(r.code, r.output).toBe(0);
    expect(r.asked).toBe(1);
    expect(fs.existsSync(path.join(tmp, 'node-compile-cache'))).toBe(true);
  });

  it('asks for the framework only for Node, after the language', async () => {
    const cwd = tempDir();
    const env = { ...process.env };
    delete env.CI;
    const r = await onTty(['fsvc', '--no-git', '--port', '9090', '--owner', 'team', '--description', 'x'], cwd, env, [
      [/Language/, '\r'], // Node
      [/HTTP framework/, '\x1b[B\r'], // down arrow: Fastify
      [/Base images/, '\r'],
      [/Status of the generated decision records/, '\r'],
    ]);
    expect(r.code, r.output).toBe(0);
    expect(r.asked).toBe(4);
    const record = JSON.parse(fs.readFileSync(path.join(cwd, 'fsvc', '.distroless-service.json'), 'utf8'));
    expect(record.answers).toMatchObject({ lang: 'node', framework: 'fastify' });
    expect(fs.readFileSync(path.join(cwd, 'fsvc', 'src', 'service.ts'), 'utf8')).toContain("from 'fastify'");
  });

  it.each([
    ['typed at the prompt', [], [[/Service name/, 'typedsvc\r'] as [RegExp, string]], 'typedsvc'],
    ['given by --name', ['--name', 'flagsvc'], [], 'flagsvc'],
  ])('offers `The <name> service` as the description with the name %s', async (_how, flags, first, name) => {
    const cwd = tempDir();
    const env = { ...process.env };
    delete env.CI;
    const r = await onTty(['--no-git', '--port', '9090', '--owner', 'team', ...flags], cwd, env, [
      ...first,
      [/Language/, '\r'], // Node
      [/HTTP framework/, '\r'],
      [/Description/, '\r'], // the default
      [/Base images/, '\r'],
      [/Status of the generated decision records/, '\r'],
    ]);
    expect(r.code, r.output).toBe(0);
    // eslint-disable-next-line no-control-regex -- the prompt's colours
    expect(r.output.replace(/\x1b\[[0-9;]*m/g, '')).toContain(`Description (The ${name} service)`);
    const record = JSON.parse(fs.readFileSync(path.join(cwd, name, '.distroless-service.json'), 'utf8'));
    expect(record.answers.description).toBe(`The ${name} service`);
  });

  // Ctrl-C at a prompt is the terminal's SIGINT: 130 and the interrupt's message, as documented.
  it.each([
    ['the first question', [[/Language/, '\x03']]],
    [
      'a later question',
      [
        [/Language/, '\x1b[B\r'],
        [/Description/, 'half a descr\x03'],
      ],
    ],
  ] as Array<[string, [RegExp, string][]]>)('Ctrl-C at %s: exit 130, nothing written', async (_where, keys) => {
    const cwd = tempDir();
    const env = { ...process.env };
    delete env.CI;
    const r = await onTty(['csvc', '--no-git', '--port', '9090'], cwd, env, keys);
    expect(r.asked).toBe(keys.length);
    expect(r.code, r.output).toBe(130);
    expect(r.output).toContain('interrupted (SIGINT); nothing was written');
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('never prompts when CI is set, even on a TTY', async () => {
    const cwd = tempDir();
    const r = await onTty(['psvc', '--no-git'], cwd, { ...process.env, CI: 'true' }, []);
    expect(r.code).toBe(2);
    expect(r.output).toContain('missing --lang');
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});
