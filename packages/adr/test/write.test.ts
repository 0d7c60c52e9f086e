import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExclusive, makeDirs, replaceAll } from '../src/write.js';
import { adr, tmpRepo } from './support/cli.js';

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

  it('replaceAll changes nothing when a file no longer holds what was read', () => {
    const dir = tmpRepo();
    const a = path.join(dir, 'a.md');
    const b = path.join(dir, 'b.md');
    writeFileSync(a, 'old a');
    writeFileSync(b, 'old b, saved since by an editor');
    expect(() =>
      replaceAll([
        { file: a, content: 'new a', before: 'old a' },
        { file: b, content: 'new b', before: 'old b' },
      ]),
    ).toThrow(/b\.md changed while this run read it/);
    expect(readFileSync(a, 'utf8')).toBe('old a');
    expect(readFileSync(b, 'utf8')).toBe('old b, saved since by an editor');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('makeDirs makes the missing folders and returns the first, as mkdir -p', () => {
    const dir = tmpRepo();
    expect(makeDirs(path.join(dir, 'a', 'b'))).toBe(path.join(dir, 'a'));
    expect(existsSync(path.join(dir, 'a', 'b'))).toBe(true);
    expect(makeDirs(path.join(dir, 'a', 'b'))).toBeUndefined();
    writeFileSync(path.join(dir, 'f'), '');
    expect(() => makeDirs(path.join(dir, 'f'))).toThrow(/f is a file, not a folder/);
    // The command says so too, instead of mkdir's 'EEXIST: file already exists', as a usage error
    // (exit 2, as a --dir that does not exist; review D14).
    const r = adr(dir, ['new', 'Use X', '--dir', 'f']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`distroless-adr: --dir f is a file, not a folder: give an ADR folder\n`);
    expect(() => makeDirs(path.join(dir, 'f', 'g'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  // mkdirSync's recursive mode spins forever there (mkdir answers ENOENT under /proc, which exists).
  it.runIf(existsSync('/proc/self'))(
    'new --dir under /proc fails with a message instead of hanging',
    () => {
      const r = adr(tmpRepo(), ['new', 'X', '--dir', '/proc/adr-test/decisions'], {}, [], 30_000);
      expect(r.signal).toBeNull();
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('cannot create /proc/adr-test: /proc does not take new folders');
    },
    60_000,
  );
});
