// One test per reader: each reads one place where records write their metadata.
import { describe, expect, it } from 'vitest';
import { parseAdr } from '../src/index.js';

const parse = (text: string, file = '0007-x.md') => parseAdr(text, file);
const where = (d: ReturnType<typeof parse>) => d.statuses.map((s) => `${s.source}:${s.line} ${s.raw}`);

describe('readers', () => {
  it('front matter, YAML: status, date, title, number and supersession', () => {
    const d = parse(
      '---\nid: ADR-0007\ntitle: Use Y\nstatus: "accepted"\ndate: 2024-01-02\nsuperseded-by: ADR-0009\n---\n\nBody.\n',
    );
    expect(where(d)).toEqual(['front-matter:4 accepted']);
    // The range of a quoted value is inside its quotes, so --fix keeps them.
    expect(d.text.slice(d.status!.range!.start, d.status!.range!.end)).toBe('accepted');
    expect([d.date?.raw, d.title?.text, d.number, d.supersededBy?.ref]).toEqual([
      '2024-01-02',
      'Use Y',
      '0007',
      'ADR-0009',
    ]);
  });

  it('front matter, TOML between +++', () => {
    const d = parse('+++\nstatus = "proposed"\ndate = 2023-05-06\n+++\n\n# T\n');
    expect([where(d), d.date?.raw]).toEqual([['front-matter:2 proposed'], '2023-05-06']);
  });

  it('front matter that does not parse: the error, and status salvaged from its line', () => {
    const d = parse('---\nstatus: accepted\ntitle: ADR010: Luxon\n---\n# T\n');
    expect(d.frontMatterError?.line).toBe(3);
    expect(where(d)).toEqual(['front-matter:2 accepted']);
  });

  it('unfenced front matter and its plain-line title', () => {
    const d = parse('status: accepted date: 2026-03-12\nADR-0021: Use Z\nContext and Problem Statement\nWhy.\n');
    expect([where(d), d.title?.text, d.flattenedFrontMatter?.line]).toEqual([
      ['flattened:1 accepted'],
      'ADR-0021: Use Z',
      1,
    ]);
  });

  it('header fields: a MADR 2 list, bold fields, a plain line', () => {
    expect(where(parse('# T\n\n* Status: accepted\n* Date: 2021-01-01\n\n## Context\n'))).toEqual(['list:3 accepted']);
    expect(where(parse('# T\n\n**Status:** Proposed\n**Date:** 2024-01-01\n\n## Context\n'))).toEqual([
      'bold:3 Proposed',
    ]);
    expect(where(parse('# T\n\nStatus: Accepted\n\n## Context\n'))).toEqual(['plain:3 Accepted']);
  });

  it('header fields under a title written as ## or ###, as under a # title', () => {
    const record = (h: string) => `${h} 1. Use X\n\nDate: 2024-01-01\nStatus: Accepted\n\n## Context\n\nc\n`;
    for (const h of ['#', '##', '###'])
      expect([h, parse(record(h)).date?.raw, where(parse(record(h)))]).toEqual([h, '2024-01-01', ['plain:4 Accepted']]);
    // A record opening with a section heading has no header to read.
    expect(parse('## Context\n\nDate: 2024-01-01\n\n## Decision\n\nd\n').date).toBeNull();
  });

  it('tables: a key/value table and a header table', () => {
    expect(where(parse('# T\n\n|Metadata|Value|\n|-|-|\n|Status|Implemented|\n\n## Context\n'))).toEqual([
      'table:5 Implemented',
    ]);
    expect(where(parse('| Status | Date |\n|---|---|\n| Proposed | 2024-01-01 |\n\n## Context\n'))).toEqual([
      'table:3 Proposed',
    ]);
    // Backstage's header table names the date column `Created`, as front matter's `created:`.
    const created = parse('# ADR010: T\n\n| Created | Status |\n|---|---|\n| 2021-01-16 | Open |\n\n## Context\n');
    expect([where(created), created.date?.raw, created.date?.line]).toEqual([['table:5 Open'], '2021-01-16', 5]);
  });

  it('sections: a ## Status section at H1 or H2, but not one of prose', () => {
    expect(where(parse('# T\n\n# Status\n\nAccepted\n\n# Context\n'))).toEqual(['section:5 Accepted']);
    expect(where(parse('# T\n\n## Status\n\nThe team has not decided anything about retention yet.\n'))).toEqual([]);
    expect(where(parse('# T\n\n## Status\n\n** Approved ** via vote on 2020-03-25\n'))[0]).toBe(
      'section:5 ** Approved ** via vote on 2020-03-25',
    );
    expect(parse('# T\n\n## Status\n\n** Approved ** via vote\n').status?.read?.normalized).toBe('approved');
  });

  it('change log: the state of the last entry, and the latest date of a table', () => {
    const list = parse(
      '# T\n\n## Change Log\n\n- [pending](https://x/1) (2022-05-01)\n- [approved](https://x/2) (2022-07-12)\n',
    );
    expect([where(list), list.date?.raw]).toEqual([['changelog:6 approved'], '2022-07-12']);
    const table = parse(
      '# T\n\n## Change Log\n\n| Date | Change |\n|---|---|\n| 2022-05-01 | a |\n| 2022-07-12 | b |\n',
    );
    expect(table.date?.raw).toBe('2022-07-12');
  });

  it('headings: the first H1 is the title, every other heading at any level a section', () => {
    const d = parse('# 7. T\n\n# Context\n\nc\n\n### Decision\n\nd\n');
    expect([d.title?.text, d.titleNumber]).toEqual(['7. T', '7']);
    expect(d.sections.map((s) => `${s.depth} ${s.concept}`)).toEqual(['1 context', '3 decision']);
  });

  it('placeholders: template prompts, but not escaped braces, links or filled-in labels', () => {
    const d = parse(
      '# T\n\nDate: [YYYY-MM-DD]\n\n{describe the problem in two sentences}\n\n\\{the field name\\} and ' +
        '[option 1](x) and [option 2] - Redis\n',
    );
    expect(d.placeholders.map((p) => `${p.line} ${p.text}`)).toEqual([
      '3 [YYYY-MM-DD]',
      '5 {describe the problem in two sentences}',
    ]);
    expect(d.date).toBeNull();
  });

  it('plain section names: a lost heading gets the level the record’s sections use, without stray blank lines', () => {
    const d = parse('# T\n\n### Context\n\nc\n\nDecision\nWe do it.\n');
    expect(d.plainHeadings.map((p) => p.edit.text)).toEqual(['### Decision\n']);
  });
});

describe('Supersedes lines', () => {
  it('are found at the start of a paragraph or list item, in any emphasis, and nowhere else', () => {
    const doc = parseAdr(
      [
        '# 3. Use Z',
        '',
        '## Status',
        '',
        'Accepted',
        '',
        '**Supersedes** [1. Use X](0001-use-x.md)',
        '',
        '- Supercedes ADR-0002',
        '',
        'This paragraph supersedes nothing: the word is not where a Supersedes line starts.',
        '',
        'Supersedesx is not the word either.',
        '',
      ].join('\n'),
      '0003-use-z.md',
    );
    // (The Status section's lines are read twice, as its own and as the record's: hence the set.)
    expect([...new Set(doc.supersedes)]).toEqual(['0001-use-x.md', 'ADR-0002']);
  });
});
