// A Ctrl-C (or a SIGTERM/SIGHUP sent to the process group) while the generator's git runs reaches
// git too, and git usually dies of it before the CLI's handler has run. The user interrupted: the
// exit is 128+n, as for any other moment before the write, not "git failed". No timing luck: a
// fake git on PATH signals its own process group when asked to `git add`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, tempDir } from './support/cli.js';

const REAL_GIT = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();

/**
 * A bin folder whose git runs the real one, except `git add`, which sends `signal` to `target`:
 * 0 is git's process group (the CLI's too, as a terminal's Ctrl-C), $$ git alone.
 */
function fakeGit(signal: string, target: '0' | '$$'): string {
  if (!REAL_GIT) throw new Error('no git on PATH: these tests need it');
  const bin = tempDir('fake-git-');
  fs.writeFileSync(
    path.join(bin, 'git'),
    `#!/bin/sh\nif [ "$1" = add ]; then kill -s ${signal} ${target}; sleep 60; exit 99; fi\nexec ${REAL_GIT} "$@"\n`,
    { mode: 0o755 },
  );
  return bin;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the CLI in a process group of its own (so only it and its git are signalled), bounded. */
function run(args: string[], cwd: string, bin: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
    delete env.CI;
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const bound = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`${args.join(' ')} did not exit within 60 s`));
    }, 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(bound);
      resolve({ code, signal, stderr });
    });
  });
}

describe('a signal that reaches the generator and its git', () => {
  it.each([
    ['INT', 130],
    ['TERM', 143],
    ['HUP', 129],
  ] as const)(
    'SIG%s to the process group during git add: exit %i, interrupted, nothing written',
    async (name, code) => {
      const cwd = tempDir('interrupt-');
      const exit = await run(['svc', '--lang', 'go', '--yes'], cwd, fakeGit(name, '0'));
      expect(exit.code, exit.stderr).toBe(code);
      expect(exit.stderr).toContain(`interrupted (SIG${name}); nothing was written`);
      expect(exit.stderr).not.toContain('git add failed');
      // No target, no staging folder or lock beside it.
      expect(fs.readdirSync(cwd)).toEqual([]);
    },
  );

  it('a signal git alone died of is a git failure: exit 1, nothing written', async () => {
    const cwd = tempDir('interrupt-');
    const exit = await run(['svc', '--lang', 'go', '--yes'], cwd, fakeGit('INT', '$$'));
    expect(exit.code, exit.stderr).toBe(1);
    expect(exit.stderr).toContain('git add failed (killed by SIGINT)');
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});
