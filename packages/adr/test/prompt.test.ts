// `new` without a title on a terminal asks for it. The CLI runs on a pseudo-terminal made by
// util-linux `script`; the test types into it as a user would.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adr, cliPath, read, tmpRepo } from './support/cli.js';
import { findScript, requireTool, skipWithout } from './support/tools.js';

const script = findScript();
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
// Generous: the machine running the suite may be busy; each wait ends as soon as its text shows.
const BOUND_MS = 30_000;
// The prompts run with a warm compile cache (src/launch.ts), as on every run after a user's first.
const cacheHome = mkdtempSync(path.join(os.tmpdir(), 'adr-prompt-cache-'));

interface Terminal {
  /** Resolves once the terminal has shown text matching `re`; rejects after the bound. */
  waitFor(re: RegExp): Promise<void>;
  type(keys: string): void;
  /** The CLI's exit code (script -e passes it on); rejects after the bound. */
  exit(): Promise<number | null>;
  output(): string;
}

function onTerminal(cwd: string, args: string[], env: Record<string, string> = {}): Terminal {
  const command = [process.execPath, cliPath, ...args].map(quote).join(' ');
  const child = spawn(requireTool(script), ['-qec', command, '/dev/null'], {
    cwd,
    env: { ...process.env, CI: '', TERM: 'xterm', TMPDIR: cacheHome, ...env },
  });
  let out = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (d) => {
    out += d;
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.on('data', (d) => (out += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const bounded = <T>(p: Promise<T>, what: string) =>
    Promise.race([
      p,
      new Promise<never>((_, reject) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`no ${what} within ${BOUND_MS} ms; the terminal showed:\n${out}`));
        }, BOUND_MS);
        void p.finally(() => clearTimeout(t)).catch(() => undefined);
      }),
    ]);
  return {
    waitFor: (re) =>
      bounded(
        new Promise<void>((resolve) => {
          const check = () => (re.test(out) ? resolve() : waiters.push(check));
          check();
        }),
        `${re}`,
      ),
    type: (keys) => child.stdin.write(keys),
    exit: () =>
      bounded(closed, 'exit').finally(() => {
        child.stdin.end();
      }),
    output: () => out,
  };
}

describe.skipIf(skipWithout(script, 'prompt tests on a pseudo-terminal'))('new on a terminal', () => {
  beforeAll(() => {
    const warm = adr(tmpRepo(), ['new', 'Warm-up'], { TMPDIR: cacheHome });
    expect(warm.status, warm.stderr).toBe(0);
  });

  it('asks for the title, insists on one, and writes the record', async () => {
    const dir = tmpRepo();
    const t = onTerminal(dir, ['new', '--template', 'nygard']);
    await t.waitFor(/Title of the decision/);
    t.type('\r');
    await t.waitFor(/a title is needed/);
    t.type('Chosen at the prompt\r');
    expect(await t.exit(), t.output()).toBe(0);
    expect(t.output()).toContain(path.join('docs', 'adr', '0001-chosen-at-the-prompt.md'));
    expect(read(dir, 'docs/adr/0001-chosen-at-the-prompt.md')).toMatch(/^# 1\. Chosen at the prompt\n/);
  });

  it('Ctrl-C at the prompt exits 130 and writes nothing', async () => {
    const dir = tmpRepo();
    const t = onTerminal(dir, ['new']);
    await t.waitFor(/Title of the decision/);
    t.type('Half a tit\x03');
    expect(await t.exit(), t.output()).toBe(130);
    expect(existsSync(path.join(dir, 'docs'))).toBe(false);
  });

  it('with CI set, never prompts, even on a terminal: exit 2 naming the missing title', async () => {
    const dir = tmpRepo();
    const t = onTerminal(dir, ['new'], { CI: 'true' });
    expect(await t.exit(), t.output()).toBe(2);
    expect(t.output()).toMatch(/missing <title>/);
    expect(t.output()).not.toMatch(/Title of the decision/);
  });
});
