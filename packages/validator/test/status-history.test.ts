// The status section as teams write it: a dated history list, struck-through earlier statuses,
// and a sentence that tells how the status came about.
import { describe, expect, it } from 'vitest';
import { lintAdrText } from '../src/index.js';

const nygard = (status: string, frontMatter = '') =>
  `${frontMatter}# 1. Use X\n\nDate: 2024-02-01\n\n## Status\n\n${status}\n\n## Context\n\nc\n\n` +
  `## Decision\n\nd\n\n## Consequences\n\ne\n`;

const lint = (text: string) => {
  const r = lintAdrText(text, { file: '0001-use-x.md' });
  return { status: r.status, found: r.messages.map((m) => `${m.severity} ${m.ruleId}`), fixes: r.messages };
};

describe('a status history list', () => {
  it('is read as its latest entry, and its dates are not decoration', () => {
    const r = lint(nygard('- 2024-01-01 Proposed\n- 2024-02-01 Accepted'));
    expect(r.status).toBe('accepted');
    expect(r.found).toEqual([]);
  });

  it('agrees with front matter that names the latest entry', () => {
    const r = lint(nygard('- 2024-01-01 Proposed\n- 2024-02-01 Accepted', '---\nstatus: accepted\n---\n\n'));
    expect([r.status, r.found]).toEqual(['accepted', []]);
  });

  it('goes by the latest date when the newest entry is on top, by the last entry when undated', () => {
    expect(lint(nygard('- 2024-02-01: Accepted\n- 2024-01-01: Proposed')).status).toBe('accepted');
    expect(lint(nygard('- Proposed\n- Accepted\n- Deprecated')).status).toBe('deprecated');
  });

  it('a single status with a date before it is that status, not decorated', () => {
    const r = lint(nygard('2024-02-01 Accepted'));
    expect([r.status, r.found]).toEqual(['accepted', []]);
  });
});

describe('struck-through statuses and status prose', () => {
  it('a struck-through status is history: the word after it is the status', () => {
    expect(lint(nygard('~~Proposed~~ Accepted')).status).toBe('accepted');
    expect(lint(nygard('~~Accepted~~ Deprecated')).status).toBe('deprecated');
    const r = lint(nygard('~~Proposed~~ Accepted', '---\nstatus: accepted\n---\n\n'));
    expect(r.found).toEqual([]);
  });

  it('a sentence naming several statuses is not compared with the front matter', () => {
    const prose = 'Proposed by the platform team in January, accepted on 2024-02-01.';
    expect(lint(nygard(prose, '---\nstatus: accepted\n---\n\n')).found).toEqual([]);
  });

  it('a section that states another status still disagrees', () => {
    expect(lint(nygard('Proposed', '---\nstatus: accepted\n---\n\n')).found).toEqual(['error status-consistent']);
  });
});
