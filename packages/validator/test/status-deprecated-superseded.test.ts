// "Deprecated, superseded by ADR 7" in one clause reads as superseded by ADR 7 (deprecated, then
// superseded: the reference wins), where a first clause naming two statuses gave no status. Other
// sentences naming several statuses still give none.
import { describe, expect, it } from 'vitest';
import { lintAdrText } from '../src/index.js';

const nygard = (status: string) =>
  `# 1. Use X\n\nDate: 2024-02-01\n\n## Status\n\n${status}\n\n## Context\n\nc\n\n` +
  `## Decision\n\nd\n\n## Consequences\n\ne\n`;

const lint = (status: string) => {
  const r = lintAdrText(nygard(status), { file: '0001-use-x.md' });
  return { status: r.status, found: r.messages.map((m) => m.ruleId) };
};

describe('deprecated and superseded by a record, in one clause', () => {
  it('is superseded, by the record it names', () => {
    for (const s of [
      'Deprecated, superseded by ADR 7',
      'Deprecated, superseded by [7. Use Y](0007-use-y.md)',
      'Deprecated - superseded by ADR-0007.',
      'deprecated and superseded by 0007-use-y.md',
      '**Deprecated**, superceded by ADR 7',
    ])
      expect(lint(s), s).toEqual({ status: 'superseded', found: [] });
  });

  it('other sentences naming several statuses still give no status', () => {
    for (const s of [
      'Proposed, then accepted in March 2024.',
      'Deprecated, superseded', // no record named
      'Deprecated, rejected and superseded by ADR 7', // a third status
      'Accepted, superseded by ADR 7',
    ])
      expect(lint(s).status, s).toBeNull();
  });

  it('a deprecation alone, or with the supersession in a sentence of its own, stays deprecated', () => {
    expect(lint('Deprecated').status).toBe('deprecated');
    expect(lint('Deprecated. Superseded by ADR 7 later on.').status).toBe('deprecated');
  });
});
