// Every command that parses ADRs applies the lint path's per-file bounds (issue 9 item 6):
// shapes that defeat the parser are refused (shape.ts) and anything else is cut off after
// fileTimeLimit (budget.ts). Asserted on what each command reports, never on time.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdr } from '../src/adr/command.js';
import { indexState, initConfig, parseAdrWithin, readRecords } from '../src/index.js';
import { tmpDir } from './helpers.js';

/** 40 KB of nested emphasis and 20 KB of nested list markers: minutes each for an unguarded parse. */
const HOSTILE = {
  '0002-emphasis.md': `# 2. Emphasis\n\n${'*'.repeat(20000)}x${'*'.repeat(20000)}\n`,
  '0003-lists.md': `# 3. Lists\n\n${'- '.repeat(10000)}x\n`,
};
const GOOD = [
  '# 1. Use Postgres\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n\n',
  '## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n',
].join('');
/** An ordinary record too long to parse in a millisecond: cut off by the time limit, not by shape. */
const LONG = `# 4. Long\n\n## Status\n\nAccepted\n\n${'A plain paragraph of ordinary text.\n\n'.repeat(300)}`;

/**
 * A repository with docs/adr/ holding `files`, and an ordinary record unless `good` is false: the
 * time-limit cases have none, since under a limit of 1 ms even an ordinary record may be cut off.
 */
function folder(files: Record<string, string>, good = true): string {
  const dir = tmpDir();
  mkdirSync(path.join(dir, 'docs', 'adr'), { recursive: true });
  if (good) writeFileSync(path.join(dir, 'docs/adr/0001-use-postgres.md'), GOOD);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'docs/adr', name), text);
  return dir;
}

describe('parseAdrWithin', () => {
  it('returns the parsed record, or an unreadable one saying the time limit cut it off', () => {
    expect(parseAdrWithin(GOOD, '0001-x.md').status?.read?.normalized).toBe('accepted');
    const cut = parseAdrWithin(LONG, '0004-long.md', '0004-long.md', { fileTimeLimit: 0.001 });
    expect(cut.dialect).toBe('unreadable');
    expect(cut.readProblems).toEqual([
      expect.objectContaining({
        ruleId: 'file-readable',
        fatal: true,
        message: expect.stringContaining('0.001 s (fileTimeLimit)'),
      }),
    ]);
  });
});

describe('adr --init', () => {
  it('leaves hostile files out of what it learns and says so, on stdout and in the config', async () => {
    const dir = folder(HOSTILE);
    const out = { stdout: '', stderr: '' };
    const code = await runAdr(['--init'], {
      cwd: dir,
      stdout: (t) => void (out.stdout += t),
      stderr: (t) => void (out.stderr += t),
      env: {},
    });
    expect(code).toBe(0);
    expect(out.stdout).toContain('learned from 1 records');
    expect(out.stdout).toMatch(
      /not read, left out of what was learned: docs\/adr\/0002-emphasis\.md: not parsed: .*run of more than 100 '\*'/,
    );
    expect(out.stdout).toMatch(
      /not read, left out of what was learned: docs\/adr\/0003-lists\.md: not parsed: .*10000 nested lists/,
    );
    const config = readFileSync(path.join(dir, '.adrlintrc.yaml'), 'utf8');
    expect(config).toContain('# Files not read, so left out of what was learned');
    expect(config).toContain('"docs/adr/0002-emphasis.md"');
  });

  it('cuts a file off after fileTimeLimit and leaves it out', async () => {
    const dir = folder({ '0004-long.md': LONG }, false);
    const { evidence } = await initConfig([], { cwd: dir, fileTimeLimit: 0.001 });
    expect(evidence.records).toBe(0);
    expect(evidence.unread).toEqual([
      { file: 'docs/adr/0004-long.md', reason: expect.stringContaining('took longer than 0.001 s (fileTimeLimit)') },
    ]);
  });
});

describe('the ADR index (readRecords, indexState)', () => {
  it('leaves hostile files out and names each with why; the other records are indexed', () => {
    const dir = path.join(folder(HOSTILE), 'docs/adr');
    const skipped: string[] = [];
    const docs = readRecords(dir, [], { onSkip: (f, why) => skipped.push(`${f}: ${why}`) });
    expect(docs.map((d) => d.file)).toEqual(['0001-use-postgres.md']);
    expect(skipped).toEqual([
      expect.stringMatching(/^0002-emphasis\.md: not parsed: /),
      expect.stringMatching(/^0003-lists\.md: not parsed: /),
    ]);
    const state = indexState(dir, { ignore: [], statuses: ['accepted'] });
    expect(state.entries.map((e) => e.file)).toEqual(['0001-use-postgres.md']);
    expect(state.skipped.map((s) => s.file)).toEqual(['0002-emphasis.md', '0003-lists.md']);
  });

  it('cuts a file off after fileTimeLimit', () => {
    const dir = path.join(folder({ '0004-long.md': LONG }, false), 'docs/adr');
    const state = indexState(dir, { ignore: [], statuses: ['accepted'], fileTimeLimit: 0.001 });
    expect(state.entries).toEqual([]);
    expect(state.skipped).toEqual([
      { file: '0004-long.md', reason: expect.stringContaining('took longer than 0.001 s (fileTimeLimit)') },
    ]);
  });

  it('does not read a file over maxFileSize', () => {
    const dir = path.join(folder({ '0005-big.md': `# 5. Big\n\n${'x'.repeat(3000)}\n` }), 'docs/adr');
    const skipped: string[] = [];
    const docs = readRecords(dir, [], { maxFileSize: 2000, onSkip: (f, why) => skipped.push(`${f}: ${why}`) });
    expect(docs.map((d) => d.file)).toEqual(['0001-use-postgres.md']);
    expect(skipped).toEqual([expect.stringMatching(/^0005-big\.md: file is .* \(maxFileSize\); not linted$/)]);
  });
});
