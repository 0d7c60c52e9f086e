// `new --dir <sub-folder>` numbers as the validator's unique-number compares: across the ADR folder's
// whole tree by default, within the folder under the validator config's `numbering: folder`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { lintAdrs } from '@distroless-service/validator';
import { describe, expect, it } from 'vitest';
import { adr, ls, tmpRepo } from './support/cli.js';

const NYGARD = (n: number, title: string) =>
  `# ${n}. ${title}\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n` +
  '## Consequences\n\ne\n';

/** The new-user review's repository: one record per area, numbered in one series. */
const areas = () =>
  tmpRepo({
    'docs/adr/backend/0001-backend-one.md': NYGARD(1, 'Backend one'),
    'docs/adr/frontend/0002-frontend-two.md': NYGARD(2, 'Frontend two'),
  });

const lintErrors = async (cwd: string) =>
  (await lintAdrs([], { cwd }))
    .flatMap((r) => r.messages.filter((m) => m.severity === 'error').map((m) => `${r.file} ${m.ruleId}`))
    .sort();

describe('new --dir <sub-folder of the ADR folder>', () => {
  it('takes the next number of the whole ADR tree, and the linter passes', async () => {
    const dir = areas();
    expect(await lintErrors(dir)).toEqual([]);
    const r = adr(dir, ['new', 'Backend two', '--dir', 'docs/adr/backend']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(path.join('docs', 'adr', 'backend', '0003-backend-two.md'));
    expect(ls(path.join(dir, 'docs/adr/backend'))).toEqual(['0001-backend-one.md', '0003-backend-two.md']);
    expect(await lintErrors(dir)).toEqual([]);
  });

  it('numbers within the folder under the validator config’s numbering: folder, and the linter passes', async () => {
    const dir = areas();
    writeFileSync(path.join(dir, '.adrlintrc.json'), JSON.stringify({ numbering: 'folder' }));
    const r = adr(dir, ['new', 'Backend two', '--dir', 'docs/adr/backend']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(path.join('docs', 'adr', 'backend', '0002-backend-two.md'));
    expect(await lintErrors(dir)).toEqual([]);
  });

  it('numbers a folder given with --dir that is not inside the ADR folder on its own', () => {
    const dir = tmpRepo({
      'docs/adr/0007-seven.md': NYGARD(7, 'Seven'),
      'other/decisions/0001-one.md': NYGARD(1, 'One'),
    });
    const r = adr(dir, ['new', 'Two', '--dir', 'other/decisions']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(path.join('other', 'decisions', '0002-two.md'));
  });
});

describe('the validator config, read by the built CLI', () => {
  // The config's schema check loads ajv, a dependency of the validator, not of this package.
  it('loads a non-empty config (list, new --status with a team status word)', () => {
    const dir = areas();
    writeFileSync(path.join(dir, '.adrlintrc.json'), JSON.stringify({ statuses: ['accepted', 'implemented'] }));
    const list = adr(dir, ['list']);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain('Frontend two');
    const r = adr(dir, ['new', 'Team status', '--status', 'implemented']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(path.join('docs', 'adr', '0003-team-status.md'));
  });
});
