// Records kept as folders, `0001-use-postgres/index.md` (or README.md), as docs sites lay them out
// (review D15): each page is the record, named and numbered by its folder; the ADR folder's own
// index.md and README.md, and those of folders that are not records, stay index pages.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintAdrs } from '../src/index.js';
import { tmpDir } from './helpers.js';

const record = (title: string, status = 'Accepted') =>
  `# ${title}\n\nDate: 2024-01-01\n\n## Status\n\n${status}\n\n## Context\n\nc\n\n## Decision\n\nd\n\n` +
  '## Consequences\n\ne\n';

function repo(files: Record<string, string>): string {
  const dir = tmpDir();
  mkdirSync(path.join(dir, '.git'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const site = {
  'docs/adr/index.md': '# Decisions\n\n- [Use Postgres](0001-use-postgres/)\n',
  'docs/adr/README.md': '# Decisions\n\nSee index.md.\n',
  'docs/adr/0001-use-postgres/index.md': record('1. Use Postgres'),
  'docs/adr/0002-use-redis/README.md': record('2. Use Redis', 'Superseded by [3. Use Valkey](../0003-use-valkey/)'),
  'docs/adr/0003-use-valkey/index.md':
    record('3. Use Valkey') + '\nSupersedes [2. Use Redis](../0002-use-redis/README.md)\n',
  'docs/adr/guides/README.md': '# How we write decisions\n',
  'docs/adr/2024/index.md': '# Decisions of 2024\n',
};

describe('records kept as <slug>/index.md', () => {
  it('are linted as records, numbered by their folder; index pages stay skipped', async () => {
    const dir = repo(site);
    const results = await lintAdrs(['docs/adr'], { cwd: dir, workers: 0 });
    expect(results.map((r) => [r.file, r.number, r.status])).toEqual([
      ['docs/adr/0001-use-postgres/index.md', '0001', 'accepted'],
      ['docs/adr/0002-use-redis/README.md', '0002', 'superseded'],
      ['docs/adr/0003-use-valkey/index.md', '0003', 'accepted'],
    ]);
    // The supersession resolves through the folder link, both ways; nothing else is wrong.
    expect(results.flatMap((r) => r.messages.map((m) => `${r.file}: ${m.ruleId}`))).toEqual([]);
  });

  it('a run with no paths finds them too (adr/0001-x/index.md, a docs site)', async () => {
    const dir = repo({ 'adr/index.md': '# ADRs\n', 'adr/0001-x/index.md': record('1. X') });
    expect((await lintAdrs([], { cwd: dir, workers: 0 })).map((r) => r.file)).toEqual(['adr/0001-x/index.md']);
  });

  it('unique-number compares record folders, on disk too when one page is linted', async () => {
    const dir = repo({ ...site, 'docs/adr/0003-use-keydb/index.md': record('3. Use KeyDB') });
    const [one] = await lintAdrs(['docs/adr/0003-use-valkey/index.md'], { cwd: dir, workers: 0 });
    expect(one!.messages.filter((m) => m.ruleId === 'unique-number').map((m) => m.message)).toEqual([
      'ADR number 0003 is also used by 0003-use-keydb',
    ]);
    const all = await lintAdrs(['docs/adr'], { cwd: dir, workers: 0 });
    expect(all.filter((r) => r.messages.some((m) => m.ruleId === 'unique-number')).map((r) => r.file)).toEqual([
      'docs/adr/0003-use-keydb/index.md',
      'docs/adr/0003-use-valkey/index.md',
    ]);
  });

  it("a number in the page's title is compared with its folder's", async () => {
    const dir = repo({ 'adr/0004-x/index.md': record('5. X') });
    const [r] = await lintAdrs(['adr'], { cwd: dir, workers: 0 });
    expect(r!.messages.map((m) => m.ruleId)).toEqual(['number-matches-file-name']);
  });
});
