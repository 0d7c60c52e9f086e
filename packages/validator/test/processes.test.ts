// A large run linted by child processes (ADR 0019; the default from 100 files, ADR 0022), through
// the built package: the child script exists only in dist/. Children are made to fail for real
// through NODE_OPTIONS (a --require'd script that kills or ends the child), with no test hook in
// the product.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { lintAdrs } from '../src/index.js';
import { cliPath, fixtures, tmpDir } from './helpers.js';

const dist = (await import(new URL('../dist/index.js', import.meta.url).href)) as { lintAdrs: typeof lintAdrs };
const childScript = new URL('../dist/adr/child-bin.cjs', import.meta.url).pathname;
const { autoProcesses, CHILD_V8_FLAGS } = (await import(new URL('../dist/adr/processes.js', import.meta.url).href)) as {
  autoProcesses: (files: number, cpus: number) => number;
  CHILD_V8_FLAGS: string[];
};

/** Copies of the fixture folders' records, renumbered, into one folder: a run of `n` files or more. */
function corpus(n: number): string {
  const dir = tmpDir();
  const sources = ['nygard', 'madr2', 'madr4', 'bold', 'mixed', 'supersede'].flatMap((d) =>
    readdirSync(path.join(fixtures, d))
      .filter((f) => f.endsWith('.md'))
      .map((f) => readFileSync(path.join(fixtures, d, f), 'utf8')),
  );
  for (let i = 1; i <= n; i++)
    writeFileSync(path.join(dir, `${String(i).padStart(4, '0')}-record-${i}.md`), sources[i % sources.length]!);
  return dir;
}

/** Live processes running the child script whose parent is this process. */
function ourChildren(): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const ppid = /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (cmd.includes(childScript) && Number(ppid) === process.pid) found.push(Number(pid));
    } catch {
      /* exited meanwhile */
    }
  }
  return found;
}

const savedOptions = process.env.NODE_OPTIONS;
afterEach(() => {
  if (savedOptions === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = savedOptions;
});

/** Makes every child started from now on run `code` first (CommonJS, before the child script). */
function inChildren(code: string): void {
  const file = path.join(tmpDir(), 'preload.cjs');
  writeFileSync(file, code);
  process.env.NODE_OPTIONS = `${savedOptions ?? ''} --require ${file}`.trim();
}

describe.skipIf(process.platform !== 'linux')('child processes (built package)', () => {
  it('a run of many files gives exactly the findings of the one-thread run, and leaves no process behind', async () => {
    const dir = corpus(130);
    const inProcesses = await dist.lintAdrs(['.'], { cwd: dir, processes: 2 });
    const oneThread = await dist.lintAdrs(['.'], { cwd: dir, processes: 0, workers: 0 });
    expect(inProcesses).toEqual(oneThread);
    expect(inProcesses).toHaveLength(130);
    expect(inProcesses.flatMap((r) => r.messages).length).toBeGreaterThan(0);
    expect(ourChildren()).toEqual([]);
  });

  it('a child killed while linting: its file is reported, the rest linted by a fresh child, none left', async () => {
    const dir = corpus(60);
    const oneThread = await dist.lintAdrs(['.'], { cwd: dir, processes: 0, workers: 0 });
    // The first child to send its third result is killed instead (only once: a marker file).
    const marker = path.join(tmpDir(), 'killed');
    inChildren(
      `const fs = require('node:fs'); let n = 0; const send = process.send.bind(process);\n` +
        `process.send = (m, ...a) => { if (m && m.i !== undefined && ++n === 3) {\n` +
        `  try { fs.writeFileSync(${JSON.stringify(marker)}, '', { flag: 'wx' });\n` +
        `    process.kill(process.pid, 'SIGKILL'); } catch {} }\n` +
        `  return send(m, ...a); };\n`,
    );
    const results = await dist.lintAdrs(['.'], { cwd: dir, processes: 2 });
    expect(results.map((r) => r.file)).toEqual(oneThread.map((r) => r.file));
    const lost = results.filter((r) => r.messages.some((m) => m.message.includes('the lint process stopped')));
    expect(lost).toHaveLength(1);
    expect(lost[0]!.messages[0]).toMatchObject({ ruleId: 'file-readable', severity: 'error' });
    expect(lost[0]!.messages[0]!.message).toContain('signal SIGKILL');
    // Every other file has the findings of the one-thread run.
    expect(results.filter((r) => r !== lost[0])).toEqual(oneThread.filter((r) => r.file !== lost[0]!.file));
    expect(ourChildren()).toEqual([]);
  });

  it('children that cannot start fail the run with a clear error: exit 2 from the CLI, no process left', async () => {
    const dir = corpus(110);
    inChildren(`if (process.send) process.exit(7);\n`);
    await expect(dist.lintAdrs(['.'], { cwd: dir, processes: 2 })).rejects.toThrow(
      'a lint process stopped before linting any file (exit code 7)',
    );
    expect(ourChildren()).toEqual([]);
    const r = spawnSync(process.execPath, [cliPath, 'adr', '--processes', '2', '.'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('a lint process stopped before linting any file (exit code 7)');
  });

  /** Runs the CLI over `dir` with `args`; each lint child it starts adds a line to the returned log. */
  function cliCountingChildren(
    dir: string,
    args: string[],
  ): { status: number | null; stdout: string; children: number } {
    const log = path.join(tmpDir(), 'children.log');
    inChildren(`if (process.send) require('node:fs').appendFileSync(${JSON.stringify(log)}, 'child\\n');\n`);
    const r = spawnSync(process.execPath, [cliPath, 'adr', '--format', 'json', ...args, '.'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const children = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
    return { status: r.status, stdout: r.stdout, children };
  }

  it('the CLI lints 100 files or more in child processes by default, with the findings of threads', () => {
    const dir = corpus(130);
    const cpus = os.availableParallelism();
    const byDefault = cliCountingChildren(dir, []);
    const threads = cliCountingChildren(dir, ['--processes', '0']);
    const spelledOut = cliCountingChildren(dir, ['--processes', 'auto']);
    expect(byDefault.children).toBe(autoProcesses(130, cpus));
    if (cpus >= 2) expect(byDefault.children).toBeGreaterThanOrEqual(2);
    expect(threads.children).toBe(0);
    expect(spelledOut.children).toBe(byDefault.children);
    expect(byDefault.status).toBe(threads.status);
    expect(JSON.parse(byDefault.stdout)).toEqual(JSON.parse(threads.stdout));
    expect(JSON.parse(spelledOut.stdout)).toEqual(JSON.parse(threads.stdout));
    expect(JSON.parse(threads.stdout)).toHaveLength(130);
  });

  it('--fix over 100 files or more in child processes writes what it writes with threads', () => {
    const base = corpus(110);
    // Records --fix repairs (quoted statuses, missing titles, ...), among the copies.
    const fixable = readdirSync(path.join(fixtures, 'fix-honest')).filter((f) => f.endsWith('.md'));
    fixable.forEach((f, k) =>
      writeFileSync(
        path.join(base, `${String(200 + k)}-fixable.md`),
        readFileSync(path.join(fixtures, 'fix-honest', f), 'utf8'),
      ),
    );
    const a = tmpDir();
    const b = tmpDir();
    cpSync(base, a, { recursive: true });
    cpSync(base, b, { recursive: true });
    const byChildren = cliCountingChildren(a, ['--fix']);
    const byThreads = cliCountingChildren(b, ['--fix', '--processes', '0']);
    expect(byChildren.children).toBe(autoProcesses(110 + fixable.length, os.availableParallelism()));
    expect(byThreads.children).toBe(0);
    const contents = (dir: string): Record<string, string> =>
      Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
    const before = contents(base);
    const fixedInChildren = contents(a);
    expect(fixedInChildren).toEqual(contents(b));
    // Something was fixed, so the comparison says something.
    expect(Object.keys(fixedInChildren).filter((f) => fixedInChildren[f] !== before[f]).length).toBeGreaterThan(0);
    expect(JSON.parse(byChildren.stdout)).toEqual(JSON.parse(byThreads.stdout));
  });

  it('a run of fewer than 100 files starts no child by default', () => {
    const small = cliCountingChildren(corpus(99), []);
    expect(small.children).toBe(0);
    expect(JSON.parse(small.stdout)).toHaveLength(99);
  });

  it('children start without NODE_EXTRA_CA_CERTS and with the rest of the environment', async () => {
    const dir = corpus(60);
    const seen = path.join(tmpDir(), 'env.log');
    inChildren(
      `if (process.send) require('node:fs').appendFileSync(${JSON.stringify(seen)},\n` +
        `  JSON.stringify([process.env.NODE_EXTRA_CA_CERTS ?? null,\n` +
        `    process.env.ADR_LINT_TEST_MARK ?? null]) + '\\n');\n`,
    );
    const saved = { ...process.env };
    process.env.NODE_EXTRA_CA_CERTS = path.join(tmpDir(), 'no-such-ca.pem');
    process.env.ADR_LINT_TEST_MARK = 'kept';
    try {
      await dist.lintAdrs(['.'], { cwd: dir, processes: 2 });
    } finally {
      for (const k of ['NODE_EXTRA_CA_CERTS', 'ADR_LINT_TEST_MARK'])
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
    }
    const lines = readFileSync(seen, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(JSON.parse(l)).toEqual([null, 'kept']);
  });
});

describe('how many child processes a run takes', () => {
  it('one per CPU, at most 4, with 50 files or more for each; otherwise threads (0)', () => {
    expect(autoProcesses(99, 2)).toBe(0);
    expect(autoProcesses(100, 2)).toBe(2);
    expect(autoProcesses(5000, 2)).toBe(2);
    expect(autoProcesses(5000, 16)).toBe(4);
    expect(autoProcesses(150, 16)).toBe(3);
    expect(autoProcesses(1000, 1)).toBe(0);
    expect(autoProcesses(0, 8)).toBe(0);
  });

  it("the children's V8 flags are accepted by this Node", () => {
    const r = spawnSync(process.execPath, [...CHILD_V8_FLAGS, '-e', '0'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it("--processes takes a whole number from 0 to 64 or 'auto', and says so", () => {
    for (const bad of ['many', '65', '-1', '2.5']) {
      const r = spawnSync(process.execPath, [cliPath, 'adr', `--processes=${bad}`, '.'], {
        cwd: tmpDir(),
        encoding: 'utf8',
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--processes needs a whole number from 0 to 64, or 'auto', got '${bad}'`);
    }
  });
});
