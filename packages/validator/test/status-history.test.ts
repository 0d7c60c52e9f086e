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

describe('a status written as a sentence, with no front matter', () => {
  const valid = (text: string) => {
    const r = lintAdrText(text, { file: '0001-use-x.md' });
    return [r.status, r.messages.filter((m) => m.ruleId.startsWith('status-')).map((m) => `${m.ruleId}: ${m.message}`)];
  };

  it('one whose first clause names several statuses has none, with a warning, not its first word', () => {
    expect(valid(nygard('Proposed, then accepted in March 2024.'))).toEqual([
      null,
      [
        "status-valid: status 'Proposed, then accepted in March 2024.' names proposed and accepted, so which is " +
          'current is unclear; start it with the current status',
      ],
    ]);
    // The first clause is the statement: what follows `;` or `. ` is history.
    expect(valid(nygard('Rejected in favour of ADR 5; proposed by Bob.'))).toEqual(['rejected', []]);
    expect(valid(nygard('Accepted as amended (2024-07-18). Originally proposed as X.'))).toEqual(['accepted', []]);
  });

  it('one that names a status after another word has none, with a warning, not that word', () => {
    const known = 'known: proposed, accepted, rejected, deprecated, superseded, draft';
    expect(valid(nygard('Currently proposed, pending review by ops'))).toEqual([
      null,
      [
        "status-valid: status 'Currently proposed, pending review by ops' does not start with a status word " +
          `(it names proposed); start it with the status (${known})`,
      ],
    ]);
    expect(valid(`# 1. Use X\n\n**Status:** We accepted this after review\n\n## Context\n\nc\n`)).toEqual([
      null,
      [
        "status-valid: status 'We accepted this after review' does not start with a status word " +
          `(it names accepted); start it with the status (${known})`,
      ],
    ]);
    // A section that opens with such a sentence is not read as a status at all, as before.
    expect(valid(nygard('We accepted this after review'))).toEqual([
      null,
      ["status-present: 'Status' section does not start with a status word (such as Accepted)"],
    ]);
    // A team's own word, or a short phrase, is still its status.
    expect(valid(nygard('Critical update'))[0]).toBe('critical');
    expect(valid('---\nstatus: Ready for review\n---\n# 1. Use X\n')[0]).toBe('ready');
  });

  it('list and the index show no status for such a sentence', async () => {
    const { indexEntries } = await import('../src/adr/adr-index.js');
    const { parseAdr } = await import('../src/index.js');
    const doc = parseAdr(nygard('Currently proposed, pending review by ops'), '0001-use-x.md');
    expect(indexEntries([doc], ['proposed', 'accepted']).map((e) => e.status)).toEqual([null]);
  });
});
