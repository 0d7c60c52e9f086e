import { describe, expect, it } from 'vitest';
import { lintAdrs } from '../src/index.js';
import { brief, byFile, fixtures } from './helpers.js';

const lint = (dir: string) => lintAdrs([dir], { cwd: fixtures, config: {} });

describe('Nygard / adr-tools', async () => {
  const results = await lint('nygard');

  it('reads number, status, date and dialect of a clean record', () => {
    const r = byFile(results, '0001-record-architecture-decisions.md');
    expect(r).toEqual({
      file: 'nygard/0001-record-architecture-decisions.md',
      title: '1. Record architecture decisions',
      number: '0001',
      status: 'accepted',
      date: '2024-03-01',
      dialect: 'nygard',
      messages: [],
    });
  });

  it("accepts adr-tools' 'Superceded by' and a target that says 'Supercedes'", () => {
    const r = byFile(results, '0002-store-sessions-in-redis.md');
    expect(r.status).toBe('superseded');
    expect(r.messages).toEqual([]);
    expect(byFile(results, '0003-store-sessions-in-postgres.md').messages).toEqual([]);
  });

  it('reports every problem of a broken record with its line', () => {
    const r = byFile(results, '0004-adopt-feature-flags.md');
    expect(brief(r)).toEqual([
      '1:1 error number-matches-file-name',
      '1:1 warning required-sections',
      '3:7 warning date-format',
      '7:1 warning status-valid',
      '9:1 warning empty-section',
    ]);
    expect(r.messages.map((m) => m.message)).toEqual([
      "number 5 in the title does not match 0004 in the file name '0004-adopt-feature-flags.md'",
      "missing required section 'Consequences' (profile nygard; accepted: Consequences, Positive Consequences, " +
        'Negative Consequences)',
      "date '25.05.2020' is not ISO 8601; write '2020-05-25'",
      "unknown status 'acepted'; did you mean 'accepted'? (known: proposed, accepted, rejected, deprecated, " +
        'superseded, draft; if your team uses it, list it under "statuses" in the config)',
      "section 'Context' is empty",
    ]);
  });
});

describe('MADR 2 list metadata', async () => {
  const results = await lint('madr2');

  it('passes a clean MADR 2 record', () => {
    const r = byFile(results, '0001-use-markdown-adrs.md');
    expect([r.status, r.date, r.dialect, r.messages]).toEqual(['accepted', '2021-02-03', 'madr2', []]);
  });

  it('flags a near-miss status, a non-ISO date, a placeholder title, an empty section, a missing section', () => {
    const r = byFile(results, '0002-pick-a-queue.md');
    expect(brief(r)).toEqual([
      '1:1 warning required-sections',
      // The title is still the template's prompt: that record is not written yet.
      '1:1 error template-unfilled',
      '1:3 warning template-placeholder',
      '3:11 warning status-valid',
      '4:9 warning date-format',
      '10:1 warning empty-section',
    ]);
    // A team's own word gets no "did you mean" that would change its meaning.
    expect(r.messages[3]!.message).toMatch(/^unknown status 'approved' \(known: /);
    expect(r.messages[4]!.message).toBe("date '2020-Nov-04' is not ISO 8601; write '2020-11-04'");
    expect(r.messages[2]!.message).toBe("unfilled template placeholder '[short title of solved problem and solution]'");
  });
});

describe('MADR 3/4 front matter', async () => {
  const results = await lint('madr4');

  it('passes a clean MADR 4 record', () => {
    const r = byFile(results, '0001-choose-a-database.md');
    expect([r.status, r.date, r.dialect, r.number, r.messages]).toEqual([
      'accepted',
      '2024-11-02',
      'madr-frontmatter',
      '0001',
      [],
    ]);
  });

  it('reports the template prompts left in a copied template, status prompt included', () => {
    const r = byFile(results, '0002-left-over-prompts.md');
    expect(r.status).toBeNull();
    expect(brief(r)).toEqual([
      '2:9 warning template-placeholder',
      '6:1 error template-unfilled',
      '6:3 warning template-placeholder',
      '10:1 warning template-placeholder',
      '14:3 warning template-placeholder',
      '18:17 warning template-placeholder',
    ]);
  });

  it('turns invalid YAML into one finding with its line, and still reads the status', () => {
    const r = byFile(results, '0003-broken-yaml.md');
    expect(r.status).toBe('accepted');
    expect(r.messages).toEqual([
      {
        ruleId: 'date-present',
        severity: 'warning',
        line: 1,
        column: 1,
        message: "no date found; add 'date: YYYY-MM-DD'",
      },
      {
        ruleId: 'front-matter-valid',
        severity: 'error',
        line: 2,
        column: 8,
        message: 'invalid YAML front matter: Nested mappings are not allowed in compact mappings',
      },
    ]);
  });
});

describe('log4brains', async () => {
  const results = await lint('log4brains');
  it('recognises a date-slug file with a draft status and no number', () => {
    const r = byFile(results, '20200926-use-log4brains.md');
    expect([r.dialect, r.status, r.number, r.messages]).toEqual(['log4brains', 'draft', null, []]);
  });
});

describe('bold fields', async () => {
  const results = await lint('bold');

  it('reads **Status:** Accepted style fields', () => {
    const r = byFile(results, 'ADR-003-use-hardened-python-images.md');
    expect([r.dialect, r.status, r.date, r.number, r.messages]).toEqual([
      'bold-fields',
      'accepted',
      '2026-02-20',
      '003',
      [],
    ]);
  });

  it('reads **Status**: as list items and reports decoration, date and sections', () => {
    const r = byFile(results, 'ADR-004-move-logs-to-otel.md');
    expect(r.status).toBe('proposed');
    expect(brief(r)).toEqual([
      '1:1 warning required-sections',
      '3:15 warning status-decoration',
      '4:13 warning date-format',
    ]);
    expect(r.messages[1]!.message).toBe("status 'Proposed ✅' carries symbols around 'Proposed'; write 'Proposed'");
  });
});

describe('front matter with a mis-encoded emoji status', async () => {
  const results = await lint('frontmatter');
  it('reads the status word and warns about the symbols', () => {
    const r = byFile(results, 'adr-001-minimal-images.md');
    expect([r.status, r.number, r.dialect]).toEqual(['accepted', '001', 'madr-frontmatter']);
    expect(r.messages).toEqual([
      {
        ruleId: 'status-decoration',
        severity: 'warning',
        line: 3,
        column: 9,
        message: "status 'âœ… Accepted' carries symbols around 'Accepted'; write 'Accepted'",
        // The repair travels with the finding: the decorated value, replaced by the word alone.
        fix: [{ start: 21, end: 33, text: 'Accepted' }],
      },
    ]);
  });
});

describe('flattened front matter and plain-line sections', async () => {
  const results = await lint('flattened/0021-container-base-image.txt');
  it('says precisely what is wrong', () => {
    const r = results[0]!;
    expect([r.status, r.date, r.number, r.dialect]).toEqual(['accepted', '2026-03-12', '0021', 'flattened']);
    expect(r.messages.map((m) => `${m.line} ${m.ruleId} ${m.message}`)).toEqual([
      '1 front-matter-fenced front matter is not fenced by ---',
      "2 title-present title 'ADR-0021: Container base image' is a plain line, not a '# ' heading",
      "3 section-heading 'Context and Problem Statement' is a plain line, not a heading; write '## Context and " +
        "Problem Statement'",
      "5 section-heading 'Decision Drivers' is a plain line, not a heading; write '## Decision Drivers'",
      "8 section-heading 'Considered Options' is a plain line, not a heading; write '## Considered Options'",
      "11 section-heading 'Decision Outcome' is a plain line, not a heading; write '## Decision Outcome'",
      "13 section-heading 'Consequences' is a plain line, not a heading; write '## Consequences'",
    ]);
  });
});

describe('status tables', async () => {
  const results = await lint('table');
  it('reads the Status row of a metadata table', () => {
    const r = byFile(results, 'ADR-7.md');
    expect([r.dialect, r.status, r.date, r.number]).toEqual(['table', 'implemented', '2023-04-18', '7']);
    expect(brief(r)).toEqual(['7:14 warning status-valid']);
  });
  it('accepts the status once it is configured', async () => {
    const [r] = await lintAdrs(['table'], { cwd: fixtures, config: { statuses: ['implemented', 'approved'] } });
    expect(r!.messages).toEqual([]);
  });
});

describe('cross-file rules', async () => {
  const results = await lint('mixed');
  it('finds duplicate numbers, a dangling superseded-by and a front matter / section disagreement', () => {
    expect(brief(byFile(results, '0007-cache-tokens.md'))).toEqual([
      '1:1 error unique-number',
      '11:1 error status-consistent',
    ]);
    expect(byFile(results, '0007-cache-tokens.md').messages[1]!.message).toBe(
      "status 'proposed' in the '## Status' section disagrees with 'accepted' in front matter (line 2)",
    );
    const keys = byFile(results, '0007-rotate-keys.md');
    expect(brief(keys)).toEqual(['1:1 error unique-number', '7:1 error superseded-by-target']);
    expect(keys.messages[1]!.message).toBe(
      "superseded by '0042-use-managed-keys.md', which is not an ADR in this folder",
    );
  });
});

describe('supersession reciprocity', async () => {
  const results = await lint('supersede');
  it('asks the superseding ADR to say what it supersedes', () => {
    expect(byFile(results, '0001-deploy-with-scripts.md').messages).toEqual([]);
    expect(byFile(results, '0002-deploy-with-a-pipeline.md').messages).toEqual([
      {
        ruleId: 'supersedes-reciprocal',
        severity: 'warning',
        line: 1,
        column: 1,
        message:
          "0001-deploy-with-scripts says it is superseded by this ADR, but this ADR does not say 'Supersedes " +
          "0001-deploy-with-scripts'",
      },
    ]);
  });
});

describe('supersession told in the status (JabRef: `status: "accepted; supersedes ADR-0045"`)', () => {
  it.each([
    ['accepted; supersedes ADR-0001', []],
    ['Accepted, supersedes 0001', []],
    ['accepted; supersedes ADR-0003', ['1:1 warning supersedes-reciprocal']],
    ['accepted', ['1:1 warning supersedes-reciprocal']],
  ])('status %j', async (status, expected) => {
    const { tmpDir } = await import('./helpers.js');
    const { writeFileSync } = await import('node:fs');
    const dir = tmpDir();
    const record = (n: string, st: string, title: string) =>
      `---\nstatus: "${st}"\ndate: 2024-01-0${n}\n---\n# ${title}\n\n## Context and Problem Statement\n\nc\n\n` +
      '## Considered Options\n\n* a\n\n## Decision Outcome\n\nd\n';
    writeFileSync(`${dir}/0001-use-flags.md`, record('1', 'superseded by ADR-0002', 'Use flags'));
    writeFileSync(`${dir}/0002-use-positionals.md`, record('2', status, 'Use positionals'));
    const results = await lintAdrs([dir], { cwd: dir, config: {} });
    expect(brief(byFile(results, '0002-use-positionals.md'))).toEqual(expected);
    expect(brief(byFile(results, '0001-use-flags.md'))).toEqual([]);
  });
});

describe('partial runs (pre-commit passes only changed files)', () => {
  it('looks a superseded-by target up on disk when it is not in the run', async () => {
    const [r] = await lintAdrs(['supersede/0001-deploy-with-scripts.md'], { cwd: fixtures, config: {} });
    expect(r!.messages).toEqual([]);
    const [k] = await lintAdrs(['mixed/0007-rotate-keys.md'], { cwd: fixtures, config: {} });
    // The other record numbered 0007 is on disk, not in the run: still a duplicate.
    expect(brief(k)).toEqual(['1:1 error unique-number', '7:1 error superseded-by-target']);
  });
});

describe('flattened title carries the number', async () => {
  it('reads the number from a plain-line title when the file name has none', async () => {
    const dir = (await import('./helpers.js')).tmpDir();
    const { writeFileSync } = await import('node:fs');
    const { lintAdrs } = await import('../src/index.js');
    writeFileSync(
      `${dir}/container-base.txt`,
      'status: accepted date: 2026-03-12\nADR-0021: Distroless Container Images\nContext and Problem Statement\nWhy.\n',
    );
    const [r] = await lintAdrs(['container-base.txt'], { cwd: dir, config: {} });
    expect([r!.title, r!.number]).toEqual(['ADR-0021: Distroless Container Images', '0021']);
  });
});
