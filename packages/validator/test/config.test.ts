import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, lintAdrs } from '../src/index.js';
import { brief, tmpDir } from './helpers.js';

const NYGARD_NO_CONSEQUENCES =
  '# 1. Use X\n\nDate: 2024-01-01\n\n## Status\n\nApproved\n\n## Context\n\nc\n\n## Decision\n\nd\n';

function project(files: Record<string, string>): string {
  const dir = tmpDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('config', () => {
  it('defaults: the status set and the nygard profile apply', async () => {
    const dir = project({ 'adr/0001-use-x.md': NYGARD_NO_CONSEQUENCES });
    const [r] = await lintAdrs([], { cwd: dir });
    // Conventions the repository has not declared are warnings; see the next tests for declared ones.
    expect(brief(r)).toEqual(['1:1 warning required-sections', '7:1 warning status-valid']);
  });

  it('reads the adrLint key of package.json: statuses, requiredSections, rule severities', async () => {
    const dir = project({
      'package.json': JSON.stringify({
        name: 'x',
        adrLint: { statuses: ['approved'], requiredSections: ['context'], rules: { 'date-present': 'off' } },
      }),
      'adr/0001-use-x.md': NYGARD_NO_CONSEQUENCES,
    });
    const [r] = await lintAdrs([], { cwd: dir });
    expect(r!.messages).toEqual([]);
  });

  it('reads .adrlintrc.json from a parent folder, with "warn" as a severity and extra ignore globs', async () => {
    const dir = project({
      '.adrlintrc.json': JSON.stringify({ rules: { 'status-valid': 'warn' }, ignore: ['**/drafts/**'] }),
      'docs/adr/0001-use-x.md': NYGARD_NO_CONSEQUENCES.replace('## Decision', '## Consequences\n\nq\n\n## Decision'),
      'docs/adr/drafts/0002-broken.md': 'nothing here',
      'docs/adr/adr-template.md': '# {title}',
    });
    const results = await lintAdrs([], { cwd: path.join(dir, 'docs') });
    expect(results.map((r) => r.file)).toEqual(['adr/0001-use-x.md']);
    expect(brief(results[0])).toEqual(['7:1 warning status-valid']);
  });

  it('profile can be forced', async () => {
    const dir = project({ 'adr/0001-use-x.md': NYGARD_NO_CONSEQUENCES });
    const [r] = await lintAdrs([], { cwd: dir, config: { profile: 'madr4', statuses: ['approved'] } });
    expect(r!.messages.map((m) => m.message)).toEqual([
      "missing required section 'Considered Options' (profile madr4; accepted: Considered Options, Alternatives " +
        'Considered)',
    ]);
  });

  it('rejects unknown keys, rules and severities with a ConfigError', async () => {
    const dir = project({ 'adr/0001-a.md': '# A\n' });
    await expect(lintAdrs([], { cwd: dir, config: { rules: { 'status-valid': 'loud' as 'error' } } })).rejects.toThrow(
      ConfigError,
    );
    await expect(lintAdrs([], { cwd: dir, config: { profile: 'nope' } })).rejects.toThrow(
      /profile: must be one of "auto", "madr", .*; got "nope" \(a string\)/,
    );
    await expect(lintAdrs([], { cwd: dir, config: { colour: 1 } as never })).rejects.toThrow(
      /colour: unknown key "colour" \(known keys: profile, /,
    );
  });
});
