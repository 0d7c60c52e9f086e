// MADR makes the status optional, so many real records have none: superseding one adds the status
// in the record's own form (its front matter, the list or bold fields beside its date, an adr-tools
// Status section), or MADR 4's front matter where it has no metadata at all, instead of refusing.
import { lintAdrs } from '@distroless-service/validator';
import { describe, expect, it } from 'vitest';
import { adr, read, tmpRepo } from './support/cli.js';

const MADR_BODY = '## Context and Problem Statement\n\nc\n\n## Decision Outcome\n\nd\n';
const NEXT = `---\nstatus: accepted\ndate: 2024-02-01\n---\n\n# Use Y\n\n${MADR_BODY}`;

async function statusOf(dir: string, file: string) {
  const [r] = await lintAdrs([file], { cwd: dir });
  return [r!.status, r!.messages.filter((m) => m.severity === 'error').map((m) => `${m.ruleId} ${m.message}`)];
}

describe('superseding a record that has no status', () => {
  const cases: Array<[string, string, string]> = [
    [
      'front matter of its own (a site generator keys)',
      `---\nparent: Decisions\nnav_order: 1\n---\n\n# Use X\n\n${MADR_BODY}`,
      `---\nparent: Decisions\nnav_order: 1\nstatus: superseded by ADR-0002\n---\n\n# Use X\n\n${MADR_BODY}`,
    ],
    [
      'no metadata at all',
      `# Use X\n\n${MADR_BODY}`,
      `---\nstatus: superseded by ADR-0002\n---\n\n# Use X\n\n${MADR_BODY}`,
    ],
    [
      "MADR 2's list with a date only",
      `# Use X\n\n* Date: 2020-11-05\n\nTechnical Story: t\n\n${MADR_BODY}`,
      `# Use X\n\n* Status: superseded by [ADR-0002](0002-use-y.md)\n* Date: 2020-11-05\n\nTechnical Story: t\n\n${MADR_BODY}`,
    ],
    [
      'bold fields with a date only, CRLF',
      `# ADR-001: Use X\r\n\r\n**Date:** 2020-11-05\r\n\r\n## Context\r\n\r\nc\r\n\r\n## Decision\r\n\r\nd\r\n`,
      `# ADR-001: Use X\r\n\r\n**Status:** Superseded by [ADR-0002](0002-use-y.md)\r\n**Date:** 2020-11-05\r\n\r\n` +
        `## Context\r\n\r\nc\r\n\r\n## Decision\r\n\r\nd\r\n`,
    ],
    [
      "adr-tools' sections without a Status",
      '# 1. Use X\n\n## Context\n\nc\n\n## Decision\n\nd\n',
      '# 1. Use X\n\n## Status\n\nSuperseded by [ADR-0002](0002-use-y.md)\n\n## Context\n\nc\n\n## Decision\n\nd\n',
    ],
  ];

  for (const [name, before, after] of cases) {
    it(`${name}: supersede adds the status in that form`, async () => {
      const dir = tmpRepo({ 'docs/adr/0001-use-x.md': before, 'docs/adr/0002-use-y.md': NEXT });
      const r = adr(dir, ['supersede', '1', '2']);
      expect(r.status, r.stderr).toBe(0);
      expect(read(dir, 'docs/adr/0001-use-x.md')).toBe(after);
      expect(read(dir, 'docs/adr/0002-use-y.md')).toMatch(/Supersedes \[ADR-0001\]\(0001-use-x\.md\)/);
      expect(await statusOf(dir, 'docs/adr/0001-use-x.md')).toEqual(['superseded', []]);
      // Once written, it is there: a second run changes nothing.
      expect(adr(dir, ['supersede', '1', '2']).stderr).toContain('nothing to change');
    });
  }

  it('new --supersedes does the same, in one step', async () => {
    const dir = tmpRepo({ 'docs/adr/0001-use-x.md': `# Use X\n\n${MADR_BODY}` });
    const r = adr(dir, ['new', 'Use Y', '--supersedes', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(read(dir, 'docs/adr/0001-use-x.md')).toBe(
      `---\nstatus: superseded by ADR-0002\n---\n\n# Use X\n\n${MADR_BODY}`,
    );
    expect(await statusOf(dir, 'docs/adr/0001-use-x.md')).toEqual(['superseded', []]);
  });
});
