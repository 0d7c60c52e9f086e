// One small hand-written fixture per pattern that made the linter fail healthy repositories:
// each test states what a maintainer of such a repository would expect to see.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { translationOf } from '../src/adr/numbers.js';
import { lintAdrs, lintAdrText } from '../src/index.js';
import { brief, byFile, fixtures, tmpDir } from './helpers.js';

const lint = (paths: string[], config = {}) => lintAdrs(paths, { cwd: fixtures, config });

describe('required sections by concept, at any heading level, for the record’s own dialect', () => {
  it('sees sections written as top-level # headings (and a # Status heading)', async () => {
    const [r] = await lint(['h1-sections']);
    expect(r!.title).toBe('1. Use PostgreSQL for orders');
    expect(r!.status).toBe('accepted');
    expect(brief(r)).toEqual([]);
  });

  it(
    'knows the common aliases: Design, Proposal, Context and Proposed Design, Considerations, ' + 'Considered Option',
    async () => {
      const results = await lint(['section-aliases']);
      expect(brief(byFile(results, '0001-proposal-design.md'))).toEqual([]);
      expect(brief(byFile(results, '0002-design-considered-option.md'))).toEqual([]);
    },
  );

  it('does not hold a Context/Decision/Consequences record with MADR 2 metadata to MADR 2’s list', async () => {
    const [r] = await lint(['three-section-madr2']);
    expect(r!.dialect).toBe('madr2');
    expect(brief(r)).toEqual([]);
  });
});

describe('status vocabulary', () => {
  it('warns (not errors) on a team status, without a hint that changes its meaning', async () => {
    const results = await lint(['team-statuses']);
    for (const word of ['implemented', 'approved', 'pending', 'reverted']) {
      const r = results.find((x) => x.status === word)!;
      expect(brief(r)).toEqual(['7:1 warning status-valid']);
      expect(r.messages[0]!.message).not.toMatch(/did you mean/);
      expect(r.messages[0]!.message).toContain(`'${word}'`);
    }
  });

  it('errors on an unknown status once the repository configured its list', async () => {
    const results = await lint(['team-statuses'], { statuses: ['accepted', 'implemented', 'approved', 'pending'] });
    expect(results.map((r) => brief(r))).toEqual([[], [], [], ['7:1 error status-valid']]);
  });

  it('does not read a ## Status section of prose, or about a code interface, as the status', async () => {
    const results = await lint(['status-prose-section']);
    const api = byFile(results, '0001-status-endpoint.md');
    expect(api.status).toBe('accepted');
    expect(brief(api)).toEqual([]);
    const prose = byFile(results, '0002-status-prose.md');
    expect(prose.status).toBeNull();
    expect(brief(prose)).toEqual(['5:1 warning status-present']);
  });

  it('reads `** Approved ** via vote ...` as approved', async () => {
    const [r] = await lint(['bold-spaced-status']);
    expect(r!.status).toBe('approved');
    expect(r!.messages.map((m) => m.ruleId)).not.toContain('status-decoration');
    expect(r!.messages.find((m) => m.ruleId === 'status-valid')?.message).toMatch(/^unknown status 'approved'/);
  });
});

describe('dates and titles', () => {
  it('reads the date from a change-log table', async () => {
    const [r] = await lint(['changelog-table-date']);
    expect(r!.date).toBe('2022-07-12');
    expect(r!.messages.map((m) => m.ruleId)).not.toContain('date-present');
  });

  it('does not take a template prompt as the date', async () => {
    const [r] = await lint(['date-prompt']);
    expect(r!.date).toBeNull();
    expect(brief(r)).toEqual(['3:7 warning template-placeholder']);
  });

  it('takes a title given only in front matter', async () => {
    const [r] = await lint(['title-front-matter']);
    expect(r!.title).toBe('Use the Luxon date library');
    expect(brief(r)).toEqual([]);
  });

  it('reads TOML (+++) front matter', async () => {
    const [r] = await lint(['toml-front-matter']);
    expect([r!.status, r!.date]).toEqual(['accepted', '2023-05-06']);
    expect(brief(r)).toEqual([]);
  });
});

describe('which files are ADRs', () => {
  it('skips README, index and template files in any case', async () => {
    const results = await lint(['skip-case']);
    expect(results.map((r) => r.file)).toEqual(['skip-case/0001-use-postgres.md']);
  });

  it('does not lint a guide in the folder as an ADR, and says it skipped it', async () => {
    const results = await lint(['non-adr-guide']);
    expect(brief(byFile(results, '0001-use-postgres.md'))).toEqual([]);
    const guide = byFile(results, 'how-to-write-an-adr.md');
    expect(brief(guide)).toEqual(['0:0 warning file-skipped']);
    expect(guide.messages[0]!.message).toMatch(/^not linted: does not look like an ADR/);
  });

  it('still lints a file that is not shaped like an ADR when it is named explicitly', async () => {
    const results = await lint(['non-adr-guide/how-to-write-an-adr.md']);
    expect(results).toHaveLength(1);
  });
});

describe('templates and placeholders', () => {
  it('fails a record that is still the unfilled template', async () => {
    const [r] = await lint(['unfilled-template']);
    expect(r!.messages.filter((m) => m.severity === 'error').map((m) => m.ruleId)).toEqual(['template-unfilled']);
  });

  it('leaves filled-in labels such as `[option 1] - ...` and escaped braces alone', async () => {
    const [r] = await lint(['filled-labels']);
    expect(brief(r)).toEqual([]);
  });
});

describe('unique-number', () => {
  it('sees the records already on disk in a single-file run', async () => {
    const results = await lintAdrs(['docs/adr/0002-new-record.md'], {
      cwd: `${fixtures}unique-on-disk`,
      config: {},
    });
    expect(results[0]!.messages.map((m) => `${m.ruleId}: ${m.message}`)).toEqual([
      'unique-number: ADR number 0002 is also used by 0002-second',
    ]);
  });

  it('compares numbers across the sub-folders of one ADR folder', async () => {
    const results = await lintAdrs(['docs/adr'], { cwd: `${fixtures}unique-on-disk`, config: {} });
    expect(byFile(results, 'archive/0001-old-first.md').messages.map((m) => m.ruleId)).toEqual(['unique-number']);
  });

  // A one-file run (pre-commit) on a record outside a folder named like an ADR folder: the
  // numbered files of unrelated documents beneath it (guides/, other projects' scratch folders)
  // are not records of the same series.
  it('compares a record in a folder not named like an ADR folder with that folder only', async () => {
    const dir = tmpDir();
    const record = [
      '# 1. Use PostgreSQL',
      'Date: 2026-01-01',
      '## Status\n\nAccepted',
      '## Context\n\nC.',
      '## Decision\n\nD.',
      '## Consequences\n\nE.\n',
    ].join('\n\n');
    mkdirSync(path.join(dir, 'notes', 'guides'), { recursive: true });
    writeFileSync(path.join(dir, 'notes', '0001-use-postgres.md'), record);
    writeFileSync(path.join(dir, 'notes', 'guides', '0001-getting-started.md'), '# Getting started\n');
    const [alone] = await lintAdrs(['notes/0001-use-postgres.md'], { cwd: dir, config: {} });
    expect(alone!.messages.map((m) => m.ruleId)).not.toContain('unique-number');
    writeFileSync(path.join(dir, 'notes', '0001-use-mysql.md'), record.replace('PostgreSQL', 'MySQL'));
    const [clash] = await lintAdrs(['notes/0001-use-postgres.md'], { cwd: dir, config: {} });
    expect(clash!.messages.filter((m) => m.ruleId === 'unique-number').map((m) => m.message)).toEqual([
      'ADR number 0001 is also used by 0001-use-mysql',
    ]);
  });

  // mkdocs-static-i18n's suffix layout: `<name>.<lang>.md` is a translation of `<name>.md`.
  it('treats a translation (a language suffix) as the same record, but still sees another record', async () => {
    const dir = tmpDir();
    const adr = path.join(dir, 'docs', 'adr');
    mkdirSync(adr, { recursive: true });
    for (const name of ['0001-foo', '0001-foo.de', '0001-foo.pt-BR', '0002-bar', '0002-bar.fr'])
      writeFileSync(path.join(adr, `${name}.md`), `# ${Number(name.slice(0, 4))}. T\n`);
    const uses = (rs: Awaited<ReturnType<typeof lintAdrs>>) =>
      rs.flatMap((r) => r.messages.filter((m) => m.ruleId === 'unique-number').map((m) => `${r.file}: ${m.message}`));
    expect(uses(await lintAdrs(['docs/adr'], { cwd: dir, config: {} }))).toEqual([]);
    writeFileSync(path.join(adr, '0002-baz.md'), '# 2. Baz\n');
    expect(uses(await lintAdrs(['docs/adr/0002-bar.fr.md'], { cwd: dir, config: {} }))).toEqual([
      'docs/adr/0002-bar.fr.md: ADR number 0002 is also used by 0002-baz',
    ]);
  });

  // Only a language tag is a translation suffix: `0003-next.js.md` is a record about Next.js.
  it('takes only a real language tag for a translation, not a file extension such as .js', async () => {
    const dir = tmpDir();
    const adr = path.join(dir, 'docs', 'adr');
    mkdirSync(adr, { recursive: true });
    for (const name of ['0003-next', '0003-next.js', '0004-ui', '0004-ui.zh-Hans', '0004-ui.es-419'])
      writeFileSync(path.join(adr, `${name}.md`), `# ${Number(name.slice(0, 4))}. T\n`);
    const rs = await lintAdrs(['docs/adr'], { cwd: dir, config: {} });
    expect(
      rs.flatMap((r) => r.messages.filter((m) => m.ruleId === 'unique-number').map((m) => `${r.file}: ${m.message}`)),
    ).toEqual([
      'docs/adr/0003-next.js.md: ADR number 0003 is also used by 0003-next',
      'docs/adr/0003-next.md: ADR number 0003 is also used by 0003-next.js',
    ]);
  });

  it('reads a language suffix by its BCP 47 shape and an ISO 639-1 language, whatever ICU data Node has', () => {
    const record = (names: string[]) => names.map((n) => translationOf(n));
    expect(record(['0001-x.de', '0001-x.pt-BR', '0001-x.pt_br', '0001-x.zh-Hans', '0001-x.es-419'])).toEqual(
      Array(5).fill('0001-x'),
    );
    // Extensions, deprecated codes (iw is he) and what only looks like a tag stay part of the name.
    expect(record(['0003-next.js', '0003-a.md', '0003-a.iw', '0003-a.DE', '0003-a.de-v2', '0003-v1.2'])).toEqual([
      '0003-next.js',
      '0003-a.md',
      '0003-a.iw',
      '0003-a.DE',
      '0003-a.de-v2',
      '0003-v1.2',
    ]);
  });

  it('names at most five of the records that share a number and counts the rest', async () => {
    const dir = tmpDir();
    mkdirSync(path.join(dir, 'docs', 'adr'), { recursive: true });
    for (const slug of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])
      writeFileSync(path.join(dir, 'docs', 'adr', `0003-${slug}.md`), `# 3. ${slug}\n`);
    const [r] = await lintAdrs(['docs/adr/0003-a.md'], { cwd: dir, config: {} });
    expect(r!.messages.filter((m) => m.ruleId === 'unique-number').map((m) => m.message)).toEqual([
      'ADR number 0003 is also used by 0003-b, 0003-c, 0003-d, 0003-e, 0003-f and 2 more',
    ]);
  });
});

describe('names that are also JavaScript object properties', () => {
  // Section names are looked up in tables: a heading or line such as "constructor" must not be
  // found there through the object's prototype.
  it('reads "Constructor", "toString" and "__proto__" as ordinary text and headings', () => {
    const text = [
      '# 3. Use a builder',
      '',
      'Date: 2026-01-05',
      '',
      '## Status',
      '',
      'Accepted',
      '',
      '## Context',
      '',
      'constructor',
      '',
      'toString',
      '',
      '## Decision',
      '',
      'We use a builder.',
      '',
      '## Constructor',
      '',
      'It takes the options.',
      '',
      '## __proto__',
      '',
      'Not used.',
      '',
      '## Consequences',
      '',
      'Fewer arguments.',
      '',
    ].join('\n');
    const r = lintAdrText(text, { file: '0003-use-a-builder.md' });
    expect(brief(r)).toEqual([]);
    expect(r.dialect).toBe('nygard');
  });
});

describe('title-present says what is wrong with the title it sees', () => {
  const titleFinding = (text: string) =>
    lintAdrText(text, { file: 'docs/adr/0001-use-x.md' })
      .messages.filter((m) => m.ruleId === 'title-present')
      .map((m) => `${m.line} ${m.message}`);
  const body = '\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n';

  it('a record opening with "## 1. Use X": that heading is the title, a level down', () => {
    expect(titleFinding(`## 1. Use X${body}`)).toEqual([
      "1 the title '1. Use X' is a level-2 heading; make it '# 1. Use X'",
    ]);
    expect(titleFinding(`---\nstatus: accepted\n---\n\n### 1. Use X${body}`)).toEqual([
      "5 the title '1. Use X' is a level-3 heading; make it '# 1. Use X'",
    ]);
  });

  it('a record with no title heading at all, or opening with a section or a paragraph: asks for one', () => {
    for (const text of [`Date: 2024-01-01\n\n## Context\n\nc\n`, `Some words first.\n\n## 1. Use X${body}`])
      expect(titleFinding(text)).toEqual(["1 no '# Title' heading; add one as the first heading"]);
  });
});
