// Property test: the parser entry point and the file rules never throw, and
// every finding points at a line that exists.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDocument, parseAdr, resolveConfig } from '../src/index.js';

const config = resolveConfig({});

const fragment = fc.constantFrom(
  '---\n',
  '# 1. Title\n',
  '## Status\n',
  'Accepted\n',
  '## Context\n',
  '* Status: accepted\n',
  '- Date: 2020-Nov-04\n',
  '**Status:** ✅ Accepted\n',
  '**Status**: Superseded by [ADR-2](0002-x.md)\n',
  'status: accepted date: 2026-03-12\n',
  '| Status | Date |\n|---|---|\n| Draft | 25.05.2020 |\n',
  '{short title of solved problem}\n',
  '[accepted | rejected]\n',
  'adr: 001\n',
  'status: {proposed | x}\n',
  'title: a: b\n',
  '> quote\n',
  '    code\n',
  '```\nfence\n',
  '<!-- c -->\n',
  '\r\n',
  '\n',
  '\uFEFF',
  'âœ…',
  '\u0000',
  '\uFFFD',
  '- - - -\n',
  '1. item\n',
  'Decision Drivers\n',
  '[link](',
  '***\n',
);

const markdownish = fc
  .array(fc.oneof(fragment, fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 })), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''));

function check(text: string): void {
  const doc = parseAdr(text, '0001-fuzz.md');
  const { result } = checkDocument(doc, config);
  const lines = text.split('\n').length;
  for (const m of result.messages) {
    expect(m.line).toBeGreaterThanOrEqual(1);
    expect(m.line).toBeLessThanOrEqual(lines + 1);
    expect(m.column).toBeGreaterThanOrEqual(1);
    expect(typeof m.message).toBe('string');
  }
  expect(result.status === null || result.status === result.status.toLowerCase()).toBe(true);
}

describe('parser fuzzing', () => {
  it('handles random Markdown-like input', () => {
    fc.assert(
      fc.property(markdownish, (text) => check(text)),
      { numRuns: 400, seed: 42 },
    );
  });

  it('handles mutations of a valid ADR (deleted, duplicated and swapped lines)', () => {
    const base = [
      '---\nstatus: accepted\ndate: 2024-01-01\nadr: 003\n---\n\n# ADR-003: Use X\n\n',
      '## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n',
    ]
      .join('')
      .split('\n');
    const mutated = fc
      .array(
        fc.tuple(fc.nat(base.length - 1), fc.nat(base.length - 1), fc.constantFrom('delete', 'dup', 'swap', 'junk')),
        { maxLength: 8 },
      )
      .chain((ops) => fc.string({ maxLength: 12 }).map((junk) => ({ ops, junk })))
      .map(({ ops, junk }) => {
        const lines = [...base];
        for (const [a, b, op] of ops) {
          const i = Math.min(a, lines.length - 1);
          const j = Math.min(b, lines.length - 1);
          if (lines.length === 0) break;
          if (op === 'delete') lines.splice(i, 1);
          else if (op === 'dup') lines.splice(i, 0, lines[j]!);
          else if (op === 'swap') [lines[i], lines[j]] = [lines[j]!, lines[i]!];
          else lines.splice(i, 0, junk);
        }
        return lines.join('\n');
      });
    fc.assert(
      fc.property(mutated, (text) => check(text)),
      { numRuns: 400, seed: 7 },
    );
  });

  it('is deterministic: the same text gives the same findings', () => {
    fc.assert(
      fc.property(markdownish, (text) => {
        const a = checkDocument(parseAdr(text, 'a.md'), config).result;
        const b = checkDocument(parseAdr(text, 'a.md'), config).result;
        expect(a).toEqual(b);
      }),
      { numRuns: 100, seed: 3 },
    );
  });
});
