// The atomic write on its own: whatever fails, nothing is left behind.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { recoverTarget, writeTree } from '../src/write.js';
import { snapshot, tempDir } from './support/cli.js';

describe('writeTree', () => {
  it('removes the parent directories it created when writing fails', () => {
    const root = tempDir();
    // `a` is both a file and a directory in this tree, so writing it fails half-way.
    const tree = new Map([
      ['a/b', Buffer.from('x')],
      ['a', Buffer.from('y')],
    ]);
    expect(() => writeTree(tree, path.join(root, 'new', 'deeper', 'svc'))).toThrow();
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('leaves an existing target as it was when writing fails', () => {
    const root = tempDir();
    const target = path.join(root, 'svc');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'keep.txt'), 'mine');
    const before = snapshot(root);
    expect(() =>
      writeTree(
        new Map([
          ['a/b', Buffer.from('x')],
          ['a', Buffer.from('y')],
        ]),
        target,
      ),
    ).toThrow();
    expect(snapshot(root)).toBe(before);
  });

  it('writes a new target in one rename, with nothing left beside it', () => {
    const root = tempDir();
    writeTree(
      new Map([
        ['x/y.txt', Buffer.from('1')],
        ['z.txt', Buffer.from('2')],
      ]),
      path.join(root, 'svc'),
    );
    expect(fs.readdirSync(root)).toEqual(['svc']);
    expect(fs.readFileSync(path.join(root, 'svc', 'x', 'y.txt'), 'utf8')).toBe('1');
  });
});

describe('recovering a killed run', () => {
  it('removes its staging folder even when a stray writer adds a file after the first removal began', () => {
    const cwd = tempDir('recover-');
    const target = path.join(cwd, 'svc');
    fs.mkdirSync(target);
    const stage = path.join(cwd, '.svc.cds-new');
    fs.mkdirSync(path.join(stage, '.git'), { recursive: true });
    fs.writeFileSync(path.join(stage, '.git', 'index'), 'x');
    // The first removal meets a file a process forked after the look at /proc has just written.
    const rm = fs.rmSync;
    let calls = 0;
    const spy = vi.spyOn(fs, 'rmSync').mockImplementation((p, options) => {
      if (p === stage && ++calls === 1)
        throw Object.assign(new Error(`ENOTEMPTY: directory not empty, rmdir '${stage}'`), { code: 'ENOTEMPTY' });
      return rm(p, options);
    });
    try {
      expect(recoverTarget(target)).toBe('removed an unfinished staging directory; the target is as it was');
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBe(2);
    expect(fs.readdirSync(cwd)).toEqual(['svc']);
  });
});
