// The one bounded read (src/read.ts) under both sides: records (readAdrFileSync) and a service's
// files (readServiceFile). Each refusal is asserted on the shared read, then both sides are asked
// about the same hostile paths and must both refuse each, in their own words.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAdrFileSync } from '../src/index.js';
import { readBoundedSync } from '../src/read.js';
import { readServiceFile } from '../src/service/read.js';
import { tmpDir } from './helpers.js';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A folder with one of each kind of path the read must refuse, and an ordinary file. */
function hostile(): string {
  const dir = tmpDir();
  made.push(dir);
  fs.writeFileSync(path.join(dir, 'plain.md'), '# 1. Plain\n');
  fs.writeFileSync(path.join(dir, 'big.md'), 'x'.repeat(200));
  fs.mkdirSync(path.join(dir, 'folder.md'));
  execFileSync('mkfifo', [path.join(dir, 'fifo.md')]);
  fs.symlinkSync('missing.md', path.join(dir, 'dangling.md'));
  fs.symlinkSync('loop-b.md', path.join(dir, 'loop-a.md'));
  fs.symlinkSync('loop-a.md', path.join(dir, 'loop-b.md'));
  return dir;
}

describe('readBoundedSync', () => {
  it('reads a regular file and says why it refuses each other kind of path', () => {
    const dir = hostile();
    const at = (name: string, max = 100) => readBoundedSync(path.join(dir, name), max);
    expect(at('plain.md').bytes?.toString()).toBe('# 1. Plain\n');
    expect(at('big.md', 200).bytes).toHaveLength(200);
    expect(at('big.md', 199).refused).toEqual({ reason: 'too-large', size: 200 });
    expect(at('folder.md').refused).toEqual({ reason: 'directory' });
    // Returns at once: the open does not wait for a writer and the FIFO is not read.
    expect(at('fifo.md').refused).toEqual({ reason: 'not-regular' });
    expect(at('dangling.md').refused).toEqual({ reason: 'open-failed', code: 'ENOENT' });
    expect(at('loop-a.md').refused).toEqual({ reason: 'open-failed', code: 'ELOOP' });
    expect(readBoundedSync('/dev/zero', 100).refused).toEqual({ reason: 'not-regular' });
  });

  it('does not trust the size fstat gives: a file with more bytes than it said is cut off at the limit', () => {
    // Files under /proc say size 0 and hold more: the same as a file that grew after its fstat.
    const status = '/proc/self/status';
    if (!fs.existsSync(status)) {
      if (process.env.CI === 'true') throw new Error(`${status} is missing: this test needs Linux under CI`);
      console.log(`${status} is missing (not Linux); the growth case is skipped`);
      return;
    }
    expect(fs.statSync(status).size).toBe(0);
    expect(readBoundedSync(status, 1 << 20).bytes?.toString()).toMatch(/^Name:/);
    expect(readBoundedSync(status, 10).refused).toEqual({ reason: 'too-large' });
  });
});

describe('both sides read through it', () => {
  it('refuse the same hostile paths, each in its own words', () => {
    const dir = hostile();
    const adr = (name: string, max = 100) =>
      readAdrFileSync(path.join(dir, name), max).problems.map((p) => [p.ruleId, p.message]);
    const service = (name: string, max = 100) => readServiceFile(dir, name, max);
    expect(adr('plain.md')).toEqual([]);
    expect(service('plain.md')).toEqual({ text: '# 1. Plain\n' });
    expect([adr('big.md', 199), service('big.md', 199)]).toEqual([
      [['file-readable', 'file is 0.0 MB, larger than the 0.0 MB limit (maxFileSize); not linted']],
      { problem: 'big.md is 0.0 MB, larger than the 0.0 MB limit; not read' },
    ]);
    expect([adr('folder.md'), service('folder.md')]).toEqual([
      [['file-readable', 'is a directory, not a file']],
      { problem: 'folder.md is a directory, not a file' },
    ]);
    expect([adr('fifo.md'), service('fifo.md')]).toEqual([
      [['file-readable', 'not a regular file']],
      { problem: 'fifo.md is not a regular file (a FIFO, socket or device); not read' },
    ]);
    expect([adr('dangling.md'), service('dangling.md')]).toEqual([
      [['file-readable', 'cannot read file: ENOENT']],
      { problem: 'dangling.md is a symbolic link to nothing (its target does not exist)' },
    ]);
    expect([adr('loop-a.md'), service('loop-a.md')]).toEqual([
      [['file-readable', 'cannot read file: symbolic link loop']],
      { problem: 'cannot read loop-a.md: symbolic link loop' },
    ]);
  });
});
