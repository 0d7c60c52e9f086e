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

/**
 * A preload that sends `signal` to the process itself (synchronously, as Node delivers it to the
 * listeners) when the `nth` listener for it is installed: 1 is the CLI's start-up one, 2 the one
 * the command installs once it can stop cleanly (update's).
 */
function signalAt(signal: string, nth: number): string {
  const file = path.join(tempDir('signal-at-'), 'preload.cjs');
  fs.writeFileSync(
    file,
    `const on = process.on; let n = 0;
process.on = function (event, listener) {
  const r = on.call(this, event, listener);
  if (event === ${JSON.stringify(signal)} && ++n === ${nth}) process.emit(event, event);
  return r;
};\n`,
  );
  return file;
}

describe('signal exit codes: 128 + the signal number, for update as for generation', () => {
  const env = () => {
    const e: NodeJS.ProcessEnv = { ...process.env };
    delete e.CI;
    return e;
  };

  it.each([
    ['SIGTERM', 1, 143],
    ['SIGHUP', 1, 129],
    ['SIGTERM', 2, 143],
    ['SIGHUP', 2, 129],
    ['SIGINT', 2, 130],
  ] as const)(
    'update, %s at listener %i (start-up, update): exit %i, interrupted, nothing changed',
    (signal, nth, code) => {
      const cwd = tempDir('interrupt-update-');
      const made = spawnSync(process.execPath, [CLI, 'svc', '--lang', 'go', '--yes', '--no-git'], { cwd, env: env() });
      expect(made.status, made.stderr?.toString()).toBe(0);
      const record = fs.readFileSync(path.join(cwd, 'svc', '.distroless-service.json'), 'utf8');
      const r = spawnSync(process.execPath, ['-r', signalAt(signal, nth), CLI, 'update', 'svc', '--set', 'port=9090'], {
        cwd,
        env: env(),
        encoding: 'utf8',
      });
      expect([r.status, r.stderr.trim()]).toEqual([
        code,
        `create-distroless-service update: interrupted (${signal}); nothing was changed`,
      ]);
      expect(fs.readFileSync(path.join(cwd, 'svc', '.distroless-service.json'), 'utf8')).toBe(record);
    },
  );

  it('generation, SIGTERM while still starting (at a prompt): exit 143 with the message, nothing written', async () => {
    const cwd = tempDir('interrupt-prompt-');
    // A terminal, so that the CLI prompts and waits: the moment before its own handlers are in place.
    const child = spawn('script', ['-qfec', `exec "${process.execPath}" "${CLI}" svc`, '/dev/null'], {
      cwd,
      env: env(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!/lang|language/i.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(output).toMatch(/lang|language/i);
    // The CLI is script's child (exec'd by its shell). Found in /proc, not with ps: the clean root
    // filesystem the README's commands are checked in has no procps.
    const pid = childOf(child.pid!);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGTERM');
    const code = await closed;
    expect(output).toContain('create-distroless-service: interrupted (SIGTERM); nothing was written');
    // script exits with its child's status (-e).
    expect(code).toBe(143);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});

/** The pid of a child of `ppid` (Linux /proc: the field after the state in /proc/<pid>/stat), or 0. */
function childOf(ppid: number): number {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat = '';
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // The command name, in parentheses, may hold spaces: read the fields after its last ')'.
    const [, parent] = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    if (Number(parent) === ppid) return Number(entry);
  }
  return 0;
}
