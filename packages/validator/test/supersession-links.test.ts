// superseded-by-target follows the links GitHub renders: reference-style links, resolved through
// their definitions, and links from the repository's root (`/docs/adr/...`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintAdrs } from '../src/index.js';
import { tmpDir } from './helpers.js';

const record = (n: number, title: string, status: string, after = '') =>
  `# ${n}. ${title}\n\nDate: 2024-01-01\n\n## Status\n\n${status}\n\n## Context\n\nc\n\n## Decision\n\nd\n\n` +
  `## Consequences\n\ne\n${after}`;

async function findings(files: Record<string, string>): Promise<string[]> {
  const root = tmpDir();
  execFileSync('git', ['init', '-q', root]);
  const dir = path.join(root, 'docs', 'adr');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const results = await lintAdrs([dir], { cwd: root, config: {} });
  return results.flatMap((r) => r.messages.map((m) => `${path.basename(r.file)} ${m.ruleId}: ${m.message}`));
}

const foo = record(7, 'Use Foo', 'Accepted\n\nSupersedes [1. Use X](0001-use-x.md)');

describe('superseded-by-target and the links GitHub renders', () => {
  it('a reference-style link is resolved through its definition', async () => {
    const x = record(1, 'Use X', 'Superseded by: [Use Foo][foo]', '\n[foo]: 0007-foo.md\n');
    expect(await findings({ '0001-use-x.md': x, '0007-foo.md': foo })).toEqual([]);
  });

  it('a link from the repository root is resolved against git’s top level', async () => {
    const x = record(1, 'Use X', 'Superseded by [7. Use Foo](/docs/adr/0007-foo.md)');
    expect(await findings({ '0001-use-x.md': x, '0007-foo.md': foo })).toEqual([]);
  });

  it('a plain ADR-NNNN followed by a comma, semicolon or bracket names that record', async () => {
    for (const status of [
      'Superseded by ADR-0007, which replaces X with Foo.',
      'Superseded by ADR-0007; was Accepted after review',
      'Superseded by (ADR-0007)',
    ]) {
      const x = record(1, 'Use X', status);
      expect(await findings({ '0001-use-x.md': x, '0007-foo.md': foo }), status).toEqual([]);
    }
  });

  it('a link to a record that does not exist is still an error', async () => {
    const x = record(1, 'Use X', 'Superseded by [7. Use Foo](/docs/adr/0008-gone.md)');
    expect(await findings({ '0001-use-x.md': x, '0007-foo.md': foo })).toEqual([
      "0001-use-x.md superseded-by-target: superseded by '/docs/adr/0008-gone.md', which is not an ADR in this folder",
    ]);
  });
});

describe('supersession in front-matter keys', () => {
  const fm = (open: string, lines: string[]) =>
    `${open}\n${lines.join('\n')}\n${open}\n\n# T\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n`;

  it('a superseded-by key naming no record is reported at that key, YAML and TOML', async () => {
    const root = tmpDir();
    execFileSync('git', ['init', '-q', root]);
    const dir = path.join(root, 'docs', 'adr');
    mkdirSync(dir, { recursive: true });
    const files: Record<string, string> = {
      '0001-a.md': fm('---', ['status: accepted', 'date: 2024-01-01', 'superseded-by: ADR-0009']),
      '0002-b.md': fm('+++', ['status = "superseded"', 'date = 2024-01-02', 'superseded-by = "ADR-0008"']),
      // Superseded in a cycle through the keys alone: reported at the key of each.
      '0003-c.md': fm('---', [
        'status: superseded',
        'date: 2024-01-03',
        'supersedes: [ADR-0004]',
        'superseded-by: ADR-0004',
      ]),
      '0004-d.md': fm('---', [
        'status: superseded',
        'date: 2024-01-04',
        'supersedes: [ADR-0003]',
        'superseded-by: ADR-0003',
      ]),
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const results = await lintAdrs([dir], { cwd: root, config: {} });
    const at = results.flatMap((r) =>
      r.messages
        .filter((m) => m.severity === 'error')
        .map((m) => `${path.basename(r.file)}:${m.line}:${m.column} ${m.ruleId}`),
    );
    expect(at).toEqual([
      '0001-a.md:4:16 superseded-by-target',
      '0002-b.md:4:1 superseded-by-target',
      '0003-c.md:5:16 supersession-cycle',
    ]);
  });
});
