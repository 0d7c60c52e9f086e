// --fix writes only what it may: never through a symbolic link, never a read-only file, never
// over a change made since it read the file. A file refused up front has nothing fixable and says
// why in `notFixed`; a write refused on the way (a change meanwhile) is an error finding.
import { chmodSync, copyFileSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixRefused, writeFixed } from '../src/adr/fix.js';
import { lintAdrs } from '../src/index.js';
import { fixtures, tmpDir } from './helpers.js';

const TYPO = path.join(fixtures, 'fix-honest/0002-typo-status.md');

describe('--fix safety', () => {
  it('does not write through a symbolic link; the target stays as it was', async () => {
    const outside = tmpDir();
    const target = path.join(outside, '0002-typo-status.md');
    copyFileSync(TYPO, target);
    const dir = tmpDir();
    symlinkSync(target, path.join(dir, '0002-typo-status.md'));
    const [r] = await lintAdrs(['0002-typo-status.md'], { cwd: dir, fix: true, config: {} });
    expect(readFileSync(target, 'utf8')).toBe(readFileSync(TYPO, 'utf8'));
    expect(lstatSync(path.join(dir, '0002-typo-status.md')).isSymbolicLink()).toBe(true);
    expect(r!.messages.map((m) => `${m.severity} ${m.ruleId}`)).toEqual(['warning status-valid']);
    expect(r!.notFixed).toBe('not fixed: 0002-typo-status.md is a symbolic link; fix the file it points to instead');
    expect(r!.fixed).toBeUndefined();
  });

  it('does not write a read-only file (even as root)', async () => {
    const dir = tmpDir();
    const file = path.join(dir, '0002-typo-status.md');
    copyFileSync(TYPO, file);
    chmodSync(file, 0o444);
    const [r] = await lintAdrs([file], { cwd: dir, fix: true, config: {} });
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(TYPO, 'utf8'));
    expect(statSync(file).mode & 0o777).toBe(0o444);
    expect(r!.messages.map((m) => m.ruleId)).toEqual(['status-valid']);
    expect(r!.notFixed).toMatch(/is read-only$/);
  });

  it('does not overwrite a change made after the file was read', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'x.md');
    writeFileSync(file, 'as read\n');
    const asRead = readFileSync(file);
    writeFileSync(file, 'edited meanwhile\n');
    await expect(writeFixed(file, asRead, 'fixed\n')).rejects.toThrow(FixRefused);
    expect(readFileSync(file, 'utf8')).toBe('edited meanwhile\n');
  });

  it('keeps the mode of the file it replaces', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'x.md');
    writeFileSync(file, 'as read\n');
    chmodSync(file, 0o640);
    await writeFixed(file, readFileSync(file), 'fixed\n');
    expect(readFileSync(file, 'utf8')).toBe('fixed\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });
});

describe('--fix-dry-run', () => {
  it('reports the diff and what it would fix, and writes nothing', async () => {
    const dir = tmpDir();
    const file = path.join(dir, '0002-typo-status.md');
    copyFileSync(TYPO, file);
    const [r] = await lintAdrs([file], { cwd: dir, fixDryRun: true, config: {} });
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(TYPO, 'utf8'));
    expect(r!.fixed!.map((f) => f.ruleId)).toEqual(['status-valid']);
    expect(r!.diff).toContain('-Acepted\n+Accepted\n');
    expect(r!.messages).toEqual([]);
  });
});
