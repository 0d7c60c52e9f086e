// A hostile record (Markdown nested so deep that parsing it takes minutes) in the ADR folder: the
// commands that read every record (index, list, supersede, link) leave it out and say so, with the
// validator's per-file bounds, instead of stalling. Asserted on the outcome, never on time.
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adr, read, tmpRepo } from './support/cli.js';

const HOSTILE = {
  // 40 KB of nested emphasis, and 20 KB of nested list markers.
  'docs/adr/0002-emphasis.md': `# 2. Emphasis\n\n${'*'.repeat(20000)}x${'*'.repeat(20000)}\n`,
  'docs/adr/0003-lists.md': `# 3. Lists\n\n${'- '.repeat(10000)}x\n`,
};

describe('hostile records', () => {
  it('index leaves them out of the index and names each on stderr; index --check agrees', () => {
    const dir = tmpRepo(HOSTILE);
    expect(adr(dir, ['new', 'Use Postgres', '--date', '2026-01-01']).status).toBe(0);
    const r = adr(dir, ['index']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning: docs\/adr\/0002-emphasis\.md: left out: not parsed: .*'\*' characters/);
    expect(r.stderr).toMatch(/warning: docs\/adr\/0003-lists\.md: left out: not parsed: .*nested lists/);
    const index = read(dir, 'docs/adr/README.md');
    expect(index).toContain('Use Postgres');
    expect(index).not.toContain('0002-emphasis.md');
    expect(index).not.toContain('0003-lists.md');
    expect(adr(dir, ['index', '--check']).status).toBe(0);
  });

  it('list shows the other records and names the hostile ones on stderr', () => {
    const dir = tmpRepo(HOSTILE);
    adr(dir, ['new', 'Use Postgres', '--date', '2026-01-01']);
    const r = adr(dir, ['list', '--format', 'json']);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { file: string }[]).map((e) => e.file)).toEqual(['0004-use-postgres.md']);
    expect(r.stderr).toContain('docs/adr/0002-emphasis.md: left out: not parsed');
  });

  it('list names FIFOs, devices and broken links named like records on stderr, and reads a linked record once', () => {
    const dir = tmpRepo();
    adr(dir, ['new', 'Use Postgres', '--date', '2026-01-01']);
    const folder = path.join(dir, 'docs/adr');
    execFileSync('mkfifo', [path.join(folder, '0002-fifo.md')]);
    symlinkSync('/dev/zero', path.join(folder, '0003-zero.md'));
    symlinkSync('nowhere.md', path.join(folder, '0004-dangling.md'));
    symlinkSync('0001-use-postgres.md', path.join(folder, '0005-alias.md'));
    const r = adr(dir, ['list', '--format', 'json'], {}, [], 30_000);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { file: string }[]).map((e) => e.file)).toEqual(['0001-use-postgres.md']);
    expect(r.stderr).toContain('docs/adr/0002-fifo.md: left out: not a regular file');
    expect(r.stderr).toContain('docs/adr/0003-zero.md: left out: not a regular file');
    expect(r.stderr).toContain('docs/adr/0004-dangling.md: left out: cannot read file');
    expect(r.stderr).toContain('docs/adr/0005-alias.md: left out: a link to 0001-use-postgres.md');
  }, 60_000);
});
