// A large run linted by child processes (ADR 0019), through the built package: the child script
// exists only in dist/. Children are made to fail for real through NODE_OPTIONS (a --require'd
// script that kills or ends the child), with no test hook in the product.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { lintAdrs } from '../src/index.js';
import { cliPath, fixtures, tmpDir } from './helpers.js';

const dist = (await import(new URL('../dist/index.js', import.meta.url).href)) as { lintAdrs: typeof lintAdrs };
const childScript = new URL('../dist/adr/child.js', import.meta.url).pathname;

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
});
