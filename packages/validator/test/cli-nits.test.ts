// Small CLI promises: --output-file through a symbolic link, --init refusing --fix.
import { mkdirSync, readFileSync, readlinkSync, lstatSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdr } from '../src/adr/command.js';
import { tmpDir } from './helpers.js';

function run(args: string[], cwd: string) {
  const out = { stdout: '', stderr: '', code: -1 };
  const io = { cwd, stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) };
  return runAdr(args, { ...io, isTTY: false, env: {} }).then((code) => ({ ...out, code }));
}

function records(): string {
  const root = tmpDir();
  mkdirSync(path.join(root, 'adr'));
  writeFileSync(path.join(root, 'adr', '0001-a.md'), '# 1. A\n\n## Status\n\n✅ Accepted\n');
  return root;
}

describe('--output-file through a symbolic link', () => {
  it('writes the file the link points to and keeps the link', async () => {
    const root = records();
    const target = path.join(root, 'reports', 'adr.json');
    mkdirSync(path.dirname(target));
    writeFileSync(target, 'old');
    symlinkSync(target, path.join(root, 'report.json'));
    const r = await run(['adr', '--format', 'json', '--output-file', 'report.json'], root);
    expect(r.code).toBe(0);
    expect(lstatSync(path.join(root, 'report.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(root, 'report.json'))).toBe(target);
    expect(JSON.parse(readFileSync(target, 'utf8'))[0].file).toBe('adr/0001-a.md');
  });

  it('refuses a link to nothing (exit 2) and leaves it as it was', async () => {
    const root = records();
    symlinkSync(path.join(root, 'missing', 'adr.json'), path.join(root, 'report.json'));
    const r = await run(['adr', '--output-file', 'report.json'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write .*report\.json: is a symbolic link to nothing/);
    expect(lstatSync(path.join(root, 'report.json')).isSymbolicLink()).toBe(true);
  });
});

describe('--init with a fix', () => {
  it.each(['--fix', '--fix-dry-run'])('--init %s is a usage error (exit 2) and writes no config', async (flag) => {
    const root = records();
    const r = await run(['adr', '--init', flag], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`use either --init or ${flag}`);
    expect(() => lstatSync(path.join(root, '.adrlintrc.yaml'))).toThrow();
    expect(readFileSync(path.join(root, 'adr', '0001-a.md'), 'utf8')).toContain('✅');
  });
});
