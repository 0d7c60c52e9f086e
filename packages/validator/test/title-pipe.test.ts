// A title with `|` in it is a title (`Choose A | B`); only a bracketed list of alternatives
// (`[a | b]`, `{a | b}`, `(a | b)`) is a template's prompt.
import { describe, expect, it } from 'vitest';
import { lintAdrText } from '../src/index.js';
import { isPlaceholder } from '../src/adr/status.js';

const madr = (title: string) =>
  `---\nstatus: accepted\ndate: 2024-05-01\n---\n\n# ${title}\n\n## Context and Problem Statement\n\n` +
  `We need to pick one.\n\n## Considered Options\n\n* A\n* B\n\n## Decision Outcome\n\n` +
  `Chosen option: "A", because it is simpler.\n`;

const unfilled = (title: string) =>
  lintAdrText(madr(title), { file: '0001-choose.md' }).messages.filter((m) => m.ruleId === 'template-unfilled');

describe('template-unfilled and titles with a pipe', () => {
  it('a filled-in record titled `Choose A | B` is not the unfilled template', () => {
    expect(unfilled('Choose A | B')).toEqual([]);
    expect(unfilled('Use Redis | Memcached for sessions')).toEqual([]);
  });

  it('a bracketed list of alternatives as the title is still a prompt', () => {
    for (const t of ['[short title | of solved problem]', '{Option A | Option B}', '(a | b)'])
      expect(unfilled(t).map((m) => m.message)).toEqual([
        expect.stringMatching(/^the record is still the unfilled template/),
      ]);
  });

  it('a bare list of alternatives is still a prompt where a status is expected', () => {
    expect(isPlaceholder('proposed | accepted | rejected')).toBe(true);
    expect(isPlaceholder('[proposed | accepted]')).toBe(true);
  });
});
