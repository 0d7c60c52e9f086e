// Records kept as folders (`0001-x/index.md`, review D15): list and index read them as the linter
// does (one discovery, the validator's listRecordFiles), and new numbers after them.
import { lintAdrs } from '@distroless-service/validator';
import { describe, expect, it } from 'vitest';
import { adr, read, tmpRepo } from './support/cli.js';

const record = (title: string) =>
  `# ${title}\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n` +
  '## Consequences\n\ne\n';

const files = {
  'docs/adr/README.md': '# Decisions\n\n<!-- adr-index:start -->\n<!-- adr-index:end -->\n',
  'docs/adr/index.md': '# Decisions\n',
  'docs/adr/0001-use-postgres/index.md': record('1. Use Postgres'),
  'docs/adr/0002-use-redis/README.md': record('2. Use Redis'),
  'docs/adr/guides/README.md': '# How we write decisions\n',
};

describe('records kept as <slug>/index.md', () => {
  it('list and index show them, as the linter lints them', async () => {
    const dir = tmpRepo(files);
    const r = adr(dir, ['list', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const listed = (JSON.parse(r.stdout) as Array<{ file: string; number: string }>).map((e) => [e.file, e.number]);
    expect(listed).toEqual([
      ['0001-use-postgres/index.md', '0001'],
      ['0002-use-redis/README.md', '0002'],
    ]);
    const linted = (await lintAdrs([], { cwd: dir, workers: 0 })).map((x) => x.file);
    expect(linted).toEqual(['docs/adr/0001-use-postgres/index.md', 'docs/adr/0002-use-redis/README.md']);
    expect(adr(dir, ['index']).status).toBe(0);
    const index = read(dir, 'docs/adr/README.md');
    expect(index).toContain('(0001-use-postgres/index.md)');
    expect(index).toContain('(0002-use-redis/README.md)');
    // The linter agrees that the index is up to date.
    const after = await lintAdrs([], { cwd: dir, workers: 0 });
    expect(after.flatMap((x) => x.messages.map((m) => m.ruleId))).toEqual([]);
  });

  it('new takes the number after the record folders', () => {
    const dir = tmpRepo(files);
    const r = adr(dir, ['new', 'Use Valkey', '--template', 'nygard']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('docs/adr/0003-use-valkey.md');
  });
});
