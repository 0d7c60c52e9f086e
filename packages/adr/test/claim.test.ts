import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNumbered } from '../src/claim.js';
import { DEFAULT_PATTERN, newFileName, scanFolder, type ExistingRecord } from '../src/naming.js';
import { tmpRepo } from './support/cli.js';

// Another writer that does not take our lock (adr-tools, or a run whose lock was broken) creates a
// record between our scan of the folder and our create: the interleaving behind a duplicate number.
const nameFor = (existing: ExistingRecord[], title: string) =>
  newFileName(DEFAULT_PATTERN, existing, title, '2026-01-01', () => false);

describe('claiming a number', () => {
  it('steps back when another record took the same number after the scan', async () => {
    const dir = tmpRepo({ 'doc/adr/0001-first.md': '# 1. First\n' });
    const adrDir = path.join(dir, 'doc/adr');
    const seen: number[] = [];
    const claimed = await createNumbered(adrDir, (existing) => {
      seen.push(existing.length);
      const name = nameFor(existing, 'Ours');
      if (seen.length === 1) writeFileSync(path.join(adrDir, `${name.id}-theirs.md`), '# theirs\n');
      return { name, text: `# ${name.number}. Ours\n` };
    });
    expect(seen).toEqual([1, 2]);
    expect(path.basename(claimed.file)).toBe('0003-ours.md');
    expect(readdirSync(adrDir).sort()).toEqual(['0001-first.md', '0002-theirs.md', '0003-ours.md']);
  });

  it('gives up with a clear error, leaving nothing behind, when the number is taken every time', async () => {
    const dir = tmpRepo({ 'doc/adr/0001-first.md': '# 1. First\n' });
    const adrDir = path.join(dir, 'doc/adr');
    let rounds = 0;
    await expect(
      createNumbered(
        adrDir,
        (existing) => {
          rounds++;
          const name = nameFor(existing, 'Ours');
          writeFileSync(path.join(adrDir, `${name.id}-theirs.md`), '# theirs\n');
          return { name, text: '# ours\n' };
        },
        3,
      ),
    ).rejects.toThrow(/could not claim a number .*0004-theirs\.md/);
    expect(rounds).toBe(3);
    expect(readdirSync(adrDir).filter((f) => f.includes('ours'))).toEqual([]);
  });

  // The check after the create reads only names holding the number's digits: every way a name can
  // carry the number still has them (unpadded, with an adr- prefix, in a sub-folder, as a folder).
  for (const theirs of ['adr-2-theirs.md', '2-theirs.md', 'archive/0002-theirs.md', '0002-theirs/index.md']) {
    it(`steps back for a record numbered 2 written as ${theirs}`, async () => {
      const dir = tmpRepo({ 'doc/adr/0001-first.md': '# 1. First\n' });
      const adrDir = path.join(dir, 'doc/adr');
      let rounds = 0;
      const claimed = await createNumbered(adrDir, (existing) => {
        if (rounds++ === 0) {
          mkdirSync(path.dirname(path.join(adrDir, theirs)), { recursive: true });
          writeFileSync(path.join(adrDir, theirs), '# theirs\n');
        }
        const name = nameFor(existing, 'Ours');
        return { name, text: `# ${name.number}. Ours\n` };
      });
      expect(rounds).toBe(2);
      expect(path.basename(claimed.file)).toBe('0003-ours.md');
    });
  }

  it('scans only the names that mention a number when asked, and all of them otherwise', () => {
    const dir = tmpRepo({
      'doc/adr/0012-a.md': '',
      'doc/adr/0120-b.md': '',
      'doc/adr/0003-c.md': '',
      'doc/adr/old/adr-12-d.md': '',
    });
    const adrDir = path.join(dir, 'doc/adr');
    const files = (recs: ExistingRecord[]) => recs.map((r) => r.file).sort();
    expect(files(scanFolder(adrDir, '12'))).toEqual(['0012-a.md', '0120-b.md', 'old/adr-12-d.md']);
    expect(files(scanFolder(adrDir))).toEqual(['0003-c.md', '0012-a.md', '0120-b.md', 'old/adr-12-d.md']);
  });
});
