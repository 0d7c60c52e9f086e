// parse.ts skips the GFM table construct for a text mayHoldTable() clears. That is safe only if
// such a text parses to the same tree with the construct: checked here on every table form
// micromark accepts and on generated texts made of delimiter-row characters.
import fc from 'fast-check';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { describe, expect, it } from 'vitest';
import { parseAdr } from '../src/index.js';
import { mayHoldTable } from '../src/adr/tables.js';

function tables(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}
const withTables = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']).use(tables);
const without = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']);
const hasTable = (n: { type: string; children?: unknown[] }): boolean =>
  n.type === 'table' || (n.children ?? []).some((c) => hasTable(c as typeof n));

describe('mayHoldTable', () => {
  it('is true for every table form, including a delimiter row with a colon and no pipe', () => {
    const forms = [
      '| a | b |\n|---|---|\n| 1 | 2 |',
      'a|b\n-|-',
      'a\n|-',
      'a\n-|',
      '| a |\n:-:',
      '> | a |\n> |-|',
      '- | a |\n  | - |',
      '1. | a |\n   | :-- |',
      '| a |\r\n| - |\r\n',
      '  | a |\n  | --- |',
      'a\r|-',
    ];
    for (const text of forms) {
      expect(hasTable(withTables.parse(text)), text).toBe(true);
      expect(mayHoldTable(text), text).toBe(true);
    }
  });

  it('is false for table-free records: front matter, thematic breaks, setext headings, pipes in prose', () => {
    const texts = [
      '---\nstatus: accepted\n---\n\n# 1. Use X\n\n## Status\n\nAccepted\n',
      'Title\n=====\n\nText\n\n---\n\n* * *\n',
      '| a |\n---\n',
      'Use `a|b` and a:b.\n',
    ];
    for (const text of texts) expect(mayHoldTable(text), text).toBe(false);
  });

  it('a text it clears has no table and the same tree as with the table construct', () => {
    const line = fc
      .array(
        fc.constantFrom('|', ':', '-', '-', ' ', '\t', '>', '*', '+', '1', '.', ')', 'a', '`', '#', '=', '\\', '\r'),
        {
          maxLength: 12,
        },
      )
      .map((cs) => cs.join(''));
    const text = fc.array(line, { minLength: 1, maxLength: 8 }).map((ls) => ls.join('\n'));
    let cleared = 0;
    fc.assert(
      fc.property(text, (t) => {
        if (mayHoldTable(t)) return;
        cleared++;
        const full = withTables.parse(t);
        expect(hasTable(full)).toBe(false);
        expect(without.parse(t)).toEqual(full);
      }),
      { numRuns: 1500 },
    );
    // The property is worth little if the generator hardly ever makes a cleared text.
    expect(cleared).toBeGreaterThan(150);
  });

  it('parseAdr reads a metadata table with the construct and a table-free record without it', () => {
    const table = parseAdr('# 1. Use X\n\n| Status | Date |\n|---|---|\n| Accepted | 2024-01-02 |\n', '0001-x.md');
    expect([table.status?.raw, table.date?.raw]).toEqual(['Accepted', '2024-01-02']);
    const plain = parseAdr('# 1. Use X\n\n## Status\n\nAccepted\n\n---\n\nDate: 2024-01-02\n', '0001-x.md');
    expect(plain.status?.raw).toBe('Accepted');
  });
});
