// status.ts reads ASCII text with ASCII forms of its Unicode patterns (a Unicode property class
// costs V8 a compile at first use, on every run): on ASCII text each form must match exactly what
// the Unicode pattern matches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bareTitle } from '../src/adr/adr-index.js';
import { asciiForms, looksLikeStatus } from '../src/adr/status.js';

const match = (re: RegExp, s: string) => re.exec(s)?.[0] ?? null;

describe('status patterns on ASCII text', () => {
  it('every ASCII character, alone', () => {
    for (let c = 0; c < 128; c++)
      for (const [unicode, ascii] of asciiForms()) {
        const s = String.fromCharCode(c);
        expect(match(ascii, s), `${JSON.stringify(s)} against ${unicode}`).toBe(match(unicode, s));
      }
  });

  it('any ASCII text, status lines with dates and symbols among them', () => {
    const text = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789-./ *_~`:#[]()!?>|aZz'.split('')) }),
      fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)) }),
      fc.constantFrom('2024-02-01 Accepted', '01.02.2024: Proposed', '20240201 - Draft', '** Approved **', '-> done.'),
    );
    fc.assert(
      fc.property(text, (s) => {
        for (const [unicode, ascii] of asciiForms()) expect(match(ascii, s)).toBe(match(unicode, s));
      }),
      { numRuns: 2000 },
    );
  });
});

// The dashes below are written as escapes in the sources (the start-up bundles stay ASCII): these
// fix what they match.
describe('en and em dashes', () => {
  it('end a status phrase, as a full stop does', () => {
    for (const dash of ['\u2013', '\u2014', '.']) {
      expect(looksLikeStatus(`Security review${dash} blocked by legal and the board`)).toBe(true);
    }
    expect(looksLikeStatus('Security review blocked by legal and the board')).toBe(false);
  });

  it('separate a heading number from its title', () => {
    for (const dash of ['\u2013', '\u2014', ':']) expect(bareTitle(`ADR-003 ${dash} Use X`)).toBe('Use X');
  });
});
