import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintAdrs } from '@distroless-service/validator';
import { describe, expect, it } from 'vitest';
import { adr, cliPath, ls, read, tmpRepo } from './support/cli.js';

const NYGARD = (n: number, title: string) =>
  `# ${n}. ${title}\n\nDate: 2026-01-0${n}\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n`;

const MADR_BODY = '## Context and Problem Statement\n\nc\n\n## Decision Outcome\n\nd\n';

describe('new', () => {
  it('creates the first record as MADR 4 minimal in docs/adr and prints its path', () => {
    const dir = tmpRepo();
    const r = adr(dir, ['new', 'Use PostgreSQL for orders', '--date', '2026-03-04']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(path.join('docs', 'adr', '0001-use-postgresql-for-orders.md'));
    const text = read(dir, 'docs/adr/0001-use-postgresql-for-orders.md');
    expect(text).toMatch(/^---\nstatus: proposed\ndate: 2026-03-04\n/);
    expect(text).toContain('# Use PostgreSQL for orders\n');
    expect(text).toContain('## Context and Problem Statement');
  });

  it('numbers after the highest record in the whole folder, numerically, in its pattern', () => {
    const dir = tmpRepo({
      'doc/adr/ADR-009-nine.md': NYGARD(9, 'Nine'),
      'doc/adr/ADR-010-ten.md': NYGARD(1, 'Ten').replace('# 1.', '# 10.'),
      'doc/adr/archive/ADR-011-eleven.md': NYGARD(1, 'Eleven').replace('# 1.', '# 11.'),
      'doc/adr/templates/ADR-999-template.md': 'not a record',
    });
    const r = adr(dir, ['new', 'Twelve']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(path.join('doc', 'adr', 'ADR-012-twelve.md'));
    // The newest record is adr-tools style, so the new one is too.
    expect(read(dir, 'doc/adr/ADR-012-twelve.md')).toMatch(
      /^# 12\. Twelve\n\nDate: \d{4}-\d\d-\d\d\n\n## Status\n\nProposed\n/,
    );
  });

  it('takes the title from several words, like adr-tools', () => {
    const dir = tmpRepo();
    expect(adr(dir, ['new', 'Use', 'Riak', '--template', 'nygard']).stdout.trim()).toBe(
      path.join('docs', 'adr', '0001-use-riak.md'),
    );
  });

  it('without a title and without a terminal, exits 2 naming what is missing and writes nothing', () => {
    const dir = tmpRepo();
    const r = adr(dir, ['new']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('missing <title>');
    expect(existsSync(path.join(dir, 'docs'))).toBe(false);
  });

  it('rejects an unknown template, status or date with exit 2 and writes nothing', () => {
    const dir = tmpRepo();
    for (const args of [
      ['--template', 'nope'],
      ['--status', 'maybe'],
      ['--date', '2026-02-30'],
      ['--supersedes', '4'],
    ]) {
      const r = adr(dir, ['new', 'X', ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/template 'nope'|status 'maybe'|--date|no ADR '4'/);
      expect(existsSync(path.join(dir, 'docs')), args.join(' ')).toBe(false);
    }
  });

  it("accepts a status from the validator's configuration", () => {
    const dir = tmpRepo({ '.adrlintrc.json': JSON.stringify({ statuses: ['proposed', 'accepted', 'piloting'] }) });
    const r = adr(dir, ['new', 'Try it', '--status', 'piloting', '--template', 'nygard']);
    expect(r.status, r.stderr).toBe(0);
    expect(read(dir, 'docs/adr/0001-try-it.md')).toContain('\nPiloting\n');
  });

  it("reads adr-tools' .adr-dir and uses its templates/template.md like adr-tools", () => {
    const dir = tmpRepo({
      '.adr-dir': 'architecture/decisions\n',
      'architecture/decisions/templates/template.md':
        '# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n',
    });
    const sub = path.join(dir, 'architecture');
    const r = adr(sub, ['new', 'Use Go', '--date', '2026-05-06']);
    expect(r.status, r.stderr).toBe(0);
    expect(read(dir, 'architecture/decisions/0001-use-go.md')).toBe(
      '# 1. Use Go\n\nDate: 2026-05-06\n\n## Status\n\nProposed\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n',
    );
  });

  it("reads log4brains' .log4brains.yml and writes dated names in MADR 2 list form", async () => {
    const dir = tmpRepo({
      '.log4brains.yml': 'project:\n  name: demo\n  adrFolder: ./docs/decisions\n',
      'docs/decisions/20240101-use-markdown.md':
        '# Use Markdown\n\n- Status: accepted\n- Date: 2024-01-01\n\n## Context and Problem Statement\n\nc\n\n## Considered Options\n\n- a\n\n## Decision Outcome\n\nd\n',
    });
    const r = adr(dir, ['new', 'Use Mermaid', '--date', '2026-07-08']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(path.join('docs', 'decisions', '20260708-use-mermaid.md'));
    const text = read(dir, 'docs/decisions/20260708-use-mermaid.md');
    // The records' own bullet (review D13), where MADR 2's template writes '*'.
    expect(text).toContain('- Status: proposed\n- Date: 2026-07-08\n');
    const results = await lintAdrs(['docs/decisions'], { cwd: dir });
    expect(results.flatMap((x) => x.messages).filter((m) => m.severity === 'error')).toEqual([]);
  });

  it("uses a repository's own Handlebars template from the configured folder", () => {
    const dir = tmpRepo({
      'package.json': JSON.stringify({ name: 'x', 'distroless-adr': { dir: 'adr', templates: 'adr-templates' } }),
      'adr-templates/rfc.md.hbs': '# {{number}}. {{title}}\n\nDate: {{date}}\n\n## Status\n\n{{capitalize status}}\n',
    });
    const r = adr(dir, ['new', 'Plain RFC', '--template', 'rfc', '--date', '2026-01-02']);
    expect(r.status, r.stderr).toBe(0);
    expect(read(dir, 'adr/0001-plain-rfc.md')).toBe('# 1. Plain RFC\n\nDate: 2026-01-02\n\n## Status\n\nProposed\n');
    expect(adr(dir, ['templates']).stdout).toMatch(/^rfc {2}\(adr-templates\/rfc\)$/m);
  });

  it("names a misspelt variable of a repository's template, where it is and the known ones; writes nothing", () => {
    const dir = tmpRepo({
      'docs/adr/templates/mine.md.hbs': '# {{number}}. {{titel}}\n\nDate: {{date}}\n\n## Status\n\n{{status}}\n',
      'docs/adr/templates/nested.md.hbs': '# {{title}}\n\n  {{meta.owner}}\n',
    });
    const r = adr(dir, ['new', 'Custom', '--template', 'mine']);
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.stderr.split('\n')[0]).toBe(
      `distroless-adr: rendering the template failed: template ${path.join('docs', 'adr', 'templates', 'mine.md.hbs')}: ` +
        'unknown variable "titel" at 1:17 (known: title, number, id, date, status, deciders, file)',
    );
    expect(r.stderr).not.toContain('[object Object]');
    expect(adr(dir, ['new', 'Custom', '--template', 'nested']).stderr).toContain(
      'unknown variable "meta.owner" at 3:5 (',
    );
    expect(readdirSync(path.join(dir, 'docs/adr')).sort()).toEqual(['templates']);
  });

  it('follows the dialect of the newest record', () => {
    const cases: Record<string, [string, RegExp]> = {
      'bold-fields': [
        '# ADR-003: X\n\n**Status:** Accepted\n**Date:** 2026-02-20\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n',
        /^# ADR-004: Next\n\n\*\*Status:\*\* Proposed\n/,
      ],
      frontmatter: [
        '---\nadr: 003\nstatus: accepted\ndate: 2025-01-09\n---\n\n# ADR-003: X\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n',
        /^---\nadr: 004\nstatus: proposed\n[^]*\n# ADR-004: Next\n/,
      ],
      'madr-full': [
        '---\nstatus: accepted\ndate: 2025-01-09\n---\n\n# X\n\n## Context and Problem Statement\n\nc\n\n## Decision Drivers\n\n* d\n\n## Considered Options\n\n* o\n\n## Decision Outcome\n\nd\n',
        /## Pros and Cons of the Options/,
      ],
    };
    for (const [name, [existing, expected]] of Object.entries(cases)) {
      const dir = tmpRepo({ 'adr/003-x.md': existing });
      const r = adr(dir, ['new', 'Next']);
      expect(r.status, r.stderr).toBe(0);
      expect(read(dir, r.stdout.trim()), name).toMatch(expected);
    }
  });

  it('follows the newest record that writes a status, past one with none (MADR makes it optional)', () => {
    const madr2 = (n: number) => `# Decision ${n}\n\n* Status: accepted\n* Date: 2021-04-0${n}\n\n${MADR_BODY}`;
    const dir = tmpRepo({
      'docs/adr/0008-a.md': madr2(8),
      'docs/adr/0009-b.md': madr2(9),
      'docs/adr/0010-c.md': `# Decision 10\n\n${MADR_BODY}`,
    });
    const r = adr(dir, ['new', 'Next', '--date', '2026-01-02']);
    expect(r.status, r.stderr).toBe(0);
    expect(read(dir, r.stdout.trim())).toMatch(/^# Next\n\n\* Status: proposed\n\* Date: 2026-01-02\n/);
    // None of the three newest writes one: MADR 4, as for a record with MADR's headings alone.
    const bare = tmpRepo({
      'docs/adr/0007-a.md': madr2(7),
      ...Object.fromEntries(
        [8, 9, 10].map((n) => [`docs/adr/00${String(n).padStart(2, '0')}-x.md`, `# D${n}\n\n${MADR_BODY}`]),
      ),
    });
    const b = adr(bare, ['new', 'Next']);
    expect(b.status, b.stderr).toBe(0);
    expect(read(bare, b.stdout.trim())).toMatch(/^---\nstatus: proposed\n/);
  });

  it("passes over a newest record larger than the validator's maxFileSize, as the linter does", () => {
    const bold =
      '# ADR-004: Big\n\n**Status:** Accepted\n**Date:** 2026-02-20\n\n## Context\n\nc\n\n## Decision\n\nd\n\n';
    // Bold fields, but over 1 MB (the validator's default maxFileSize): not read, so the dialect comes
    // from the next record, adr-tools'. One long comment line parses in well under fileTimeLimit, so
    // only the size cap can pass it over.
    const big = `${bold}## Consequences\n\ne\n\n<!-- ${'x'.repeat(1024 * 1024)} -->\n`;
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const dir = tmpRepo({ 'adr/003-x.md': NYGARD(3, 'X'), 'adr/004-big.md': big });
    const r = adr(dir, ['new', 'Next']);
    expect(r.status, r.stderr).toBe(0);
    expect(read(dir, r.stdout.trim())).toMatch(/^# 5\. Next\n\nDate: /);
    // Under the limit, the same record sets the dialect.
    const small = tmpRepo({ 'adr/003-x.md': NYGARD(3, 'X'), 'adr/004-big.md': `${bold}## Consequences\n\ne\n` });
    const s = adr(small, ['new', 'Next']);
    expect(s.status, s.stderr).toBe(0);
    expect(read(small, s.stdout.trim())).toMatch(/^# ADR-005: Next\n\n\*\*Status:\*\* Proposed\n/);
  });

  it.skipIf(process.platform === 'win32')(
    'passes over a newest "record" that is a FIFO instead of waiting on it',
    () => {
      const dir = tmpRepo({ 'adr/003-x.md': NYGARD(3, 'X') });
      execFileSync('mkfifo', [path.join(dir, 'adr', '004-pipe.md')]);
      // Bounded: a run that opens the FIFO for reading waits for a writer that never comes.
      const r = spawnSync(process.execPath, [cliPath, 'new', 'Next'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
      expect(r.signal, 'still waiting on the FIFO after 30 s').toBeNull();
      expect(r.status, r.stderr).toBe(0);
      expect(read(dir, r.stdout.trim())).toMatch(/^# 5\. Next\n\nDate: /);
    },
  );

  it('loads the front-matter parsers (yaml, smol-toml) only for a record that has front matter', () => {
    const probe = fileURLToPath(new URL('./support/loaded-files.cjs', import.meta.url));
    const nygard =
      '# 3. X\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n';
    const frontMatter =
      '---\nstatus: accepted\ndate: 2025-01-09\n---\n\n# X\n\n## Context and Problem Statement\n\nc\n\n## Decision Outcome\n\nd\n';
    const loaded = (existing: string) => {
      const dir = tmpRepo({ 'adr/003-x.md': existing });
      const list = path.join(dir, 'loaded.txt');
      const r = adr(dir, ['new', 'Next'], { LOADED_FILES: list }, ['--require', probe]);
      expect(r.status, r.stderr).toBe(0);
      return read(dir, 'loaded.txt')
        .split('\n')
        .map((f) => path.basename(f));
    };
    const plain = loaded(nygard);
    expect(plain).toContain('detect.cjs');
    expect(plain).not.toContain('front-matter-parsers.cjs');
    expect(loaded(frontMatter)).toContain('front-matter-parsers.cjs');
  });

  it("loads neither node:module nor the working directory's package.json (node-plop's pkg helper)", () => {
    const probe = fileURLToPath(new URL('./support/loaded-files.cjs', import.meta.url));
    const dir = tmpRepo({ 'adr/003-x.md': NYGARD(3, 'X'), 'package.json': '{ "name": "team-repo" }\n' });
    const list = path.join(dir, 'loaded.txt');
    const r = adr(dir, ['new', 'Next'], { LOADED_FILES: list }, ['--require', probe]);
    expect(r.status, r.stderr).toBe(0);
    const loaded = read(dir, 'loaded.txt').split('\n');
    // The probe sees the run's files and built-ins.
    expect(loaded).toContain(cliPath);
    expect(loaded).toContain('builtin:fs');
    expect(loaded).not.toContain(path.join(dir, 'package.json'));
    expect(loaded).not.toContain('builtin:module');
  });

  it('--supersedes updates both records, in their own dialects', async () => {
    const dir = tmpRepo({ 'doc/adr/0001-use-mysql.md': NYGARD(1, 'Use MySQL') });
    const r = adr(dir, ['new', 'Use PostgreSQL', '--supersedes', '1', '--template', 'madr-minimal']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('updated doc/adr/0001-use-mysql.md');
    expect(read(dir, 'doc/adr/0001-use-mysql.md')).toContain(
      '## Status\n\nSuperseded by [2. Use PostgreSQL](0002-use-postgresql.md)\n\n## Context',
    );
    expect(read(dir, 'doc/adr/0002-use-postgresql.md')).toContain(
      '## More Information\n\n* Supersedes [ADR-0001](0001-use-mysql.md)\n',
    );
    const results = await lintAdrs(['doc/adr'], { cwd: dir });
    const relevant = results.flatMap((x) => x.messages).filter((m) => m.ruleId !== 'empty-section');
    expect(relevant).toEqual([]);
  });

  it('--links writes both directions, with the reverse named or known', () => {
    const dir = tmpRepo({ 'doc/adr/0001-a.md': NYGARD(1, 'A'), 'doc/adr/0002-b.md': NYGARD(2, 'B') });
    const r = adr(dir, ['new', 'C', '--links', '1:Amends', '--links', '2:Depends on:Needed by']);
    expect(r.status, r.stderr).toBe(0);
    const c = read(dir, 'doc/adr/0003-c.md');
    expect(c).toContain('Amends [1. A](0001-a.md)');
    expect(c).toContain('Depends on [2. B](0002-b.md)');
    expect(read(dir, 'doc/adr/0001-a.md')).toContain('Accepted\n\nAmended by [3. C](0003-c.md)\n');
    expect(read(dir, 'doc/adr/0002-b.md')).toContain('Needed by [3. C](0003-c.md)');
    const bad = adr(dir, ['new', 'D', '--links', '1:Inspires']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("no known reverse for 'Inspires'");
    expect(ls(path.join(dir, 'doc/adr'))).not.toContain('0004-d.md');
  });

  it('leaves no temporary or lock files behind', () => {
    const dir = tmpRepo();
    adr(dir, ['new', 'One']);
    adr(dir, ['new', 'Two']);
    expect(readdirSync(path.join(dir, 'docs/adr'))).toEqual(['0001-one.md', '0002-two.md']);
  });
});
