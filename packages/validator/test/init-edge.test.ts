// --init over folders with nothing to learn from, and over records with misspelt statuses: what it
// writes always loads, and a typo is never learned as a status.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runAdr } from '../src/adr/command.js';
import { resolveConfig } from '../src/adr/config.js';
import { fixtures, tmpDir } from './helpers.js';

function io(cwd: string) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { cwd, stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), env: {} },
  };
}

const record = (n: string, status: string) =>
  `# ${n}. Use a thing\n\nDate: 2024-01-0${n}\n\n## Status\n\n${status}\n\n## Context\n\nWhy.\n\n` +
  `## Decision\n\nWe use it.\n\n## Consequences\n\nSome.\n`;

describe('adr --init with nothing to learn from', () => {
  for (const [name, fill] of [
    ['an empty ADR folder', (_dir: string) => {}],
    [
      'a folder of files that are not ADRs',
      (dir: string) => {
        writeFileSync(path.join(dir, 'docs/adr/notes.md'), '# Notes\n\nSome text about nothing in particular.\n');
        cpSync(
          path.join(fixtures, 'non-adr-guide/how-to-write-an-adr.md'),
          path.join(dir, 'docs/adr/how-to-write-an-adr.md'),
        );
      },
    ],
  ] as const)
    it(`${name}: refuses (exit 2, nothing written), and a lint run then exits 0 or 1, never 2`, async () => {
      const dir = tmpDir();
      mkdirSync(path.join(dir, 'docs', 'adr'), { recursive: true });
      fill(dir);
      const { io: cli, out } = io(dir);
      expect(await runAdr(['--init'], cli)).toBe(2);
      expect(out.stderr).toMatch(/nothing to learn from: no ADRs in docs\/adr[;( ]/);
      expect(existsSync(path.join(dir, '.adrlintrc.yaml'))).toBe(false);
      const lint = io(dir);
      expect([0, 1]).toContain(await runAdr([], lint.io));
      expect(lint.out.stderr).not.toMatch(/invalid ADR lint config/);
    });
});

describe('adr --init and misspelt statuses', () => {
  function repo(): string {
    const dir = tmpDir();
    mkdirSync(path.join(dir, 'docs', 'adr'), { recursive: true });
    writeFileSync(path.join(dir, 'docs/adr/0001-one.md'), record('1', 'Accepted'));
    writeFileSync(path.join(dir, 'docs/adr/0002-two.md'), record('2', 'Acepted'));
    writeFileSync(path.join(dir, 'docs/adr/0003-three.md'), record('3', 'Implemented'));
    return dir;
  }

  it('does not learn a status within the suggestion distance of a known one; the finding stays', async () => {
    const dir = repo();
    const { io: cli, out } = io(dir);
    expect(await runAdr(['--init'], cli)).toBe(0);
    const text = readFileSync(path.join(dir, '.adrlintrc.yaml'), 'utf8');
    const config = parse(text) as { statuses: string[]; overrides?: { files: string[]; rules: object }[] };
    expect(config.statuses).toContain('accepted');
    // A team's own word is learned; a misspelling of a known one is not.
    expect(config.statuses).toContain('implemented');
    expect(config.statuses).not.toContain('acepted');
    expect(text).toMatch(/# not learned: "acepted" \(1 record\), a misspelling of "accepted"/);
    // The record keeps its finding, as a warning in the file's override, with the suggestion.
    expect(config.overrides).toContainEqual({ files: ['docs/adr/0002-two.md'], rules: { 'status-valid': 'warn' } });
    expect(() => resolveConfig(config as never, '.adrlintrc.yaml')).not.toThrow();
    const lint = io(dir);
    expect(await runAdr(['--format', 'json'], lint.io)).toBe(0);
    const results = JSON.parse(lint.out.stdout) as { file: string; messages: { ruleId: string; message: string }[] }[];
    const two = results.find((r) => r.file.endsWith('0002-two.md'))!;
    expect(two.messages).toContainEqual(
      expect.objectContaining({ ruleId: 'status-valid', message: expect.stringMatching(/did you mean 'accepted'/) }),
    );
    expect(out.stdout).toMatch(/learned from 3 records/);
    expect(out.stdout).toContain(
      '  not learned as a status: acepted (1), a misspelling of accepted? (status-valid kept)\n',
    );
  });
});
