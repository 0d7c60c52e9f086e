// A run killed in the middle of a change to two records: the next run puts both back.
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JOURNAL_FILE } from '../src/journal.js';
import { adr, read, tmpRepo } from './support/cli.js';

const OLD = 'docs/adr/0001-old-way.md';
const NEW = 'docs/adr/0002-new-way.md';

function twoRecords() {
  const dir = tmpRepo();
  expect(adr(dir, ['new', 'Old way', '--template', 'nygard', '--status', 'accepted']).status).toBe(0);
  expect(adr(dir, ['new', 'New way', '--template', 'nygard']).status).toBe(0);
  return { dir, old: read(dir, OLD), new: read(dir, NEW) };
}

// The CLI is killed with SIGKILL right after it puts the n-th record file in place (a preload on
// the test's side, support/kill-after.cjs, hooks the writes).
const KILLER = fileURLToPath(new URL('./support/kill-after.cjs', import.meta.url));
const killedAfter = (dir: string, args: string[], n: number) =>
  adr(dir, args, { KILL_AFTER_RECORD_WRITES: String(n) }, ['--require', KILLER]);

describe('an interrupted change', () => {
  it('supersede killed between its two writes is undone by the next run', () => {
    const before = twoRecords();
    const killed = killedAfter(before.dir, ['supersede', '1', '2'], 1);
    expect(killed.signal).toBe('SIGKILL');
    // The kill came between the two renames: exactly one record changed, and the journal is there.
    const changed = [read(before.dir, OLD) !== before.old, read(before.dir, NEW) !== before.new];
    expect(changed.filter(Boolean)).toHaveLength(1);
    expect(existsSync(path.join(before.dir, 'docs/adr', JOURNAL_FILE))).toBe(true);

    const next = adr(before.dir, ['new', 'Third way', '--template', 'nygard']);
    expect(next.status, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/an interrupted change was undone: (0001-old-way|0002-new-way)\.md/);
    expect(read(before.dir, OLD)).toBe(before.old);
    expect(read(before.dir, NEW)).toBe(before.new);
    expect(readdirSync(path.join(before.dir, 'docs/adr')).filter((f) => f.startsWith('.'))).toEqual([]);

    // And the change itself still works afterwards.
    const again = adr(before.dir, ['supersede', '1', '2']);
    expect(again.status, again.stderr).toBe(0);
    expect(read(before.dir, OLD)).toMatch(/Superseded by/);
    expect(read(before.dir, NEW)).toMatch(/Supersedes/);
  });

  for (const n of [1, 2]) {
    it(`new --supersedes killed after ${n} write(s) leaves neither the new record nor the old one changed`, () => {
      const dir = tmpRepo();
      expect(adr(dir, ['new', 'Old way', '--template', 'nygard', '--status', 'accepted']).status).toBe(0);
      const old = read(dir, OLD);
      const killed = killedAfter(dir, ['new', 'New way', '--supersedes', '1', '--template', 'nygard'], n);
      expect(killed.signal).toBe('SIGKILL');
      expect(existsSync(path.join(dir, NEW))).toBe(true);

      const next = adr(dir, ['new', 'Third way', '--template', 'nygard']);
      expect(next.status, next.stderr).toBe(0);
      expect(next.stderr).toMatch(/an interrupted change was undone: .*0002-new-way\.md/);
      expect(read(dir, OLD)).toBe(old);
      // The number the killed run had taken is free again.
      expect(readdirSync(path.join(dir, 'docs/adr')).sort()).toEqual(['0001-old-way.md', '0002-third-way.md']);
    });
  }

  it('new --supersedes in a folder of record folders, killed after it wrote the new record, leaves no folder behind', () => {
    const dir = tmpRepo({
      'docs/adr/0001-old-way/index.md':
        '# 1. Old way\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n' +
        '## Consequences\n\ne\n',
    });
    const old = read(dir, 'docs/adr/0001-old-way/index.md');
    const killed = killedAfter(dir, ['new', 'New way', '--supersedes', '1', '--template', 'nygard'], 1);
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(path.join(dir, 'docs/adr/0002-new-way/index.md'))).toBe(true);

    const next = adr(dir, ['new', 'Third way', '--template', 'nygard']);
    expect(next.status, next.stderr).toBe(0);
    expect(next.stdout.trim()).toBe('docs/adr/0002-third-way/index.md');
    expect(read(dir, 'docs/adr/0001-old-way/index.md')).toBe(old);
    expect(readdirSync(path.join(dir, 'docs/adr')).sort()).toEqual(['0001-old-way', '0002-third-way']);
  });

  it('index takes the lock: it undoes the interrupted change before it indexes the records', () => {
    const before = twoRecords();
    expect(killedAfter(before.dir, ['supersede', '1', '2'], 1).signal).toBe('SIGKILL');
    const journal = path.join(before.dir, 'docs/adr', JOURNAL_FILE);
    expect(existsSync(journal)).toBe(true);

    // Read-only commands take no lock: they leave the journal and say so.
    for (const args of [['list'], ['index', '--check']]) {
      const r = adr(before.dir, args);
      expect(r.stderr, args.join(' ')).toMatch(/a change to several records was interrupted/);
      expect(existsSync(journal), args.join(' ')).toBe(true);
    }

    const index = adr(before.dir, ['index']);
    expect(index.status, index.stderr).toBe(0);
    expect(index.stderr).toMatch(/an interrupted change was undone/);
    expect(existsSync(journal)).toBe(false);
    expect(read(before.dir, OLD)).toBe(before.old);
    expect(read(before.dir, NEW)).toBe(before.new);
    // The index shows the records as they are after the undo: neither superseded.
    expect(read(before.dir, 'docs/adr/README.md')).not.toMatch(/[Ss]uperseded/);
    const check = adr(before.dir, ['index', '--check']);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr).toBe('');
  });
});

// A journal is a file in the repository: one that came with it must not make the tool change files
// anywhere else.
describe('a journal the tool did not write', () => {
  const journalOf = (dir: string, entries: unknown[]) =>
    writeFileSync(path.join(dir, 'docs/adr', JOURNAL_FILE), JSON.stringify({ version: 1, pid: 999999, entries }));

  it('naming files outside the ADR folder is refused whole, and nothing is changed', () => {
    const before = twoRecords();
    const outside = mkdtempSync(path.join(os.tmpdir(), 'journal-victim-'));
    writeFileSync(path.join(outside, 'kept.txt'), 'mine\n');
    writeFileSync(path.join(outside, 'also-kept.txt'), 'mine too\n');
    journalOf(before.dir, [
      { file: path.join(before.dir, OLD), before: 'changed by the journal\n' },
      { file: path.join(outside, 'kept.txt'), before: 'overwritten\n' },
      { file: path.join(before.dir, 'docs/adr/../../../', path.basename(outside), 'also-kept.txt'), before: null },
    ]);
    const r = adr(before.dir, ['new', 'Third way', '--template', 'nygard']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/names .*kept\.txt, which is not a record in .*nothing was changed/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(path.join(outside, 'kept.txt'), 'utf8')).toBe('mine\n');
    expect(readFileSync(path.join(outside, 'also-kept.txt'), 'utf8')).toBe('mine too\n');
    expect(read(before.dir, OLD)).toBe(before.old);
    expect(existsSync(path.join(before.dir, 'docs/adr/0003-third-way.md'))).toBe(false);
  });

  it('naming a file through a linked folder that leads outside is refused', () => {
    const before = twoRecords();
    const outside = mkdtempSync(path.join(os.tmpdir(), 'journal-victim-'));
    writeFileSync(path.join(outside, 'kept.md'), 'mine\n');
    symlinkSync(outside, path.join(before.dir, 'docs/adr/linked'));
    journalOf(before.dir, [{ file: path.join(before.dir, 'docs/adr/linked/kept.md'), before: null }]);
    const r = adr(before.dir, ['supersede', '1', '2']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/linked\/kept\.md, which is not a record in/);
    expect(readFileSync(path.join(outside, 'kept.md'), 'utf8')).toBe('mine\n');
    expect(read(before.dir, OLD)).toBe(before.old);
  });

  it('that is damaged is said in one message, without a stack trace', () => {
    const before = twoRecords();
    writeFileSync(path.join(before.dir, 'docs/adr', JOURNAL_FILE), 'not json');
    const r = adr(before.dir, ['new', 'Third way']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is damaged .*remove it/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
