// The repository's test set-up (scripts/vitest/temp-dir.mjs, every suite's global setup), tested
// here because this is the quickest suite. Each run's temporary files go under a folder of its
// own that is removed at the end, so runs leave nothing in the system's temporary folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SETUP = new URL('../../../scripts/vitest/temp-dir.mjs', import.meta.url).href;

/** Runs the setup and its teardown in a node of their own, with `tmp` as the temporary folder. */
function setUpAndTearDown(tmp: string, env: NodeJS.ProcessEnv = {}) {
  const script = `import setup from ${JSON.stringify(SETUP)};
import fs from 'node:fs';
import path from 'node:path';
const teardown = setup();
const root = process.env.TMPDIR;
fs.mkdirSync(path.join(root, 'made-by-a-test', 'read-only'), { recursive: true });
fs.writeFileSync(path.join(root, 'made-by-a-test', 'read-only', 'file'), 'x');
fs.chmodSync(path.join(root, 'made-by-a-test', 'read-only'), 0o500);
const mode = fs.statSync(root).mode & 0o7777;
teardown();
console.log(JSON.stringify({ root, mode, after: process.env.TMPDIR ?? null }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, TMPDIR: tmp, ...env },
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { root: string; mode: number; after: string | null };
}

describe('the test set-up', () => {
  it('runs this suite in a temporary folder of its own', () => {
    const own = os.tmpdir();
    expect(path.basename(own)).toMatch(/^vt-/);
    expect(fs.statSync(own).mode & 0o7777).toBe(0o1777);
  });

  it('gives a run its own folder, open as /tmp is, and removes it at the end', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'temp-dir-'));
    const { root, mode, after } = setUpAndTearDown(tmp);
    expect(path.dirname(root)).toBe(tmp);
    expect(mode).toBe(0o1777);
    expect(after).toBe(tmp);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('keeps the folder with TEST_KEEP_TMPDIR=1, and later runs leave it be', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'temp-dir-'));
    const { root } = setUpAndTearDown(tmp, { TEST_KEEP_TMPDIR: '1' });
    expect(fs.readdirSync(path.join(root, 'made-by-a-test'))).toEqual(['read-only']);
    setUpAndTearDown(tmp);
    expect(fs.readdirSync(tmp)).toEqual([path.basename(root)]);
  });

  it("removes a killed run's folder, and only when the process that made it is gone", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'temp-dir-'));
    const ended = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const owned = (name: string, pid: number) => {
      fs.mkdirSync(path.join(tmp, name, 'left'), { recursive: true });
      fs.writeFileSync(path.join(tmp, name, '.owner-pid'), String(pid));
    };
    owned('vt-killed', Number(ended.stdout.trim()));
    owned('vt-running', process.pid);
    fs.mkdirSync(path.join(tmp, 'vt-unowned'));
    fs.mkdirSync(path.join(tmp, 'other'));
    setUpAndTearDown(tmp);
    expect(fs.readdirSync(tmp).sort()).toEqual(['other', 'vt-running', 'vt-unowned']);
  });
});
