// The template file a team keeps in its ADR folder (template.md, adr-template.md, 0000-template.md,
// TEMPLATE.md, ...): `new` fills it when no --template, config or adr-tools template says otherwise.
import { lintAdrs } from '@distroless-service/validator';
import { describe, expect, it } from 'vitest';
import { adr, read, tmpRepo } from './support/cli.js';

// An adr-tools record: without the team's template, `new` would follow this dialect.
const NYGARD =
  '# 1. Old\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n';

async function lint(dir: string, folder: string) {
  const results = await lintAdrs([folder], { cwd: dir });
  return {
    errors: results.flatMap((r) =>
      r.messages.filter((m) => m.severity === 'error').map((m) => `${r.file}: ${m.ruleId} ${m.message}`),
    ),
    read: results.map((r) => [r.file.split('/').pop(), r.number, r.status, r.date, r.title]),
  };
}

describe("the team's template file in the ADR folder", () => {
  it("uncomments and fills MADR 4's commented status and date (review D16); deciders only when given", async () => {
    const template =
      '---\n' +
      '# Configuration for the site\n' +
      'parent: Decisions\n' +
      '\n' +
      '# These are optional elements. Feel free to remove any of them.\n' +
      '# status: "{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123"\n' +
      '# date: {YYYY-MM-DD when the decision was last updated}\n' +
      '# decision-makers: {list everyone involved in the decision}\n' +
      '# consulted: {list everyone whose opinions are sought}\n' +
      '---\n\n' +
      '# {short title, representative of solved problem and found solution}\n\n' +
      '## Context and Problem Statement\n\n{Describe the context and problem statement.}\n\n' +
      '## Decision Outcome\n\nChosen option: "{title of option 1}".\n';
    const dir = tmpRepo({ 'docs/decisions/0001-old.md': NYGARD, 'docs/decisions/adr-template.md': template });
    expect(adr(dir, ['new', 'Use Z', '--date', '2026-02-03']).status).toBe(0);
    const text = read(dir, 'docs/decisions/0002-use-z.md');
    expect(text).toContain('\nstatus: "proposed"\ndate: 2026-02-03\n# decision-makers: {list everyone');
    expect(text).toContain('\n# consulted: {list');
    expect(adr(dir, ['new', 'Use Y', '--date', '2026-02-04', '--deciders', 'ann']).status).toBe(0);
    expect(read(dir, 'docs/decisions/0003-use-y.md')).toContain('\ndate: 2026-02-04\ndecision-makers: ann\n');
    const { errors, read: records } = await lint(dir, 'docs/decisions');
    expect(errors).toEqual([]);
    expect(records.slice(1).map((r) => [r[2], r[3]])).toEqual([
      ['proposed', '2026-02-03'],
      ['proposed', '2026-02-04'],
    ]);
  });

  it('fills a MADR template: front-matter prompts, the title heading; the rest stays as the team wrote it', async () => {
    const dir = tmpRepo({
      'docs/decisions/0001-old.md': NYGARD,
      'docs/decisions/adr-template.md':
        '---\n' +
        '# optional elements\n' +
        'status: "{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123}"\n' +
        'date: {YYYY-MM-DD when the decision was last updated}\n' +
        'decision-makers: {list everyone involved in the decision}\n' +
        'consulted: {list everyone whose opinions are sought}\n' +
        'parent: Decisions\n' +
        '---\n\n' +
        '# {short title, representative of solved problem and found solution}\n\n' +
        '## Context and Problem Statement\n\n{Describe the context and problem statement.}\n\n' +
        '## Considered Options\n\n* {title of option 1}\n\n## Decision Outcome\n\nChosen option: "{title of option 1}".\n',
      // A longer name is a variant: the shortest is the team's template.
      'docs/decisions/adr-template-bare.md': '# bare\n',
    });
    const r = adr(dir, ['new', 'Use Z', '--date', '2026-02-03', '--deciders', 'ann, bo']);
    expect(r.status, r.stderr).toBe(0);
    const text = read(dir, 'docs/decisions/0002-use-z.md');
    expect(text).toBe(
      '---\n' +
        '# optional elements\n' +
        'status: "proposed"\n' +
        'date: 2026-02-03\n' +
        'decision-makers: ann, bo\n' +
        'consulted:\n' +
        'parent: Decisions\n' +
        '---\n\n' +
        '# Use Z\n\n' +
        '## Context and Problem Statement\n\n{Describe the context and problem statement.}\n\n' +
        '## Considered Options\n\n* {title of option 1}\n\n## Decision Outcome\n\nChosen option: "{title of option 1}".\n',
    );
    const { errors, read: got } = await lint(dir, 'docs/decisions');
    expect(errors).toEqual([]);
    expect(got).toContainEqual(['0002-use-z.md', '0002', 'proposed', '2026-02-03', 'Use Z']);
  });

  it("fills adr-tools' words, bold fields, Status and Date sections and a status table", async () => {
    const cases: Record<string, [string, string]> = {
      '0000-template.md': [
        '# ADR-{NUMBER}: {TITLE}\n\n**Status:** {PROPOSED | ACCEPTED}\n**Date:** {YYYY-MM-DD}\n' +
          '**Deciders:** {List of people involved}\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n',
        // ADR-{NUMBER} padded as the file names are (review D14), where it was 'ADR-2'.
        '# ADR-0002: Use Z\n\n**Status:** Proposed\n**Date:** 2026-02-03\n**Deciders:**\n\n',
      ],
      'ADR-TEMPLATE.md': [
        '# ADR-NNN: [Title]\n\n## Status\n\n[Proposed | Accepted | Superseded by ADR-XXX]\n\n## Date\n\n[YYYY-MM-DD]\n\n' +
          '## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n',
        '# ADR-002: Use Z\n\n## Status\n\nProposed\n\n## Date\n\n2026-02-03\n\n',
      ],
      'template.md': [
        '| Status | Date | Author(s) |\n|:--|:--|:--|\n| Proposed, Accepted, Rejected | yyyy-mm-dd | [@you](https://example.org) |\n\n' +
          '## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n',
        '# Use Z\n\n| Status | Date | Author(s) |\n|:--|:--|:--|\n| Proposed | 2026-02-03 | [@you](https://example.org) |\n\n',
      ],
      'TEMPLATE.md': [
        '# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n',
        '# 2. Use Z\n\nDate: 2026-02-03\n\n## Status\n\nProposed\n\n',
      ],
    };
    for (const [name, [template, head]] of Object.entries(cases)) {
      const dir = tmpRepo({ 'doc/adr/0001-old.md': NYGARD, [`doc/adr/${name}`]: template });
      const r = adr(dir, ['new', 'Use Z', '--date', '2026-02-03']);
      expect(r.status, `${name}: ${r.stderr}`).toBe(0);
      const text = read(dir, 'doc/adr/0002-use-z.md');
      expect(text.startsWith(head), `${name}:\n${text}`).toBe(true);
      const { errors, read: got } = await lint(dir, 'doc/adr');
      expect(errors, name).toEqual([]);
      expect(got, name).toContainEqual([
        '0002-use-z.md',
        '0002',
        'proposed',
        '2026-02-03',
        expect.stringMatching(/Use Z$/),
      ]);
    }
  });

  it('a template that would not give a valid record is passed over, with a warning, for the dialect of the records', () => {
    const dir = tmpRepo({
      'doc/adr/0001-old.md': NYGARD,
      // Front matter that does not parse: its fill would not either.
      'doc/adr/template.md': '---\ntags: a: b\nstatus: {proposed}\n---\n\n# {title}\n\n## Context\n\nc\n',
    });
    const r = adr(dir, ['new', 'Use Z', '--date', '2026-02-03']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/template\.md.*front-matter-valid/);
    expect(read(dir, 'doc/adr/0002-use-z.md')).toMatch(/^# 2\. Use Z\n\nDate: 2026-02-03\n\n## Status\n\nProposed\n/);
  });
});
