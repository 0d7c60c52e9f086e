// Smaller conventions of a folder (review D11, D13, D14): how records are named in links, the list
// bullet, a template's ADR-{NUMBER} slot, slugs of titles outside ASCII, and clear usage errors.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { lintAdrs } from '@distroless-service/validator';
import { describe, expect, it } from 'vitest';
import { adr, read, tmpRepo } from './support/cli.js';

async function errors(dir: string, folder: string) {
  const results = await lintAdrs([folder], { cwd: dir });
  return results.flatMap((r) =>
    r.messages.filter((m) => m.severity === 'error').map((m) => `${r.file}: ${m.ruleId} ${m.message}`),
  );
}

const nygard = (h1: string) =>
  `# ${h1}\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n`;

describe('links name records as the folder does (D11)', () => {
  it("names a record filed as ADR-NNN by that name, not adr-tools' 'N. Title'", async () => {
    const dir = tmpRepo({
      'docs/adr/ADR-090-a.md': nygard('ADR-090: Use A'),
      'docs/adr/ADR-091-b.md': nygard('ADR-091: Use B'),
    });
    const r = adr(dir, ['supersede', '90', '91']);
    expect(r.status, r.stderr).toBe(0);
    expect(read(dir, 'docs/adr/ADR-090-a.md')).toContain('Superseded by [ADR-091](ADR-091-b.md)');
    expect(read(dir, 'docs/adr/ADR-091-b.md')).toContain('Supersedes [ADR-090](ADR-090-a.md)');
    expect(await errors(dir, 'docs/adr')).toEqual([]);
  });

  it("keeps adr-tools' 'N. Title' for records filed as NNNN-title", () => {
    const dir = tmpRepo({ 'docs/adr/0001-a.md': nygard('1. Use A'), 'docs/adr/0002-b.md': nygard('2. Use B') });
    expect(adr(dir, ['supersede', '1', '2']).status).toBe(0);
    expect(read(dir, 'docs/adr/0001-a.md')).toContain('Superseded by [2. Use B](0002-b.md)');
  });
});

describe("new writes the folder's list bullet (D13)", () => {
  it("writes MADR 2's fields with '-' among log4brains records", async () => {
    const rec = (n: number) =>
      `# Decision ${n}\n\n- Status: accepted\n- Date: 2021-04-0${n}\n\n## Context and Problem Statement\n\nc\n\n` +
      `## Considered Options\n\n- x\n- y\n\n## Decision Outcome\n\nChosen option: x.\n`;
    const dir = tmpRepo({ 'docs/adr/20210401-a.md': rec(1), 'docs/adr/20210402-b.md': rec(2) });
    const r = adr(dir, ['new', 'Use C', '--date', '2026-03-04']);
    expect(r.status, r.stderr).toBe(0);
    const text = read(dir, r.stdout.trim());
    expect(text).toMatch(/^- Status: proposed$/m);
    expect(text).not.toMatch(/^\s*\* /m);
    expect(await errors(dir, 'docs/adr')).toEqual([]);
  });
});

describe('usage errors say what is wrong (D14)', () => {
  it('an empty record reference is a usage error saying so', () => {
    const dir = tmpRepo({ 'docs/adr/0001-a.md': nygard('1. A'), 'docs/adr/0002-b.md': nygard('2. B') });
    for (const args of [
      ['supersede', '', '2'],
      ['link', '1', 'Amends', ' '],
      ['new', 'C', '--supersedes', ''],
    ]) {
      const r = adr(dir, args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('the record reference is empty');
      expect(r.stderr).not.toContain('matches');
    }
    expect(readdirSync(path.join(dir, 'docs/adr'))).toHaveLength(2);
  });

  it('--dir naming a file (or a path inside one) exits 2 like a --dir that does not exist', () => {
    const dir = tmpRepo({ 'docs/adr/0001-a.md': nygard('1. A'), 'notes.md': 'x' });
    for (const args of [
      ['new', 'X', '--dir', 'notes.md'],
      ['new', 'X', '--dir', 'notes.md/sub'],
      ['supersede', '1', '1', '--dir', 'docs/adr/0001-a.md'],
      ['list', '--dir', 'notes.md'],
      ['index', '--dir', 'notes.md'],
    ]) {
      const r = adr(dir, args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/--dir \S+ is a file, not a folder/);
    }
    expect(read(dir, 'notes.md')).toBe('x');
  });

  it('a record number written with a dash gets a hint, not only "Unknown option"', () => {
    const dir = tmpRepo({ 'docs/adr/0001-a.md': nygard('1. A'), 'docs/adr/0012-b.md': nygard('12. B') });
    const r = adr(dir, ['supersede', '-0012', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "'-0012' is read as an option: write the record as 0012, or put it after '--' (-- -0012)",
    );
  });
});

describe('the number in a template and in file names (D14)', () => {
  it("fills a template's ADR-{NUMBER} padded as the file names are; adr-tools' '# NUMBER.' stays bare", async () => {
    const dir = tmpRepo({
      'docs/adr/001-a.md': '# ADR-001: A\n\n**Status:** Accepted\n**Date:** 2026-01-01\n\n## Context\n\nc\n',
      'docs/adr/template.md':
        '# ADR-{NUMBER}: {TITLE}\n\n**Status:** {STATUS}\n**Date:** {DATE}\n\nSee NUMBER.\n\n## Context\n\nc\n',
    });
    const r = adr(dir, ['new', 'Use B', '--date', '2026-03-04']);
    expect(r.status, r.stderr).toBe(0);
    const text = read(dir, 'docs/adr/002-use-b.md');
    expect(text).toMatch(/^# ADR-002: Use B$/m);
    expect(text).toContain('See 2.');
    expect(await errors(dir, 'docs/adr')).toEqual([]);
  });

  it('keeps letters without an ASCII form in the slug, where it dropped them', async () => {
    const dir = tmpRepo({ 'docs/adr/0001-a.md': nygard('1. A') });
    const r = adr(dir, ['new', 'Move to 数据', '--date', '2026-03-04']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(path.join('docs', 'adr', '0002-move-to-数据.md'));
    expect(await errors(dir, 'docs/adr')).toEqual([]);
  });
});
