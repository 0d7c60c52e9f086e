// supersede, link, index and list over records in every dialect the templates write.
import { chmodSync, lstatSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lintAdrs } from '@distroless-service/validator';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/args.js';
import { commandHelp } from '../src/help.js';
import { adr, ls, read, tmpRepo } from './support/cli.js';

const TEMPLATES = [
  'nygard',
  'madr-full',
  'madr-minimal',
  'madr-bare',
  'madr-bare-minimal',
  'madr2',
  'frontmatter',
  'bold-fields',
  'y-statement',
];

async function findings(dir: string, folder: string) {
  const results = await lintAdrs([folder], { cwd: dir });
  // A new record's sections are empty until written: that warning is expected, nothing else is.
  return results.flatMap((r) =>
    r.messages.filter((m) => m.ruleId !== 'empty-section').map((m) => `${r.file}: ${m.ruleId} ${m.message}`),
  );
}

describe('supersede', () => {
  // The links supersede and link add go under More Information in MADR: a section of MADR's full
  // template only, which must not make the next `new` switch a minimal folder to the full template.
  it.each([
    ['supersede', ['supersede', '2', '3']],
    ['link', ['link', '3', 'Amends', '2']],
  ])('a MADR minimal folder stays minimal after %s', (_name, change) => {
    const dir = tmpRepo();
    for (const title of ['A', 'B', 'C']) expect(adr(dir, ['new', title]).status).toBe(0);
    expect(read(dir, 'docs/adr/0003-c.md')).not.toContain('## Decision Drivers');
    const r = adr(dir, change);
    expect(r.status, r.stderr).toBe(0);
    expect(read(dir, 'docs/adr/0003-c.md')).toContain('## More Information');
    expect(adr(dir, ['new', 'D']).status).toBe(0);
    const d = read(dir, 'docs/adr/0004-d.md');
    expect(d).toContain('## Context and Problem Statement');
    expect(d).not.toMatch(/## Decision Drivers|## Confirmation|## Pros and Cons|^consulted:/m);
  });

  for (const oldT of TEMPLATES) {
    it(`marks a ${oldT} record superseded and the new record superseding, readable by the validator`, async () => {
      const dir = tmpRepo();
      expect(adr(dir, ['new', 'Old way', '--template', oldT, '--status', 'accepted']).status).toBe(0);
      const newT = TEMPLATES[(TEMPLATES.indexOf(oldT) + 1) % TEMPLATES.length]!;
      expect(adr(dir, ['new', 'New way', '--template', newT]).status).toBe(0);
      const r = adr(dir, ['supersede', '1', '0002']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim().split('\n').sort()).toEqual([
        path.join('docs', 'adr', '0001-old-way.md'),
        path.join('docs', 'adr', '0002-new-way.md'),
      ]);
      expect(await findings(dir, 'docs/adr')).toEqual([]);
      const results = await lintAdrs(['docs/adr'], { cwd: dir });
      expect(results.map((x) => x.status)).toEqual(['superseded', 'proposed']);
      const index = JSON.parse(adr(dir, ['list', '--format', 'json']).stdout) as Array<{ links: unknown[] }>;
      expect(index[0]!.links).toContainEqual({
        relation: expect.stringMatching(/^superseded by$/i),
        target: '0002-new-way.md',
      });
      expect(index[1]!.links).toContainEqual({ relation: 'Supersedes', target: '0001-old-way.md' });
      // Running it again changes nothing.
      const before = [read(dir, 'docs/adr/0001-old-way.md'), read(dir, 'docs/adr/0002-new-way.md')];
      expect(adr(dir, ['supersede', '1', '2']).status).toBe(0);
      expect([read(dir, 'docs/adr/0001-old-way.md'), read(dir, 'docs/adr/0002-new-way.md')]).toEqual(before);
    });
  }

  it('keeps every word of a status written with more than its word', async () => {
    const nygard = (n: number, title: string, status: string) =>
      `# ${n}. ${title}\n\nDate: 2020-01-0${n}\n\n## Status\n\n${status}\n\n## Context\n\nc\n\n` +
      '## Decision\n\nd\n\n## Consequences\n\ne\n';
    const prose = 'Accepted (2016-02-12, after review). Shell scripts keep it portable; see issue #12.';
    const cases: Array<{ old: string; kept: string[]; now: RegExp }> = [
      // A Status section: the new status is a paragraph of its own above the old one.
      {
        old: nygard(1, 'Old', prose),
        kept: [prose],
        now: /## Status\n\nSuperseded by \[2\. New\]\(0002-new\.md\)\n\n/,
      },
      // A dated status history gets one more entry, dated today, in the same list.
      {
        old: nygard(1, 'Old', '- 2024-01-01 Proposed\n- 2024-02-01 Accepted'),
        kept: ['- 2024-01-01 Proposed\n- 2024-02-01 Accepted\n- '],
        now: /- 2024-02-01 Accepted\n- \d{4}-\d{2}-\d{2} Superseded by \[2\. New\]\(0002-new\.md\)\n/,
      },
      // One-line fields keep the old value after '; was'.
      {
        old: '# Old\n\n- Status: accepted (approved by the board, minutes 2020-05-03)\n- Date: 2020-05-01\n\n## Context\n\nc\n',
        kept: ['accepted (approved by the board, minutes 2020-05-03)'],
        now: /- Status: superseded by \[ADR-0002\]\(0002-new\.md\); was accepted \(approved/,
      },
      {
        old: '---\nstatus: accepted (after a vote)\ndate: 2020-01-01\n---\n\n# Old\n\n## Context\n\nc\n',
        kept: ['accepted (after a vote)'],
        now: /^status: superseded by ADR-0002; was accepted \(after a vote\)$/m,
      },
    ];
    for (const c of cases) {
      const dir = tmpRepo({ 'doc/adr/0001-old.md': c.old, 'doc/adr/0002-new.md': nygard(2, 'New', 'Accepted') });
      const r = adr(dir, ['supersede', '1', '2']);
      expect(r.status, r.stderr).toBe(0);
      const text = read(dir, 'doc/adr/0001-old.md');
      for (const k of c.kept) expect(text).toContain(k);
      expect(text).toMatch(c.now);
      const results = await lintAdrs(['doc/adr'], { cwd: dir });
      expect(results.map((x) => x.status)).toEqual(['superseded', 'accepted']);
      expect(results.flatMap((x) => x.messages.filter((m) => m.severity === 'error'))).toEqual([]);
    }
  });

  it('changes neither record when one cannot be updated', () => {
    const dir = tmpRepo({
      // A status in a table cell, with markup: not rewritten, as that could break the table.
      'doc/adr/0001-in-a-table.md': '# 1. T\n\n| Status | Date |\n|---|---|\n| **Accepted** [x](y) | 2024-01-01 |\n',
      'doc/adr/0002-next.md': '# 2. Next\n\n## Status\n\nAccepted\n\n## Context\n\nc\n',
    });
    const before = readdirSync(path.join(dir, 'doc/adr')).map((f) => read(dir, `doc/adr/${f}`));
    const r = adr(dir, ['supersede', '1', '2']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot rewrite the status of 0001-in-a-table.md safely');
    expect(readdirSync(path.join(dir, 'doc/adr')).map((f) => read(dir, `doc/adr/${f}`))).toEqual(before);
  });

  it("says which record's Status section it cannot read", () => {
    const status = 'Provisionally Superseded by ADR-039 (2026-01-03 to 2026-01-17)';
    const dir = tmpRepo({
      'doc/adr/0001-old.md': `# 1. Old\n\n## Status\n\n${status}\n\n## Context\n\nc\n\n## Decision\n\nd\n`,
      'doc/adr/0002-next.md': '# 2. Next\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n',
    });
    const r = adr(dir, ['supersede', '1', '2']);
    expect([r.status, r.stderr]).toEqual([
      1,
      "distroless-adr: cannot record that 0002-next.md supersedes 0001-old.md: 0001-old.md's Status section " +
        'starts with no status word; nothing was changed\n',
    ]);
  });

  it('changes nothing when a record it would change is read-only or a symbolic link', () => {
    for (const kind of ['read-only', 'link'] as const) {
      const dir = tmpRepo();
      expect(adr(dir, ['new', 'Old way', '--template', 'nygard', '--status', 'accepted']).status).toBe(0);
      expect(adr(dir, ['new', 'New way', '--template', 'nygard']).status).toBe(0);
      const old = path.join(dir, 'docs/adr/0001-old-way.md');
      const target = path.join(dir, 'elsewhere.md');
      if (kind === 'read-only') chmodSync(old, 0o444);
      else {
        renameSync(old, target);
        symlinkSync(target, old);
      }
      const before = [read(dir, 'docs/adr/0001-old-way.md'), read(dir, 'docs/adr/0002-new-way.md')];
      const r = adr(dir, ['supersede', '1', '2']);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toContain(kind === 'read-only' ? 'is read-only' : 'is a symbolic link');
      expect([read(dir, 'docs/adr/0001-old-way.md'), read(dir, 'docs/adr/0002-new-way.md')]).toEqual(before);
      if (kind === 'link') expect(lstatSync(old).isSymbolicLink()).toBe(true);
      // new --supersedes refuses the same way, and leaves no new record behind.
      const n = adr(dir, ['new', 'Third way', '--template', 'nygard', '--supersedes', '1']);
      expect(n.status, n.stderr).toBe(1);
      expect(readdirSync(path.join(dir, 'docs/adr')).sort()).toEqual(['0001-old-way.md', '0002-new-way.md']);
    }
  });

  it('refuses a supersession that would close a cycle, directly or through other records', () => {
    const dir = tmpRepo();
    for (const t of ['A', 'B', 'C']) expect(adr(dir, ['new', `Use ${t}`, '--template', 'nygard']).status).toBe(0);
    expect(adr(dir, ['supersede', '1', '2']).status).toBe(0);
    expect(adr(dir, ['supersede', '2', '3']).status).toBe(0);
    const files = readdirSync(path.join(dir, 'docs/adr')).filter((f) => f.endsWith('.md'));
    const before = files.map((f) => read(dir, `docs/adr/${f}`));
    for (const args of [
      ['supersede', '2', '1'],
      ['supersede', '3', '1'],
      ['link', '1', 'Supersedes', '3'],
      ['link', '3', 'Superseded by', '1'],
    ]) {
      const r = adr(dir, args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/0001-use-a\.md is superseded by 0002-use-b\.md.*: it cannot supersede/);
    }
    expect(adr(dir, ['supersede', '3', '1']).stderr).toContain('then 0003-use-c.md');
    expect(files.map((f) => read(dir, `docs/adr/${f}`))).toEqual(before);
  });

  it('takes a record by the path new printed, relative to the working directory or absolute', () => {
    const dir = tmpRepo({ '.adr-dir': 'doc/adr\n' });
    const printed = (args: string[], cwd = dir) => {
      const r = adr(cwd, args);
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    const first = printed(['new', 'Use a queue', '--template', 'nygard']);
    expect(first).toBe(path.join('doc', 'adr', '0001-use-a-queue.md'));
    // `new --supersedes` with what `new` printed.
    printed(['new', 'Replace the queue', '--supersedes', first]);
    expect(read(dir, 'doc/adr/0001-use-a-queue.md')).toMatch(/Superseded by \[2\. Replace the queue\]/);
    // From inside the folder, as tab completion writes it; from elsewhere, absolute.
    const sub = path.join(dir, 'doc', 'adr');
    printed(['new', 'Use a log', '--template', 'nygard'], sub);
    printed(['supersede', './0002-replace-the-queue.md', path.join(sub, '0003-use-a-log.md')], sub);
    expect(read(dir, 'doc/adr/0002-replace-the-queue.md')).toMatch(/Superseded by \[3\. Use a log\]/);
    printed(['link', path.join('doc', 'adr', '0003-use-a-log.md'), 'Amends', `${sub}/0001-use-a-queue.md`]);
    expect(read(dir, 'doc/adr/0003-use-a-log.md')).toMatch(/Amends \[1\. Use a queue\]/);
    // A path to no record is still an unknown record.
    const r = adr(dir, ['supersede', 'doc/adr/0009-none.md', '1']);
    expect([r.status, r.stderr.split('\n')[0]]).toEqual([2, `distroless-adr: no ADR 'doc/adr/0009-none.md' in ${sub}`]);
  });

  it('names an unknown or ambiguous record with exit 2', () => {
    const dir = tmpRepo({
      'adr/0001-use-a.md': '# 1. Use A\n\n## Status\n\nAccepted\n',
      'adr/0002-use-b.md': '# 2. Use B\n\n## Status\n\nAccepted\n',
    });
    expect(adr(dir, ['supersede', '7', '1']).stderr).toContain("no ADR '7'");
    const r = adr(dir, ['supersede', 'use', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("'use' matches 2 ADRs");
  });
});

describe('link', () => {
  it('writes the link and its reverse, once', async () => {
    const dir = tmpRepo();
    adr(dir, ['new', 'Base', '--template', 'madr-minimal']);
    adr(dir, ['new', 'Change', '--template', 'bold-fields']);
    const r = adr(dir, ['link', '2', 'Amends', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(read(dir, 'docs/adr/0002-change.md')).toMatch(/## Links\n\n\* Amends \[ADR-0001\]\(0001-base\.md\)\n$/);
    expect(read(dir, 'docs/adr/0001-base.md')).toMatch(
      /## More Information\n\n\* Amended by \[ADR-0002\]\(0002-change\.md\)\n$/,
    );
    const again = adr(dir, ['link', '2', 'Amends', '1']);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('nothing to change');
    expect(read(dir, 'docs/adr/0002-change.md').match(/Amends/g)).toHaveLength(1);
    expect(await findings(dir, 'docs/adr')).toEqual([]);
  });

  it('writes into the section a MADR record keeps for related decisions', async () => {
    const madr = (title: string) =>
      `---\nstatus: accepted\ndate: 2024-01-01\n---\n\n# ${title}\n\n## Context and Problem Statement\n\nc\n\n` +
      `## Decision Outcome\n\nd\n\n## Related Decisions\n\n- See [ADR-0009](0009-x.md)\n\n` +
      '## More Information\n\n**Review schedule**: yearly.\n';
    const dir = tmpRepo({ 'docs/adr/0001-base.md': madr('Base'), 'docs/adr/0002-change.md': madr('Change') });
    const r = adr(dir, ['link', '2', 'Amends', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(read(dir, 'docs/adr/0002-change.md')).toContain(
      '## Related Decisions\n\n- See [ADR-0009](0009-x.md)\n- Amends [ADR-0001](0001-base.md)\n\n## More Information',
    );
    expect(read(dir, 'docs/adr/0001-base.md')).toContain(
      '- Amended by [ADR-0002](0002-change.md)\n\n## More Information',
    );
  });

  it('needs --reverse for a relation it does not know', () => {
    const dir = tmpRepo();
    adr(dir, ['new', 'A']);
    adr(dir, ['new', 'B']);
    expect(adr(dir, ['link', '2', 'Inspired by', '1']).status).toBe(2);
    const r = adr(dir, ['link', '2', 'Inspired', 'by', '1', '--reverse', 'Inspires']);
    expect(r.status, r.stderr).toBe(0);
    expect(read(dir, 'docs/adr/0001-a.md')).toContain('* Inspires [ADR-0002](0002-b.md)');
  });
});

describe('records saved with a byte-order mark', () => {
  it('link and supersede edit them at the first attempt, and keep the mark', async () => {
    const dir = tmpRepo();
    for (const t of ['Alpha', 'Beta', 'Gamma']) adr(dir, ['new', t, '--template', 'nygard', '--date', '2026-01-01']);
    const files = ls(path.join(dir, 'docs/adr'));
    for (const f of files) writeFileSync(path.join(dir, 'docs/adr', f), `\uFEFF${read(dir, `docs/adr/${f}`)}`);
    for (const args of [
      ['link', '3', 'Amends', '1'],
      ['supersede', '2', '3'],
    ]) {
      const r = adr(dir, args);
      expect([r.status, r.stderr]).toEqual([0, '']);
    }
    for (const f of files) expect(read(dir, `docs/adr/${f}`).charCodeAt(0), f).toBe(0xfeff);
    expect(read(dir, `docs/adr/${files[0]}`)).toContain('Amended by [');
    expect(read(dir, `docs/adr/${files[1]}`)).toMatch(/Superseded by \[/);
    expect(await findings(dir, 'docs/adr')).toEqual([]);
  });
});

describe('index and list', () => {
  it('writes the table between the markers, keeps the rest, and --check tells stale from fresh', () => {
    const dir = tmpRepo();
    adr(dir, ['new', 'First | with a pipe', '--date', '2026-01-01', '--status', 'accepted']);
    writeFileSync(
      path.join(dir, 'docs/adr/README.md'),
      '# Decisions\n\nIntro text.\n\n<!-- adr-index:start -->\nold\n<!-- adr-index:end -->\n\nFooter.\n',
    );
    expect(adr(dir, ['index', '--check']).status).toBe(1);
    expect(adr(dir, ['index']).status).toBe(0);
    expect(read(dir, 'docs/adr/README.md')).toBe(
      '# Decisions\n\nIntro text.\n\n<!-- adr-index:start -->\n' +
        '| ADR | Title | Status | Date | Links |\n| --- | --- | --- | --- | --- |\n' +
        '| [0001](0001-first-with-a-pipe.md) | First \\| with a pipe | accepted | 2026-01-01 |  |\n' +
        '<!-- adr-index:end -->\n\nFooter.\n',
    );
    expect(adr(dir, ['index', '--check']).status).toBe(0);
    // A formatter that pads the cells does not make it stale.
    const padded = read(dir, 'docs/adr/README.md')
      .replace('| ADR | Title |', '| ADR   | Title     |')
      .replace('| --- | --- |', '| :---- | ------- |');
    writeFileSync(path.join(dir, 'docs/adr/README.md'), padded);
    expect(adr(dir, ['index', '--check']).status).toBe(0);
    adr(dir, ['new', 'Second']);
    const stale = adr(dir, ['index', '--check']);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('out of date');
  });

  it.each([
    ['a start without an end', '<!-- adr-index:start -->\n\n## How we write ADRs\n\nTeam prose.\n', 'on line 3 has no'],
    ['an end without a start', 'Team prose.\n<!-- adr-index:end -->\n', 'on line 4 has no <!-- adr-index:start -->'],
    [
      'two pairs',
      '<!-- adr-index:start -->\n<!-- adr-index:end -->\nProse.\n<!-- adr-index:start -->\n<!-- adr-index:end -->\n',
      'more than one index marker pair',
    ],
  ])('refuses a README with %s: exit 1, the file untouched, and the linter says the same', async (_, body, says) => {
    const dir = tmpRepo();
    adr(dir, ['new', 'Alpha']);
    const readme = `# ADRs\n\n${body}`;
    writeFileSync(path.join(dir, 'docs/adr/README.md'), readme);
    for (const args of [['index'], ['index', '--check']]) {
      const r = adr(dir, args);
      expect([r.status, r.stderr]).toEqual([1, expect.stringContaining(says)]);
    }
    expect(read(dir, 'docs/adr/README.md')).toBe(readme);
    const lint = (await lintAdrs(['docs/adr'], { cwd: dir })).flatMap((r) =>
      r.messages.filter((m) => m.ruleId === 'index-up-to-date').map((m) => `${m.severity} ${m.message}`),
    );
    expect(lint).toEqual([expect.stringMatching(new RegExp(`^error the index in docs/adr/README.md: .*${says}`))]);
  });

  it('fills the markers on lines of their own outside code, not an example of them', async () => {
    const dir = tmpRepo();
    adr(dir, ['new', 'Alpha', '--date', '2026-01-01']);
    const example =
      '```markdown\n<!-- adr-index:start -->\n<!-- adr-index:end -->\n```\n\nMark it with `<!-- adr-index:start -->`.\n';
    writeFileSync(path.join(dir, 'docs/adr/README.md'), `# ADRs\n\n${example}`);
    // Only an example: no index yet, so nothing for the linter to compare.
    expect((await lintAdrs(['docs/adr'], { cwd: dir })).flatMap((r) => r.messages.map((m) => m.ruleId))).not.toContain(
      'index-up-to-date',
    );
    writeFileSync(
      path.join(dir, 'docs/adr/README.md'),
      `# ADRs\n\n${example}\n<!-- adr-index:start -->\n<!-- adr-index:end -->\n`,
    );
    expect(adr(dir, ['index', '--check']).status).toBe(1);
    expect(adr(dir, ['index']).status).toBe(0);
    expect(read(dir, 'docs/adr/README.md')).toBe(
      `# ADRs\n\n${example}\n<!-- adr-index:start -->\n| ADR | Title | Status | Date | Links |\n` +
        '| --- | --- | --- | --- | --- |\n| [0001](0001-alpha.md) | Alpha | proposed | 2026-01-01 |  |\n<!-- adr-index:end -->\n',
    );
    expect(adr(dir, ['index', '--check']).status).toBe(0);
  });

  it('creates the README when there is none, and a configured index file elsewhere', () => {
    const dir = tmpRepo({ '.distroless-adr.json': JSON.stringify({ dir: 'decisions', index: '../DECISIONS.md' }) });
    adr(dir, ['new', 'Only one', '--date', '2026-02-02']);
    expect(adr(dir, ['index', '--check']).status).toBe(1);
    expect(adr(dir, ['index']).stdout.trim()).toBe('DECISIONS.md');
    expect(read(dir, 'DECISIONS.md')).toContain(
      '| [0001](decisions/0001-only-one.md) | Only one | proposed | 2026-02-02 |  |',
    );
    expect(adr(dir, ['index', '--check']).status).toBe(0);
  });

  it("the validator's index-up-to-date rule agrees with index", async () => {
    const dir = tmpRepo();
    adr(dir, ['new', 'Alpha']);
    adr(dir, ['new', 'Beta']);
    // Without markers in a README there is no index to check.
    expect((await lintAdrs(['docs/adr'], { cwd: dir })).flatMap((r) => r.messages.map((m) => m.ruleId))).not.toContain(
      'index-up-to-date',
    );
    expect(adr(dir, ['index']).status).toBe(0);
    const ids = async () =>
      (await lintAdrs(['docs/adr'], { cwd: dir })).flatMap((r) =>
        r.messages.filter((m) => m.ruleId === 'index-up-to-date').map((m) => `${r.file} ${m.severity} ${m.message}`),
      );
    expect(await ids()).toEqual([]);
    adr(dir, ['new', 'Gamma']);
    adr(dir, ['supersede', '1', '3']);
    expect(await ids()).toEqual([
      expect.stringMatching(
        /^docs\/adr\/0001-alpha\.md error its row in the index in docs\/adr\/README\.md:\d+ is out of date; run 'npx @distroless-service\/adr index'$/,
      ),
      expect.stringMatching(
        /^docs\/adr\/0003-gamma\.md error missing from the index in docs\/adr\/README\.md:\d+; run 'npx @distroless-service\/adr index'$/,
      ),
    ]);
    expect(adr(dir, ['index']).status).toBe(0);
    expect(await ids()).toEqual([]);
  });

  it("writes into the folder's Readme.md, whatever the case of its name, and the validator reads it there", async () => {
    const dir = tmpRepo({ 'docs/adr/Readme.md': '# ADRs\n\nSome text\n' });
    expect(adr(dir, ['new', 'Use X', '--template', 'nygard']).status).toBe(0);
    const r = adr(dir, ['index']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(path.join('docs', 'adr', 'Readme.md'));
    expect(readdirSync(path.join(dir, 'docs/adr')).sort()).toEqual(['0001-use-x.md', 'Readme.md']);
    expect(read(dir, 'docs/adr/Readme.md')).toMatch(/^# ADRs\n\nSome text\n[\s\S]*0001-use-x\.md/);
    expect(adr(dir, ['index', '--check']).status).toBe(0);
    expect(adr(dir, ['new', 'Use Y', '--template', 'nygard']).status).toBe(0);
    expect(adr(dir, ['index', '--check']).status).toBe(1);
    const results = await lintAdrs(['docs/adr'], { cwd: dir });
    expect(results.flatMap((x) => x.messages.map((m) => m.ruleId))).toContain('index-up-to-date');
  });

  it('list says where it looked when there is no ADR folder, and refuses a --dir that does not exist', () => {
    const dir = tmpRepo();
    const r = adr(dir, ['list']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('ADR  STATUS  DATE  TITLE  LINKS  FILE');
    expect(r.stderr).toMatch(/^distroless-adr: warning: no ADR folder found \(looked for .*docs\/adr.*\); pass --dir/);
    const typo = adr(dir, ['list', '--dir', 'docs/adrs']);
    expect([typo.status, typo.stdout, typo.stderr]).toEqual([
      2,
      '',
      `distroless-adr: --dir ${path.join('docs', 'adrs')} does not exist\nRun 'distroless-adr --help' for usage.\n`,
    ]);
    // The argument as typed, not turned into a path relative to the working directory.
    const abs = path.join(dir, 'nowhere');
    expect(adr(path.join(dir, '.git'), ['list', '--dir', abs]).stderr).toContain(`--dir ${abs} does not exist`);
    expect(adr(dir, ['list', '--dir', './docs/adrs/']).stderr).toContain('--dir ./docs/adrs/ does not exist');
  });

  it('index, supersede and link without an ADR folder say so, exit 2, and create nothing', () => {
    const dir = tmpRepo();
    for (const args of [['index'], ['index', '--check'], ['supersede', '1', '2'], ['link', '1', 'Amends', '2']]) {
      const r = adr(dir, args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(
        /^distroless-adr: (no ADR '1': )?no ADR folder found \(looked for .*docs\/adr/,
      );
      // No internal file (a lock, a temporary file) is named.
      expect(r.stderr).not.toMatch(/ENOENT|\.tmp|\.lock/);
    }
    expect(ls(dir)).toEqual(['.git']);
    const typo = adr(dir, ['supersede', '1', '2', '--dir', 'docs/adrs']);
    expect([typo.status, typo.stderr.split('\n')[0]]).toEqual([
      2,
      "distroless-adr: no ADR '1': --dir docs/adrs does not exist",
    ]);
  });

  it('lists records as a table or JSON', () => {
    const dir = tmpRepo();
    adr(dir, ['new', 'Alpha', '--date', '2026-01-01']);
    adr(dir, ['new', 'Beta', '--date', '2026-01-02', '--supersedes', '1']);
    const table = adr(dir, ['list']).stdout.trim().split('\n');
    expect(table[0]).toMatch(/^ADR +STATUS +DATE +TITLE +LINKS +FILE$/);
    expect(table[1]).toMatch(/^0001 +superseded +2026-01-01 +Alpha +Superseded by 0002 +0001-alpha\.md$/);
    expect(table[2]).toMatch(/^0002 +proposed +2026-01-02 +Beta +Supersedes 0001 +0002-beta\.md$/);
    const json = JSON.parse(adr(dir, ['list', '--format', 'json']).stdout);
    expect(json.map((e: { number: string; title: string }) => `${e.number} ${e.title}`)).toEqual([
      '0001 Alpha',
      '0002 Beta',
    ]);
    expect(adr(dir, ['list', '--format', 'xml']).status).toBe(2);
  });
});

describe('the command line', () => {
  it('exits 2 without a command, naming the commands; --help and help exit 0', () => {
    const dir = tmpRepo();
    const r = adr(dir, []);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('a command is required: new, supersede, link, index, list, templates');
    expect(r.stdout).toBe('');
    for (const args of [['--help'], ['-h'], ['help']]) {
      const h = adr(dir, args);
      expect(h.status, args.join(' ')).toBe(0);
      expect(h.stdout).toContain('Usage: distroless-adr <command>');
    }
  });

  it("'<command> --help', '-h' and 'help <command>' print that command's help on stdout and exit 0, touching nothing", () => {
    const dir = tmpRepo();
    const before = readdirSync(dir);
    for (const command of [...COMMANDS, 'help' as const]) {
      const runs = [
        [command, '--help'],
        [command, '-h'],
        ['help', command],
      ];
      // Whatever else is on the line: help is asked for, so no record, title or valid value is needed.
      if (command === 'new') runs.push(['new', 'Use X', '--status', 'bogus', '--help']);
      if (command === 'link') runs.push(['link', '-h', '1']);
      for (const args of runs) {
        const r = adr(dir, args);
        expect([r.status, r.stdout, r.stderr], args.join(' ')).toEqual([0, `${commandHelp(command)}\n`, '']);
      }
      expect(commandHelp(command)).toMatch(new RegExp(`^Usage: distroless-adr ${command} `));
    }
    expect(readdirSync(dir)).toEqual(before);
    // After `--`, --help is the title's.
    const r = adr(dir, ['new', '--', '--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/0001-help\.md\n$/);
    const unknown = adr(dir, ['help', 'nosuch']);
    expect([unknown.status, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toContain(
      "help: unknown command 'nosuch'; commands: new, supersede, link, index, list, templates",
    );
  });
});
