// --init learns a repository's conventions and writes a config under which it passes as it is.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdr } from '../src/adr/command.js';
import { lintAdrs } from '../src/index.js';
import { fixtures, tmpDir } from './helpers.js';

function repo(): string {
  const dir = tmpDir();
  mkdirSync(path.join(dir, 'docs', 'adr'), { recursive: true });
  // Team statuses, a Nygard body and a MADR 2 list over a Nygard body, one duplicate number, a guide.
  for (const f of ['0001-implemented.md', '0002-approved.md', '0003-pending.md', '0004-reverted.md'])
    cpSync(path.join(fixtures, 'team-statuses', f), path.join(dir, 'docs', 'adr', f));
  cpSync(
    path.join(fixtures, 'three-section-madr2/0001-avoid-default-exports.md'),
    path.join(dir, 'docs/adr/0005-avoid-default-exports.md'),
  );
  cpSync(path.join(fixtures, 'team-statuses/0002-approved.md'), path.join(dir, 'docs/adr/0002-approved-again.md'));
  cpSync(
    path.join(fixtures, 'non-adr-guide/how-to-write-an-adr.md'),
    path.join(dir, 'docs/adr/how-to-write-an-adr.md'),
  );
  return dir;
}

function io(cwd: string) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { cwd, stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), env: {} },
  };
}

describe('adr --init', () => {
  it('the repository fails by default, and passes with 0 errors under the learned config', async () => {
    const dir = repo();
    const before = await lintAdrs([], { cwd: dir, config: {} });
    expect(
      before
        .flatMap((r) => r.messages)
        .filter((m) => m.severity === 'error')
        .map((m) => m.ruleId),
    ).toContain('unique-number');
    const { io: cli, out } = io(dir);
    expect(await runAdr(['--init'], cli)).toBe(0);
    expect(out.stdout).toMatch(/^wrote \.adrlintrc\.yaml, learned from 6 records/);
    const after = await lintAdrs([], { cwd: dir });
    expect(after.flatMap((r) => r.messages).filter((m) => m.severity === 'error')).toEqual([]);
    // The duplicate number stays visible, as a warning.
    expect(after.flatMap((r) => r.messages).map((m) => m.ruleId)).toContain('unique-number');
  });

  it('writes a commented config with the evidence for each learned entry', async () => {
    const dir = repo();
    expect(await runAdr(['--init'], io(dir).io)).toBe(0);
    const text = readFileSync(path.join(dir, '.adrlintrc.yaml'), 'utf8');
    expect(text).toContain('  - "approved" # 2 records\n');
    expect(text).toContain('  - "implemented" # 1 record\n');
    expect(text).toContain('  - "rejected" # a default, not used yet\n');
    expect(text).toMatch(
      / {2}# 6 records with a nygard body\n {2}nygard:\n {4}- context # in 6 of 6\n {4}- decision # in 6 of 6\n/,
    );
    expect(text).toContain('fileNamePattern: "^\\\\d{4}-[^\\\\s]+\\\\.md$"');
    expect(text).toContain('  - "docs/adr/how-to-write-an-adr.md" # not an ADR');
    expect(text).toMatch(
      /# unique-number: 2 files, e\.g\. docs\/adr\/0002-approved-again\.md: ADR number 0002 is also used/,
    );
  });

  it('switches off a check most records do not follow, and only then', async () => {
    const dir = tmpDir();
    mkdirSync(path.join(dir, 'docs', 'adr'), { recursive: true });
    // MADR 4 without status or date (as JabRef writes it), but for one record.
    const madr = (n: number, head: string) =>
      `${head}# Use thing ${n}\n\n## Context and Problem Statement\n\nc\n\n## Considered Options\n\n* a\n\n` +
      '## Decision Outcome\n\nd\n';
    for (const n of [1, 2, 3]) writeFileSync(path.join(dir, `docs/adr/000${n}-use-thing-${n}.md`), madr(n, ''));
    writeFileSync(
      path.join(dir, 'docs/adr/0004-use-thing-4.md'),
      madr(4, '---\nstatus: accepted\ndate: 04.01.2024\n---\n'),
    );
    const { io: cli, out } = io(dir);
    expect(await runAdr(['--init'], cli)).toBe(0);
    expect(out.stdout).toContain('  off: status-present (3 of 4 records have no status)\n');
    const text = readFileSync(path.join(dir, '.adrlintrc.yaml'), 'utf8');
    expect(text).toContain('rules:\n  status-present: off # 3 of 4 records have no status\n');
    expect(text).toContain('  date-present: off # 3 of 4 records have no date\n');
    // One record in four writes a date another way: a slip, still warned about.
    expect(text).not.toContain('date-format');
    const after = await lintAdrs([], { cwd: dir });
    expect(after.flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual(['date-format']);
  });

  it('makes the learned conventions errors for new records', async () => {
    const dir = repo();
    await runAdr(['--init'], io(dir).io);
    writeFileSync(
      path.join(dir, 'docs/adr/0006-new.md'),
      readFileSync(path.join(fixtures, 'team-statuses/0001-implemented.md'), 'utf8')
        .replace('Implemented', 'Shipped')
        .replace('# 1.', '# 6.'),
    );
    const results = await lintAdrs([], { cwd: dir });
    const r = results.find((x) => x.file.endsWith('0006-new.md'))!;
    expect(r.messages.map((m) => `${m.severity} ${m.ruleId}`)).toEqual(['error status-valid']);
  });

  it('does not replace an existing config without --force', async () => {
    const dir = repo();
    writeFileSync(path.join(dir, '.adrlintrc.json'), '{}');
    const { io: cli, out } = io(dir);
    expect(await runAdr(['--init'], cli)).toBe(2);
    expect(out.stderr).toContain('.adrlintrc.json exists; pass --force');
    expect(existsSync(path.join(dir, '.adrlintrc.yaml'))).toBe(false);
    expect(await runAdr(['--init', '--force'], cli)).toBe(0);
    expect(existsSync(path.join(dir, '.adrlintrc.json'))).toBe(false);
  });
});
