// Interoperability with adr-tools, the real one: records it makes are numbered after, indexed and
// linted by us; records we make are listed, linked and put in its table of contents by it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { lintAdrs } from '@distroless-service/validator';
import { describe, expect, it } from 'vitest';
import { adr, read, tmpRepo } from './support/cli.js';
import { findAdrTools, requireTool, skipWithout } from './support/tools.js';

const tool = findAdrTools();

function adrTools(cwd: string, args: string[]): string {
  const r = spawnSync(requireTool(tool), args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, VISUAL: 'true', EDITOR: 'true', ADR_DATE: '2026-04-05' },
  });
  if (r.status !== 0) throw new Error(`adr ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

describe.skipIf(skipWithout(tool, 'adr-tools interoperability'))('adr-tools', () => {
  it('records adr-tools makes are numbered after, indexed and linted by us', async () => {
    const dir = tmpRepo();
    adrTools(dir, ['init', 'doc/adr']);
    adrTools(dir, ['new', 'Use', 'MySQL']);
    adrTools(dir, ['new', '-s', '2', 'Use', 'PostgreSQL']);
    adrTools(dir, ['new', '-l', '1:Amends:Amended by', 'Keep', 'ADRs', 'short']);

    const r = adr(dir, ['new', 'Cache with Redis', '--supersedes', '4']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(path.join('doc', 'adr', '0005-cache-with-redis.md'));
    // Their dialect, followed: adr-tools' title line, Date line and Status section.
    const ours = read(dir, 'doc/adr/0005-cache-with-redis.md');
    expect(ours).toMatch(
      /^# 5\. Cache with Redis\n\nDate: \d{4}-\d\d-\d\d\n\n## Status\n\nProposed\n\nSupersedes \[4\. Keep ADRs short\]\(0004-keep-adrs-short\.md\)\n/,
    );
    expect(read(dir, 'doc/adr/0004-keep-adrs-short.md')).toContain(
      '## Status\n\nSuperseded by [5. Cache with Redis](0005-cache-with-redis.md)\n',
    );

    const entries = JSON.parse(adr(dir, ['list', '--format', 'json']).stdout) as Array<{
      number: string;
      title: string;
      status: string;
      links: Array<{ relation: string; target: string }>;
    }>;
    expect(entries.map((e) => `${e.number} ${e.status} ${e.title}`)).toEqual([
      '0001 accepted Record architecture decisions',
      '0002 superseded Use MySQL',
      '0003 accepted Use PostgreSQL',
      '0004 superseded Keep ADRs short',
      '0005 proposed Cache with Redis',
    ]);
    expect(entries[0]!.links).toEqual([{ relation: 'Amended by', target: '0004-keep-adrs-short.md' }]);
    expect(entries[1]!.links).toEqual([{ relation: 'Superseded by', target: '0003-use-postgresql.md' }]);
    expect(entries[3]!.links).toEqual([
      { relation: 'Superseded by', target: '0005-cache-with-redis.md' },
      { relation: 'Amends', target: '0001-record-architecture-decisions.md' },
    ]);
    expect(adr(dir, ['index']).status).toBe(0);
    expect(read(dir, 'doc/adr/README.md')).toContain(
      '| [0002](0002-use-mysql.md) | Use MySQL | superseded | 2026-04-05 | Superseded by [0003](0003-use-postgresql.md) |',
    );
    const results = await lintAdrs(['doc/adr'], { cwd: dir });
    const problems = results.flatMap((x) =>
      x.messages.filter((m) => m.ruleId !== 'empty-section').map((m) => `${x.file}: ${m.ruleId} ${m.message}`),
    );
    expect(problems).toEqual([]);
  });

  it('records we make are listed, numbered after and put in the table of contents by adr-tools', () => {
    const dir = tmpRepo();
    adrTools(dir, ['init', 'doc/adr']);
    for (const title of ['Use Go', 'Use Kafka', 'Use NATS']) expect(adr(dir, ['new', title]).status).toBe(0);
    expect(adr(dir, ['supersede', '3', '4']).status).toBe(0);
    expect(adr(dir, ['link', '4', 'Amends', '2']).status).toBe(0);

    expect(adrTools(dir, ['list']).trim().split('\n')).toEqual([
      'doc/adr/0001-record-architecture-decisions.md',
      'doc/adr/0002-use-go.md',
      'doc/adr/0003-use-kafka.md',
      'doc/adr/0004-use-nats.md',
    ]);
    const toc = adrTools(dir, ['generate', 'toc']);
    expect(toc).toContain('* [2. Use Go](0002-use-go.md)');
    expect(toc).toContain('* [4. Use NATS](0004-use-nats.md)');
    // adr-tools' link graph reads our Status-section links as its own.
    const graph = adrTools(dir, ['generate', 'graph']);
    expect(graph).toMatch(/_4 -> _3 \[label="Supersedes"/);
    expect(graph).toMatch(/_4 -> _2 \[label="Amends"/);
    adrTools(dir, ['new', 'Use', 'gRPC']);
    expect(read(dir, 'doc/adr/0005-use-grpc.md')).toMatch(/^# 5\. Use gRPC\n/);
  });
});
