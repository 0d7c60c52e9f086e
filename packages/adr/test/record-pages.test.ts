// Records kept as folders (`0001-x/index.md`, review D15): list and index read them as the linter
// does (one discovery, the validator's listRecordFiles), and new numbers after them.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
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

  it('new takes the number after the record folders and writes a record folder, as the newest record is', async () => {
    const dir = tmpRepo(files);
    const r = adr(dir, ['new', 'Use Valkey', '--template', 'nygard']);
    expect(r.status, r.stderr).toBe(0);
    // The newest record is 0002-use-redis/README.md: the same page name.
    expect(r.stdout.trim()).toBe('docs/adr/0003-use-valkey/README.md');
    expect(read(dir, 'docs/adr/0003-use-valkey/README.md')).toMatch(/^# 3\. Use Valkey$/m);
    expect(existsSync(path.join(dir, 'docs/adr/0003-use-valkey.md'))).toBe(false);
    // A folder whose newest record is an index.md page gets index.md.
    const pages = tmpRepo(files);
    rmSync(path.join(pages, 'docs/adr/0002-use-redis'), { recursive: true });
    expect(adr(pages, ['new', 'Use Valkey', '--template', 'nygard']).stdout.trim()).toBe(
      'docs/adr/0002-use-valkey/index.md',
    );
    // What it wrote lints as a record (numbered by its folder).
    expect(adr(dir, ['index']).status).toBe(0);
    const after = await lintAdrs([], { cwd: dir, workers: 0 });
    expect(after.map((x) => x.file)).toContain('docs/adr/0003-use-valkey/README.md');
    expect(after.flatMap((x) => x.messages.filter((m) => m.severity === 'error'))).toEqual([]);
  });

  it('new in a flat folder still writes a file', () => {
    const dir = tmpRepo({ 'docs/adr/0001-use-postgres.md': record('1. Use Postgres') });
    expect(adr(dir, ['new', 'Use Valkey', '--template', 'nygard']).stdout.trim()).toBe('docs/adr/0002-use-valkey.md');
  });

  it('supersede, link and new --supersedes write links between record pages that the linter resolves', async () => {
    const dir = tmpRepo(files);
    const n = adr(dir, ['new', 'Use Valkey', '--template', 'nygard', '--supersedes', '2']);
    expect(n.status, n.stderr).toBe(0);
    expect(read(dir, 'docs/adr/0003-use-valkey/README.md')).toContain(
      'Supersedes [2. Use Redis](../0002-use-redis/README.md)',
    );
    expect(read(dir, 'docs/adr/0002-use-redis/README.md')).toContain(
      'Superseded by [3. Use Valkey](../0003-use-valkey/README.md)',
    );
    const s = adr(dir, ['supersede', '0001-use-postgres', '0003-use-valkey']);
    expect(s.status, s.stderr).toBe(0);
    expect(read(dir, 'docs/adr/0001-use-postgres/index.md')).toContain(
      'Superseded by [3. Use Valkey](../0003-use-valkey/README.md)',
    );
    const l = adr(dir, ['link', '2', 'Amends', '1']);
    expect(l.status, l.stderr).toBe(0);
    expect(read(dir, 'docs/adr/0002-use-redis/README.md')).toContain(
      'Amends [1. Use Postgres](../0001-use-postgres/index.md)',
    );
    // Once more is nothing new.
    expect(adr(dir, ['supersede', '1', '3']).status).toBe(0);
    expect(read(dir, 'docs/adr/0001-use-postgres/index.md').match(/Superseded by/g)).toHaveLength(1);
    // Another record's README.md page is another record, not the one 0002 is superseded by.
    expect(adr(dir, ['new', 'Use KeyDB', '--template', 'nygard']).stdout.trim()).toBe(
      'docs/adr/0004-use-keydb/README.md',
    );
    const again = adr(dir, ['supersede', '2', '4']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('0002-use-redis/README.md is already superseded by ../0003-use-valkey/README.md');
    expect(read(dir, 'docs/adr/0004-use-keydb/README.md')).not.toContain('Supersedes');
    expect(adr(dir, ['index']).status).toBe(0);
    const index = read(dir, 'docs/adr/README.md');
    expect(index).toContain('(0003-use-valkey/README.md)');
    const after = await lintAdrs([], { cwd: dir, workers: 0 });
    expect(after.flatMap((x) => x.messages.filter((m) => m.severity === 'error'))).toEqual([]);
  });
});
