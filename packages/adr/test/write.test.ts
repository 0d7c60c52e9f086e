import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExclusive, replaceAll } from '../src/write.js';
import { tmpRepo } from './support/cli.js';

describe('writes', () => {
  it('createExclusive refuses an existing name and leaves no temporary file', () => {
    const dir = tmpRepo();
    const file = path.join(dir, '0001-a.md');
    createExclusive(file, 'one');
    expect(() => createExclusive(file, 'two')).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(readFileSync(file, 'utf8')).toBe('one');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('replaceAll puts the first file back when a later one cannot be replaced', () => {
    const dir = tmpRepo();
    const a = path.join(dir, 'a.md');
    const b = path.join(dir, 'b.md');
    writeFileSync(a, 'old a');
    // A directory where a file is expected: the rename onto it fails, for root too.
    mkdirSync(b);
    expect(() =>
      replaceAll([
        { file: a, content: 'new a', before: 'old a' },
        { file: b, content: 'new b', before: '' },
      ]),
    ).toThrow();
    expect(readFileSync(a, 'utf8')).toBe('old a');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
