// Chains of "superseded by" across a folder: the current decision must be reachable.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintAdrs } from '../src/index.js';
import { tmpDir } from './helpers.js';

const record = (n: number, status: string, supersedes?: number) =>
  `# ${n}. Decision ${n}\n\nDate: 2026-01-0${n}\n\n## Status\n\n${status}\n\n` +
  (supersedes ? `Supersedes [ADR ${supersedes}](000${supersedes}-d.md)\n\n` : '') +
  `## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n`;

async function cycleFindings(files: Record<string, string>) {
  const dir = tmpDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const results = await lintAdrs([dir], { cwd: dir, config: {} });
  return results.flatMap((r) =>
    r.messages.filter((m) => m.ruleId === 'supersession-cycle').map((m) => `${path.basename(r.file)} ${m.message}`),
  );
}

describe('supersession-cycle', () => {
  it('reports a cycle through three records once, naming the chain', async () => {
    expect(
      await cycleFindings({
        '0001-d.md': record(1, 'Superseded by [ADR 2](0002-d.md)', 3),
        '0002-d.md': record(2, 'Superseded by [ADR 3](0003-d.md)', 1),
        '0003-d.md': record(3, 'Superseded by [ADR 1](0001-d.md)', 2),
      }),
    ).toEqual([
      '0001-d.md superseded in a cycle (0001-d → 0002-d → 0003-d → 0001-d): ' +
        'none of these ADRs is the current decision',
    ]);
  });

  it('reports two records superseding each other, and nothing for a chain that ends', async () => {
    expect(
      await cycleFindings({
        '0001-d.md': record(1, 'Superseded by [ADR 2](0002-d.md)', 2),
        '0002-d.md': record(2, 'Superseded by [ADR 1](0001-d.md)', 1),
      }),
    ).toHaveLength(1);
    expect(
      await cycleFindings({
        '0001-d.md': record(1, 'Superseded by [ADR 2](0002-d.md)'),
        '0002-d.md': record(2, 'Superseded by [ADR 3](0003-d.md)', 1),
        '0003-d.md': record(3, 'Accepted', 2),
      }),
    ).toEqual([]);
  });

  it('a chain that runs into a cycle elsewhere is reported on the cycle only', async () => {
    const found = await cycleFindings({
      '0001-d.md': record(1, 'Superseded by [ADR 2](0002-d.md)'),
      '0002-d.md': record(2, 'Superseded by [ADR 3](0003-d.md)', 1),
      '0003-d.md': record(3, 'Superseded by [ADR 2](0002-d.md)', 2),
    });
    expect(found).toEqual([
      '0002-d.md superseded in a cycle (0002-d → 0003-d → 0002-d): none of these ADRs is the current decision',
    ]);
  });
});
