// Interoperability with log4brains (npm, pinned): records it makes get dated names after which ours
// follow, and are indexed and linted by us; records we make, and our supersession, are read by it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { lintAdrs } from '@distroless-service/validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { adr, read, tmpRepo } from './support/cli.js';
import { findLog4brains, requireTool, skipWithout, type Tool } from './support/tools.js';

// Written for these tests in log4brains' own form (list metadata); log4brains needs one to create records.
const TEMPLATE = `# [short title of the decision]

- Status: [draft | proposed | accepted | superseded by [xxx](yyyymmdd-xxx.md)]
- Date: [YYYY-MM-DD when the decision was last updated]

## Context and Problem Statement

[What needs deciding, in two or three sentences.]

## Considered Options

- [option 1]

## Decision Outcome

Chosen option: "[option 1]", because [why].
`;

let tool: Tool = { bin: null, reason: 'not looked up yet' };
const skip = skipWithout(
  // The lookup installs log4brains into a cache the first time: only where npm is there to ask.
  spawnSync('npm', ['--version']).status === 0 ? { bin: 'npm', reason: null } : { bin: null, reason: 'no npm on PATH' },
  'log4brains interoperability',
);

function log4brains(cwd: string, args: string[]): string {
  const r = spawnSync(requireTool(tool), args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`log4brains ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

function repo(): string {
  const dir = tmpRepo({
    '.log4brains.yml': 'project:\n  name: interop\n  tz: Etc/UTC\n  adrFolder: ./docs/decisions\n',
    'docs/decisions/template.md': TEMPLATE,
  });
  return dir;
}

describe.skipIf(skip)('log4brains', () => {
  beforeAll(() => {
    tool = findLog4brains();
    if (skipWithout(tool, 'log4brains interoperability')) return;
  }, 20 * 60_000);

  it('records log4brains makes are followed, indexed and linted by us', async (ctx) => {
    if (!tool.bin && !process.env.CI) return ctx.skip();
    const dir = repo();
    const slug = log4brains(dir, ['adr', 'new', '--quiet', 'Use Markdown']).trim();
    expect(slug).toMatch(/^\d{8}-use-markdown$/);
    const r = adr(dir, ['new', 'Use Mermaid for diagrams', '--status', 'accepted']);
    expect(r.status, r.stderr).toBe(0);
    const ours = r.stdout.trim();
    // A dated name in log4brains' folder, and the folder's template.md filled, as log4brains fills it.
    expect(ours).toMatch(/^docs\/decisions\/\d{8}-use-mermaid-for-diagrams\.md$/);
    expect(read(dir, ours)).toMatch(/^# Use Mermaid for diagrams\n\n- Status: accepted\n- Date: \d{4}-\d\d-\d\d\n/);

    expect(adr(dir, ['index']).status).toBe(0);
    const index = read(dir, 'docs/decisions/README.md');
    expect(index).toContain(`| [${slug}](${slug}.md) | Use Markdown |`);
    expect(index).toContain('| Use Mermaid for diagrams | accepted |');
    expect(index).not.toContain('template.md');

    const results = await lintAdrs(['docs/decisions'], { cwd: dir });
    expect(results.map((x) => path.basename(x.file)).sort()).toEqual([`${slug}.md`, path.basename(ours)].sort());
    // Theirs still holds the template's prompts, and our lint says so; ours has no error.
    const theirs = results.find((x) => x.file.endsWith(`${slug}.md`))!;
    expect(theirs.messages.map((m) => m.ruleId)).toContain('template-placeholder');
    const mine = results.find((x) => x.file === ours)!;
    expect(mine.messages.filter((m) => m.severity === 'error')).toEqual([]);
  });

  it('records we make, and a supersession, are read by log4brains', (ctx) => {
    if (!tool.bin && !process.env.CI) return ctx.skip();
    const dir = repo();
    writeFileSync(
      path.join(dir, 'docs/decisions/20240105-use-rest.md'),
      '# Use REST\n\n- Status: accepted\n- Date: 2024-01-05\n\n## Context and Problem Statement\n\nc\n\n## Considered Options\n\n- REST\n\n## Decision Outcome\n\nREST.\n',
    );
    const grpc = adr(dir, ['new', 'Use gRPC between services', '--date', '2026-02-03']);
    expect(grpc.status, grpc.stderr).toBe(0);
    expect(adr(dir, ['new', 'Use GraphQL at the edge', '--date', '2026-02-04', '--status', 'accepted']).status).toBe(0);
    expect(adr(dir, ['supersede', 'use-rest', 'use-grpc']).status).toBe(0);

    const rows = log4brains(dir, ['adr', 'list', '--raw']).trim().split('\n').sort();
    expect(rows).toEqual([
      '20240105-use-rest,SUPERSEDED,,Use REST',
      '20260203-use-grpc-between-services,PROPOSED,,Use gRPC between services',
      '20260204-use-graphql-at-the-edge,ACCEPTED,,Use GraphQL at the edge',
    ]);
  });
});
