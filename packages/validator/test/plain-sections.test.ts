// section-heading: a section word alone on a line is a lost heading only where the record lacks
// that section, outside HTML blocks and sentences.
import { describe, expect, it } from 'vitest';
import { lintAdrText } from '../src/index.js';

const nygard = (context: string, decision = '## Decision\n\nWe do it.\n\n') =>
  `# 1. Use X\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\n${context}\n\n${decision}` +
  `## Consequences\n\nNone.\n`;

const headings = (text: string) =>
  lintAdrText(text, { file: '0001-use-x.md' })
    .messages.filter((m) => m.ruleId === 'section-heading')
    .map((m) => `${m.line} ${m.message}`);

describe('section words in the prose of a record that has the section', () => {
  it('a list of stages, one per line, is not a lost heading', () => {
    const context = 'The flow has three stages:\n\nProposal\n\nReview\n\nDecision\n\nEach stage takes a week.';
    expect(headings(nygard(context))).toEqual([]);
  });

  it('a word on its own line inside a sentence is not a heading', () => {
    const context = 'The last meeting ended without a\n\nDecision\n\nbeing made.';
    expect(headings(nygard(context, ''))).toEqual([]);
  });

  it('a section word inside <details> is not a heading', () => {
    const context = '<details>\n<summary>Notes</summary>\n\nDecision\n\nNotes of the meeting.\n\n</details>';
    expect(headings(nygard(context, ''))).toEqual([]);
  });

  it('a record without the section still gets the finding and its fix', () => {
    const r = lintAdrText(nygard('Why.\n\nDecision\n\nWe do it.', ''), { file: '0001-use-x.md' });
    const found = r.messages.filter((m) => m.ruleId === 'section-heading');
    expect(found.map((m) => [m.line, m.fix?.[0]?.text])).toEqual([[13, '## Decision']]);
  });
});

describe('the heading the message asks for', () => {
  it('names the level the fix writes: ### in a record whose sections are level 3', () => {
    const text =
      '# 1. Use X\n\n### Status\n\nAccepted\n\n### Context\n\nWhy.\n\nDecision\n\nWe do it.\n\n' +
      '### Consequences\n\nNone.\n';
    const r = lintAdrText(text, { file: '0001-use-x.md' });
    const found = r.messages.filter((m) => m.ruleId === 'section-heading');
    expect(found.map((m) => [m.line, m.message, m.fix?.[0]?.text])).toEqual([
      [11, "'Decision' is a plain line, not a heading; write '### Decision'", '### Decision'],
    ]);
  });
});
