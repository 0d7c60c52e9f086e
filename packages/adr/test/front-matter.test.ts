// Front matter as the repository writes it: TOML (`+++`) records get TOML back from `new`,
// `supersede` and `link`; folders that say what supersedes what in front-matter keys
// (`supersedes:` / `superseded-by:`) get those keys filled instead of a "Supersedes" line.
import { lintAdrs, parseAdr } from '@distroless-service/validator';
import { describe, expect, it } from 'vitest';
import { adr, read, tmpRepo } from './support/cli.js';

const BODY =
  '## Context and Problem Statement\n\nc\n\n## Considered Options\n\n* x\n\n## Decision Outcome\n\nChosen option: x.\n';

async function errors(dir: string, folder = 'docs/adr') {
  const results = await lintAdrs([folder], { cwd: dir });
  return results.flatMap((r) =>
    r.messages.filter((m) => m.severity === 'error').map((m) => `${r.file}: ${m.ruleId} ${m.message}`),
  );
}

const links = (dir: string) =>
  (JSON.parse(adr(dir, ['list', '--format', 'json']).stdout) as Array<{ links: unknown[] }>).map((e) => e.links);

describe('TOML front matter', () => {
  const TOML_RECORD =
    '+++\n' +
    'title = "Use X"\n' +
    'id = "ADR-0007"\n' +
    "status = 'Accepted'\n" +
    'date = 2026-01-05\n' +
    'deciders = ["alice", "bob"]\n' +
    'tags = ["db"]\n' +
    'draft = false\n' +
    '\n' +
    '[extra]\n' +
    'owner = "team"\n' +
    '+++\n\n# Use X\n\n' +
    BODY;

  it('new writes TOML with the newest record’s keys, in its style, that the validator reads back', async () => {
    const dir = tmpRepo({ 'docs/adr/0007-use-x.md': TOML_RECORD });
    const title = 'Use "Y" \\ not X';
    const r = adr(dir, ['new', title, '--date', '2026-02-01', '--deciders', 'carol, dan']);
    expect(r.status, r.stderr).toBe(0);
    const text = read(dir, 'docs/adr/0008-use-y-not-x.md');
    expect(text).toMatch(/^\+\+\+\n/);
    expect(text).not.toMatch(/^---$/m);
    // The same keys in the same order and quoting; a value that cannot be left empty (false) and
    // a table are left out.
    expect(text.slice(0, text.indexOf('\n+++\n'))).toBe(
      '+++\n' +
        'title = "Use \\"Y\\" \\\\ not X"\n' +
        'id = "ADR-0008"\n' +
        "status = 'Proposed'\n" +
        'date = 2026-02-01\n' +
        'deciders = ["carol", "dan"]\n' +
        'tags = []',
    );
    const doc = parseAdr(text, '0008-use-y-not-x.md');
    expect(doc.frontMatterError).toBeNull();
    expect(doc.dialect).toBe('madr-frontmatter');
    expect(doc.frontMatter).toMatchObject({ title, id: 'ADR-0008', status: 'Proposed', deciders: ['carol', 'dan'] });
    // A TOML date, as the newest record's, not a string.
    expect(doc.frontMatter!.date).toBeInstanceOf(Date);
    expect(doc.date?.raw).toBe('2026-02-01');
    expect(doc.number).toBe('0008');
    expect(await errors(dir)).toEqual([]);
    const results = await lintAdrs(['docs/adr'], { cwd: dir });
    expect(results.map((x) => [x.status, x.date])).toEqual([
      ['accepted', '2026-01-05'],
      ['proposed', '2026-02-01'],
    ]);
  });

  it('supersede and link edit the TOML front matter and its supersession keys, adding no YAML', async () => {
    const rec = (n: number, title: string, status: string) =>
      `+++\nstatus = "${status}"\ndate = 2026-01-0${n}\nsupersedes = []\nsuperseded-by = ""\n+++\n\n# ${title}\n\n${BODY}`;
    const dir = tmpRepo({
      'docs/adr/0001-old.md': rec(1, 'Old', 'accepted'),
      'docs/adr/0002-new.md': rec(2, 'New', 'accepted'),
      'docs/adr/0003-more.md': rec(3, 'More', 'proposed'),
    });
    let r = adr(dir, ['supersede', '1', '2']);
    expect(r.status, r.stderr).toBe(0);
    r = adr(dir, ['link', '3', 'Amends', '2']);
    expect(r.status, r.stderr).toBe(0);
    r = adr(dir, ['new', 'Newest', '--supersedes', '3', '--date', '2026-01-04']);
    expect(r.status, r.stderr).toBe(0);
    const [one, two, three, four] = ['0001-old', '0002-new', '0003-more', '0004-newest'].map((f) =>
      read(dir, `docs/adr/${f}.md`),
    );
    expect(one).toBe(rec(1, 'Old', 'superseded').replace('superseded-by = ""', 'superseded-by = "ADR-0002"'));
    expect(two!.startsWith(rec(2, 'New', 'accepted').replace('supersedes = []', 'supersedes = ["ADR-0001"]'))).toBe(
      true,
    );
    expect(two).not.toMatch(/Supersedes \[/);
    expect(three).toMatch(/^\+\+\+\nstatus = "superseded"\n.*\nsuperseded-by = "ADR-0004"\n\+\+\+\n/s);
    expect(four).toMatch(/^\+\+\+\nstatus = "proposed"\ndate = 2026-01-04\nsupersedes = \["ADR-0003"\]\n/);
    for (const text of [one, two, three, four]) {
      expect(text).not.toMatch(/^---$/m);
      expect(parseAdr(text!, 'x.md').frontMatterError).toBeNull();
    }
    expect(await errors(dir)).toEqual([]);
    expect(links(dir)).toEqual([
      [{ relation: 'Superseded by', target: '0002-new.md' }],
      [
        { relation: 'Amended by', target: '0003-more.md' },
        { relation: 'Supersedes', target: '0001-old.md' },
      ],
      [
        { relation: 'Amends', target: '0002-new.md' },
        { relation: 'Superseded by', target: '0004-newest.md' },
      ],
      [{ relation: 'Supersedes', target: '0003-more.md' }],
    ]);
  });
});

describe('supersession in front-matter keys (MADR 4)', () => {
  const yamlRecord = (n: number, front: string) =>
    `---\n${front}\n---\n\n# ADR-00${n}: Title ${n}\n\n${BODY.replace('c\n', `c${n}\n`)}`;

  it('a record without a status, in a folder keeping superseded_by, gets the key as well as the status (review D2)', async () => {
    const dir = tmpRepo({
      'docs/decisions/ADR-001-a.md': yamlRecord(1, 'date: 2026-01-01\nparent: Decisions'),
      'docs/decisions/ADR-002-b.md': yamlRecord(2, 'status: accepted\ndate: 2026-01-02\nsuperseded_by: null'),
      'docs/decisions/ADR-003-c.md': yamlRecord(3, 'status: accepted\ndate: 2026-01-03\nsuperseded_by:'),
    });
    const r = adr(dir, ['supersede', '1', '3']);
    expect(r.status, r.stderr).toBe(0);
    const front = (f: string) => /^---\n([\s\S]*?)\n---\n/.exec(read(dir, `docs/decisions/${f}`))![1];
    expect(front('ADR-001-a.md')).toBe(
      'date: 2026-01-01\nparent: Decisions\nstatus: superseded\nsuperseded_by: ADR-003',
    );
    expect(await errors(dir, 'docs/decisions')).toEqual([]);
    expect(links(dir)[0]).toEqual([{ relation: 'Superseded by', target: 'ADR-003-c.md' }]);
  });

  it('a record with no front matter, in a folder keeping superseded_by, gets MADR 4’s block with the key too', async () => {
    const dir = tmpRepo({
      'docs/decisions/ADR-001-a.md': `# ADR-001: Title 1\n\n${BODY}`,
      'docs/decisions/ADR-002-b.md': yamlRecord(2, 'status: accepted\ndate: 2026-01-02\nsuperseded_by: null'),
      'docs/decisions/ADR-003-c.md': yamlRecord(3, 'status: accepted\ndate: 2026-01-03\nsuperseded_by:'),
    });
    const r = adr(dir, ['supersede', '1', '3']);
    expect(r.status, r.stderr).toBe(0);
    expect(read(dir, 'docs/decisions/ADR-001-a.md')).toBe(
      `---\nstatus: superseded\nsuperseded_by: ADR-003\n---\n\n# ADR-001: Title 1\n\n${BODY}`,
    );
    expect(await errors(dir, 'docs/decisions')).toEqual([]);
    expect(links(dir)[0]).toEqual([{ relation: 'Superseded by', target: 'ADR-003-c.md' }]);
  });

  it('the same in a TOML folder: the block in TOML', async () => {
    const toml = (n: number, status: string) =>
      `+++\nstatus = "${status}"\ndate = 2026-01-0${n}\nsuperseded-by = ""\n+++\n\n# Title ${n}\n\n${BODY}`;
    const dir = tmpRepo({
      'docs/adr/0001-a.md': `# Title 1\n\n${BODY}`,
      'docs/adr/0002-b.md': toml(2, 'accepted'),
    });
    const r = adr(dir, ['supersede', '1', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(read(dir, 'docs/adr/0001-a.md')).toBe(
      `+++\nstatus = "superseded"\nsuperseded-by = "ADR-0002"\n+++\n\n# Title 1\n\n${BODY}`,
    );
    expect(await errors(dir)).toEqual([]);
    expect(links(dir)[0]).toEqual([{ relation: 'Superseded by', target: '0002-b.md' }]);
  });

  it('a folder without the keys: MADR 4’s block with the status alone, as before', () => {
    const dir = tmpRepo({
      'docs/adr/0001-a.md': `# Title 1\n\n${BODY}`,
      'docs/adr/0002-b.md': `---\nstatus: accepted\ndate: 2026-01-02\n---\n\n# Title 2\n\n${BODY}`,
    });
    expect(adr(dir, ['supersede', '1', '2']).status).toBe(0);
    expect(read(dir, 'docs/adr/0001-a.md')).toBe(`---\nstatus: superseded by ADR-0002\n---\n\n# Title 1\n\n${BODY}`);
  });

  it('supersede fills the keys the records carry, in each record’s style, and adds them where missing', async () => {
    const dir = tmpRepo({
      'docs/decisions/ADR-001-a.md': yamlRecord(
        1,
        'status: accepted\ndate: 2026-01-01\nsupersedes: []\nsuperseded-by: null   # who supersedes this, or null',
      ),
      'docs/decisions/ADR-002-b.md': yamlRecord(2, 'status: accepted\ndate: 2026-01-02\nsupersedes:\n  - ADR-001'),
      'docs/decisions/ADR-003-c.md': yamlRecord(3, 'status: "accepted"\ndate: 2026-01-03'),
    });
    expect(adr(dir, ['supersede', '1', '3']).status).toBe(0);
    expect(adr(dir, ['supersede', '2', '3']).status).toBe(0);
    const r = adr(dir, ['new', 'D', '--supersedes', '3', '--date', '2026-01-04']);
    expect(r.status, r.stderr).toBe(0);
    const front = (f: string) => /^---\n([\s\S]*?)\n---\n/.exec(read(dir, `docs/decisions/${f}`))![1];
    expect(front('ADR-001-a.md')).toBe(
      'status: superseded\ndate: 2026-01-01\nsupersedes: []\nsuperseded-by: ADR-003   # who supersedes this, or null',
    );
    expect(front('ADR-002-b.md')).toBe(
      'status: superseded\ndate: 2026-01-02\nsupersedes:\n  - ADR-001\nsuperseded-by: ADR-003',
    );
    expect(front('ADR-003-c.md')).toBe(
      'status: "superseded"\ndate: 2026-01-03\nsupersedes: [ADR-001, ADR-002]\nsuperseded-by: ADR-004',
    );
    // Where every record carries `supersedes`, the new record writes it where they do, after `date`.
    expect(front('ADR-004-d.md')).toMatch(/^status: proposed\ndate: 2026-01-04\nsupersedes: \[ADR-003\]\n/);
    for (const f of ['ADR-003-c.md', 'ADR-004-d.md'])
      expect(read(dir, `docs/decisions/${f}`)).not.toMatch(/Supersedes \[/);
    expect(await errors(dir, 'docs/decisions')).toEqual([]);
    expect(links(dir)).toEqual([
      [{ relation: 'Superseded by', target: 'ADR-003-c.md' }],
      [
        { relation: 'Superseded by', target: 'ADR-003-c.md' },
        { relation: 'Supersedes', target: 'ADR-001-a.md' },
      ],
      [
        { relation: 'Superseded by', target: 'ADR-004-d.md' },
        { relation: 'Supersedes', target: 'ADR-001-a.md' },
        { relation: 'Supersedes', target: 'ADR-002-b.md' },
      ],
      [{ relation: 'Supersedes', target: 'ADR-003-c.md' }],
    ]);
    // Read back through the keys: a supersession that would close the cycle is refused.
    const before = read(dir, 'docs/decisions/ADR-001-a.md');
    const cycle = adr(dir, ['supersede', '4', '1']);
    expect(cycle.status).toBe(1);
    expect(cycle.stderr).toMatch(/cannot supersede/);
    expect(read(dir, 'docs/decisions/ADR-001-a.md')).toBe(before);
  });
});
