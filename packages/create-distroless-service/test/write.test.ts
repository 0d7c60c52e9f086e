// The atomic write on its own: whatever fails, nothing is left behind.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../src/write.js';
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
