// Small CLI promises: --output-file through a symbolic link and never over a record, --init refusing --fix.
import { existsSync, mkdirSync, readFileSync, readlinkSync, lstatSync, symlinkSync, writeFileSync } from 'node:fs';
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

describe('--output-file over what is being linted', () => {
  const RECORD = '# 1. A\n\n## Status\n\n✅ Accepted\n';
  it.each([
    [[], 'adr/0001-a.md'],
    [['adr/0001-a.md'], 'adr/0001-a.md'],
    [['adr/*.md'], 'adr/0001-a.md'],
    [['adr'], './adr/../adr/0001-a.md'],
  ])('refuses a record being linted (paths %j, -o %s): exit 2, the record kept', async (paths, out) => {
    const root = records();
    const r = await run(['adr', ...paths, '-o', out], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--output-file .* is (adr\/0001-a\.md, a file being linted|a Markdown file in adr)/);
    expect(readFileSync(path.join(root, 'adr', '0001-a.md'), 'utf8')).toBe(RECORD);
  });

  it('refuses a new Markdown file in a linted folder, which the next run would lint as an ADR', async () => {
    const root = records();
    const r = await run(['adr', '--output-file', 'adr/report.md'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a Markdown file in adr, a folder being linted');
    expect(existsSync(path.join(root, 'adr', 'report.md'))).toBe(false);
  });

  it('writes a report next to the folder, or a non-Markdown one in it', async () => {
    const root = records();
    expect((await run(['adr', '-o', 'report.md'], root)).code).toBe(0);
    expect(readFileSync(path.join(root, 'report.md'), 'utf8')).toContain('✖');
    expect((await run(['adr', '-f', 'json', '-o', 'adr/report.json'], root)).code).toBe(0);
  });
});

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

describe('option values', () => {
  const warned = () => {
    const root = tmpDir();
    mkdirSync(path.join(root, 'adr'));
    writeFileSync(path.join(root, 'adr', '0001-a.md'), '# 1. A\n\nDate: 2024-01-01\n\n## Status\n\nAcepted\n');
    return root;
  };

  it.each([[['--max-warnings', '-1']], [['--max-warnings=-1']]])('%j is no limit, as in ESLint', async (args) => {
    const root = warned();
    expect((await run(['adr', '--max-warnings', '0'], root)).code).toBe(1);
    const r = await run(['adr', ...args], root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.each([
    [['--max-warnings', '-2'], "--max-warnings needs a whole number >= 0, or -1 for no limit, got '-2'"],
    [['--max-warnings'], '--max-warnings needs a whole number >= 0, or -1 for no limit; give it as'],
    [['--format', '--fix'], '--format needs a format name (stylish, json, sarif, github)'],
    [['-f', '-q'], '--format needs a format name'],
    [['-o'], '--output-file needs a file to write the report to'],
    [['--fix=yes'], '--fix takes no value'],
    [['--frobnicate'], "unknown option '--frobnicate'"],
  ])('%j: exit 2 naming the option and what it needs', async (args, message) => {
    const r = await run(['adr', ...args], warned());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`distroless-validate adr: ${message}`);
    expect(r.stderr).not.toMatch(/ambiguous|Did you forget/);
  });
});

describe('community files in an ADR folder', () => {
  it('skips CONTRIBUTING, CHANGELOG, CODE_OF_CONDUCT and LICENSE files in any letter case, as README', async () => {
    const root = records();
    const names = ['CONTRIBUTING.md', 'Changelog.md', 'code-of-conduct.md', 'CODE_OF_CONDUCT.md', 'license.MD'];
    // Dated and with a decision section, they would otherwise be linted as records.
    for (const name of names)
      writeFileSync(path.join(root, 'adr', name), '# Notes\n\nDate: 2024-01-01\n\n## Decision\n');
    const r = await run(['adr', '--format', 'json'], root);
    expect((JSON.parse(r.stdout) as Array<{ file: string }>).map((x) => x.file)).toEqual(['adr/0001-a.md']);
  });
});
