import { readdirSync } from 'node:fs';
import path from 'node:path';
import { lintAdrs } from '@distroless-service/validator';
import { describe, expect, it } from 'vitest';
import { adr, read, tmpRepo } from './support/cli.js';

const BODY = '\n## Context and Problem Statement\n\nc\n\n## Decision Outcome\n\nd\n';

/** Runs `new` in a folder of records, and returns the new record's text after checking it lints. */
async function newIn(files: Record<string, string>, title = 'Use Foo', dir = 'docs/adr'): Promise<string> {
  const repo = tmpRepo(files);
  const before = new Set(readdirSync(path.join(repo, dir)));
  const r = adr(repo, ['new', title, '--date', '2026-03-04']);
  expect(r.status, r.stderr).toBe(0);
  const added = readdirSync(path.join(repo, dir)).filter((f) => !before.has(f));
  expect(added).toHaveLength(1);
  const results = await lintAdrs([dir], { cwd: repo });
  const errors = results.flatMap((f) =>
    f.messages.filter((m) => m.severity === 'error').map((m) => `${f.file}: ${m.ruleId} ${m.message}`),
  );
  expect(errors).toEqual([]);
  return read(repo, `${dir}/${added[0]}`);
}

describe('new follows the front-matter keys of the folder (D7)', () => {
  it("writes the folder's spelling of each key: id, decision-makers, created", async () => {
    const rec = (n: number) =>
      `---\nid: ADR-00${n}\nstatus: accepted\ncreated: 2026-01-0${n}\ndecision-makers: [ann]\n---\n\n# ADR-00${n}: Record ${n}\n${BODY}`;
    const text = await newIn({ 'docs/adr/ADR-001-one.md': rec(1), 'docs/adr/ADR-002-two.md': rec(2) });
    expect(text).toMatch(/^---\nid: ADR-003\nstatus: proposed\ncreated: 2026-03-04\ndecision-makers:\n---\n/);
    expect(text).not.toMatch(/^(adr|date|deciders):/m);
  });

  it('renames a key a few records spell their way even where not all carry it', async () => {
    const rec = (n: number, extra: string) =>
      `---\nstatus: accepted\ndate: 2026-01-0${n}\n${extra}---\n\n# Record ${n}\n${BODY}`;
    const text = await newIn({
      'docs/adr/0001-one.md': rec(1, 'deciders: [ann]\n'),
      'docs/adr/0002-two.md': rec(2, ''),
      'docs/adr/0003-three.md': rec(3, ''),
    });
    expect(text).toMatch(/^deciders:$/m);
    expect(text).not.toContain('decision-makers');
  });
});

describe('new carries the site front matter every record has (D3)', () => {
  const madr = (n: number, extra = '') =>
    `---\nparent: Decisions\nnav_order: ${n}\n${extra}---\n# Record ${n}\n${BODY}`;

  it('copies a constant and continues a value that counts with the record number', async () => {
    const text = await newIn({
      'docs/adr/0007-seven.md': madr(7),
      'docs/adr/0008-eight.md': madr(8),
      'docs/adr/0009-nine.md': madr(9, 'status: accepted\n'),
    });
    expect(text).toMatch(/^---\nparent: Decisions\nnav_order: 10\nstatus: proposed\ndate: 2026-03-04\n/);
  });

  it('continues a counter with an offset and padding, as the newest record writes it', async () => {
    const rec = (n: number, order: string) => `---\nnav_order: ${order}\n---\n# Record ${n}\n${BODY}`;
    const text = await newIn({
      'docs/adr/0008-eight.md': rec(8, '0009'),
      'docs/adr/0009-nine.md': rec(9, '10'),
    });
    expect(text).toMatch(/^nav_order: 11$/m);
  });

  it("continues the counter in the team's own template, which is otherwise kept as written (JabRef)", async () => {
    const template =
      '---\n# Replace this with the number of the ADR\nnav_order: 100\n\n# Keep this\nparent: Decision Records\n' +
      '# status: "{proposed | accepted}"\n---\n# {short title}\n' +
      BODY;
    const rec = (n: number) => `---\nnav_order: ${n}\nparent: Decision Records\n---\n# Record ${n}\n${BODY}`;
    const text = await newIn({
      'docs/adr/adr-template.md': template,
      'docs/adr/0044-forty-four.md': rec(44),
      'docs/adr/0045-forty-five.md': rec(45),
    });
    expect(text).toMatch(
      /^---\n# Replace this with the number of the ADR\nnav_order: 46\n\n# Keep this\nparent: Decision Records\nstatus: "proposed"\n---\n# Use Foo\n/,
    );
  });

  it("gives a key holding the title the new title, and Backstage's id its next number", async () => {
    const rec = (n: number, title: string) =>
      `---\nid: adrs-adr00${n}\ntitle: 'ADR00${n}: ${title}'\nsidebar_label: ${title}\ndescription: About ${title.toLowerCase()}\n---\n\n# ADR00${n}: ${title}\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n`;
    const text = await newIn({
      'docs/adr/adr001-one.md': rec(1, 'One thing'),
      'docs/adr/adr002-two.md': rec(2, 'Two things'),
    });
    expect(text).toContain("id: adrs-adr003\ntitle: 'ADR003: Use Foo'\nsidebar_label: Use Foo\n");
    // A value that differs from record to record and is none of these is left out.
    expect(text).not.toContain('description');
  });

  it('leaves out a key only a few records carry', async () => {
    const text = await newIn({
      'docs/adr/0001-one.md': madr(1, 'layout: wide\n'),
      'docs/adr/0002-two.md': madr(2),
      'docs/adr/0003-three.md': madr(3),
    });
    expect(text).not.toContain('layout');
    expect(text).toContain('parent: Decisions\nnav_order: 4\n');
  });
});

describe('new carries the site front matter of a TOML folder (D3)', () => {
  const toml = (n: number, extra = '') =>
    `+++\ntitle = "ADR-00${n}: Record ${n}"\nstatus = "accepted"\ndate = 2026-01-0${n}\nparent = "Decisions"\n` +
    `nav_order = ${n + 10}\nweight = 1.5\ndraft = false\n${extra}+++\n# Record ${n}\n${BODY}`;

  it('copies constants, continues counters and titles the record, in TOML', async () => {
    const text = await newIn({
      'docs/adr/0001-one.md': toml(1),
      'docs/adr/0002-two.md': toml(2),
      'docs/adr/0003-three.md': toml(3, 'slug = "three"\n'),
    });
    expect(text.slice(0, text.indexOf('\n+++\n') + 5)).toBe(
      '+++\n' +
        'title = "ADR-004: Use Foo"\n' +
        'status = "proposed"\n' +
        'date = 2026-03-04\n' +
        'parent = "Decisions"\n' +
        'nav_order = 14\n' +
        'weight = 1.5\n' +
        'draft = false\n' +
        'slug = ""\n' +
        '+++\n',
    );
  });

  it('an adr-tools template in a TOML folder gets the site keys as TOML front matter', async () => {
    const repo = tmpRepo({ 'docs/adr/0001-one.md': toml(1), 'docs/adr/0002-two.md': toml(2) });
    const r = adr(repo, ['new', 'Use Foo', '--date', '2026-03-04', '--template', 'nygard']);
    expect(r.status, r.stderr).toBe(0);
    const text = read(repo, 'docs/adr/0003-use-foo.md');
    expect(text).toMatch(
      /^\+\+\+\ntitle = "ADR-003: Use Foo"\nparent = "Decisions"\nnav_order = 13\nweight = 1.5\ndraft = false\n\+\+\+\n\n# /,
    );
    const results = await lintAdrs(['docs/adr'], { cwd: repo });
    expect(results.flatMap((f) => f.messages.filter((m) => m.severity === 'error'))).toEqual([]);
  });
});

describe('new titles the record as its neighbours do (D6)', () => {
  const nygard = (h1: string, n: number) =>
    `# ${h1}\n\nDate: 2026-01-0${n}\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n`;
  const madr = (h1: string, n: number) => `---\nstatus: accepted\ndate: 2026-01-0${n}\n---\n\n# ${h1}\n${BODY}`;

  it.each([
    ['ADR-0008: X', (n: number) => `ADR-000${n}: Record ${n}`, 'ADR-0003: Use Foo'],
    ['ADR 8 - X', (n: number) => `ADR ${n} - Record ${n}`, 'ADR 3 - Use Foo'],
    // En and em dashes (written as escapes in the sources, so the bundles stay ASCII).
    ['ADR-0008 \u2014 X', (n: number) => `ADR-000${n} \u2014 Record ${n}`, 'ADR-0003 \u2014 Use Foo'],
    ['Decision \u2013 X', (n: number) => `Decision \u2013 Record ${n}`, 'Decision \u2013 Use Foo'],
    [
      'Architecture Decision Record: X',
      (n: number) => `Architecture Decision Record: Record ${n}`,
      'Architecture Decision Record: Use Foo',
    ],
    ['8. X (MADR body)', (n: number) => `${n}. Record ${n}`, '3. Use Foo'],
    ['X (adr-tools body)', (n: number) => `Record ${n}`, 'Use Foo'],
  ])('%s', async (_style, h1, expected) => {
    const body = _style.includes('MADR') ? madr : nygard;
    const text = await newIn({ 'docs/adr/0001-one.md': body(h1(1), 1), 'docs/adr/0002-two.md': body(h1(2), 2) });
    expect(text).toMatch(new RegExp(`^# ${expected.replace(/[.]/g, '\\.')}$`, 'm'));
  });

  it("keeps the template's heading where the records disagree", async () => {
    const text = await newIn({
      'docs/adr/0001-one.md': nygard('ADR-0001: One', 1),
      'docs/adr/0002-two.md': nygard('Two', 2),
    });
    expect(text).toMatch(/^# 3\. Use Foo$/m);
  });
});
