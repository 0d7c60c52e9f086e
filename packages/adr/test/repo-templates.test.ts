// A repository's own plain Markdown templates (MADR 4, MADR 2, log4brains, Nygard-style prompts),
// in its templates folder or beside the records: `new` fills the title, number, status and date as
// a person would, never changes the template, and what it writes lints without errors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintAdrs } from '@distroless-service/validator';
import { describe, expect, it } from 'vitest';
import { adr, read, tmpRepo } from './support/cli.js';

const MADR4 = `---
# Optional keys: delete the ones you do not use.
# status: "{proposed | rejected | accepted | deprecated | superseded by ADR-0001}"
# date: {YYYY-MM-DD when the decision was last updated}
# decision-makers: {everyone who decided}
---

# {short title of solved problem and solution}

## Context and Problem Statement

{Two or three sentences on the problem.}

## Considered Options

* {option 1}
* {option 2}

## Decision Outcome

Chosen option: "{option 1}", because {the reason}.
`;

const MADR2 = `# [short title of solved problem and solution]

* Status: [proposed | rejected | accepted | superseded by [ADR-0005](0005-example.md)] <!-- optional -->
* Deciders: [everyone who decided] <!-- optional -->
* Date: [YYYY-MM-DD when the decision was last updated] <!-- optional -->

## Context and Problem Statement

[The problem in two or three sentences.]

## Decision Outcome

Chosen option: "[option 1]", because [the reason].
`;

const LOG4BRAINS = `# [short title of solved problem and solution]

- Status: [draft | proposed | rejected | accepted | deprecated] <!-- optional -->
- Date: [YYYY-MM-DD when the decision was last updated] <!-- optional -->
- Tags: [space separated tags] <!-- optional -->

## Context and Problem Statement

[The problem in two or three sentences.]

## Decision Outcome

Chosen option: "[option 1]", because [the reason].
`;

const NYGARD = `# ADR-NNN: Title

## Status

What is the status: proposed, accepted, rejected, deprecated or superseded?

## Context

What is the issue that motivates this decision?

## Decision

What change do we propose?

## Consequences

What becomes easier or harder because of it?
`;

async function lintErrors(dir: string, folder = 'docs/adr') {
  const results = await lintAdrs([folder], { cwd: dir });
  return results.flatMap((r) => r.messages.filter((m) => m.severity === 'error').map((m) => `${r.file}: ${m.message}`));
}

async function lintOf(dir: string, file: string) {
  const [result] = await lintAdrs([file], { cwd: dir });
  return result!;
}

describe("a repository's plain Markdown template", () => {
  it('MADR 4 in templates/, with -t: the title filled, prompts left as warnings', async () => {
    const dir = tmpRepo({ 'docs/adr/templates/adr-template.md': MADR4 });
    const r = adr(dir, ['new', 'Use a message queue', '-t', 'adr-template', '--date', '2026-11-30']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('docs/adr/0001-use-a-message-queue.md');
    const text = read(dir, r.stdout.trim());
    expect(text).toContain('\n# Use a message queue\n');
    expect(text).toContain('{Two or three sentences on the problem.}');
    expect(read(dir, 'docs/adr/templates/adr-template.md')).toBe(MADR4);
    const result = await lintOf(dir, r.stdout.trim());
    expect(result.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(result.messages.map((m) => m.ruleId)).not.toContain('template-unfilled');
    expect(result.messages.map((m) => m.ruleId)).toContain('template-placeholder');
  });

  it('MADR 2 beside the records: listed, used by default, and by -t', async () => {
    const dir = tmpRepo({
      'docs/adr/template.md': MADR2,
      'docs/adr/0001-use-markdown.md': '# Use Markdown\n\n* Status: accepted\n* Date: 2026-01-02\n\n## Context\n\nX.\n',
    });
    expect(adr(dir, ['templates']).stdout).toContain('template  (docs/adr/template.md)\n');
    const r = adr(dir, ['new', 'Use a message queue', '--status', 'accepted', '--date', '2026-11-30']);
    expect(r.status, r.stderr).toBe(0);
    const text = read(dir, r.stdout.trim());
    expect(text).toMatch(/^# Use a message queue\n\n\* Status: accepted\n/);
    expect(text).toContain('* Date: 2026-11-30');
    const t = adr(dir, ['new', 'Use a cache', '-t', 'template', '--date', '2026-11-30']);
    expect(t.status, t.stderr).toBe(0);
    expect(read(dir, t.stdout.trim())).toMatch(/^# Use a cache\n\n\* Status: proposed\n/);
    expect(read(dir, 'docs/adr/template.md')).toBe(MADR2);
    expect(await lintErrors(dir)).toEqual([]);
  });

  it('log4brains beside dated records: a dated name, and its title and fields filled', async () => {
    const dir = tmpRepo({
      '.log4brains.yml': 'project:\n  adrFolder: ./docs/adr\n',
      'docs/adr/template.md': LOG4BRAINS,
      'docs/adr/20260102-use-markdown.md':
        '# Use Markdown\n\n- Status: accepted\n- Date: 2026-01-02\n\n## Context\n\nX.\n',
    });
    const r = adr(dir, ['new', 'Use a message queue', '--date', '2026-11-30']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('docs/adr/20261130-use-a-message-queue.md');
    const text = read(dir, r.stdout.trim());
    expect(text).toMatch(/^# Use a message queue\n\n- Status: proposed\n- Date: 2026-11-30\n- Tags: \[space/);
    expect(await lintErrors(dir)).toEqual([]);
  });

  it('Nygard-style prompts beside the records: the number in the heading', async () => {
    const dir = tmpRepo({
      'docs/adr/ADR000-template.md': NYGARD,
      'docs/adr/ADR-007-use-markdown.md': '# ADR-007: Use Markdown\n\n## Status\n\nAccepted\n\n## Context\n\nX.\n',
      // A record about templates, not a template: the one above stays the only one.
      'docs/adr/ADR-005-template-strategy.md': '# ADR-005: Template strategy\n\n## Status\n\nAccepted\n',
    });
    expect(adr(dir, ['templates']).stdout).not.toContain('ADR-005');
    const r = adr(dir, ['new', 'Use a message queue']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('docs/adr/ADR-008-use-a-message-queue.md');
    const text = read(dir, r.stdout.trim());
    expect(text).toMatch(/^# ADR-008: Use a message queue\n\n## Status\n/);
    expect(await lintErrors(dir)).toEqual([]);
  });

  it('with several templates beside the records each is offered by name', async () => {
    const dir = tmpRepo({ 'docs/adr/adr-template.md': MADR4, 'docs/adr/adr-template-minimal.md': MADR2 });
    const listed = adr(dir, ['templates']).stdout;
    expect(listed).toContain('adr-template  (docs/adr/adr-template.md)\n');
    expect(listed).toContain('adr-template-minimal  (docs/adr/adr-template-minimal.md)\n');
    const bad = adr(dir, ['new', 'Use a cache', '-t', 'no-such-template']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('beside the records: adr-template, adr-template-minimal');
    const minimal = adr(dir, ['new', 'Use a cache', '-t', 'adr-template-minimal']);
    expect(minimal.status, minimal.stderr).toBe(0);
    expect(read(dir, minimal.stdout.trim())).toMatch(/^# Use a cache\n\n\* Status: proposed\n/);
    expect(await lintErrors(dir)).toEqual([]);
  });

  it('the template new uses by default is the one templates lists and -t finds, named as the linter ignores it', () => {
    // The linter does not lint '*-template.md' as a record: new fills it, so templates must offer it.
    const dir = tmpRepo({
      'docs/adr/team-template.md': MADR2,
      'docs/adr/0001-use-markdown.md': '# Use Markdown\n\n* Status: accepted\n* Date: 2026-01-02\n\n## Context\n\nX.\n',
    });
    expect(adr(dir, ['templates']).stdout).toContain('team-template  (docs/adr/team-template.md)\n');
    const byDefault = adr(dir, ['new', 'Use a queue', '--date', '2026-11-30']);
    expect(byDefault.status, byDefault.stderr).toBe(0);
    const byName = adr(dir, ['new', 'Use a queue', '-t', 'team-template', '--date', '2026-11-30']);
    expect(byName.status, byName.stderr).toBe(0);
    expect(read(dir, byName.stdout.trim()).replace('# Use a queue', '')).toBe(
      read(dir, byDefault.stdout.trim()).replace('# Use a queue', ''),
    );
  });

  it('a config template wins over the one beside the records, and -t over both', () => {
    const dir = tmpRepo({
      '.distroless-adr.json': JSON.stringify({ template: 'nygard' }),
      'docs/adr/adr-template.md': MADR4,
    });
    const r = adr(dir, ['new', 'Use a message queue']);
    expect(r.status, r.stderr).toBe(0);
    expect(read(dir, r.stdout.trim())).toMatch(/^# 1\. Use a message queue\n/);
    const t = adr(dir, ['new', 'Use a cache', '-t', 'adr-template']);
    expect(readFileSync(path.join(dir, t.stdout.trim()), 'utf8')).toContain('\n# Use a cache\n');
  });
});
