// --fix on unfenced front matter (`Key: value` lines above the title): every value is kept as
// written and quoted by the YAML library where plain YAML would read it differently.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lintAdrs } from '../src/index.js';
import { tmpDir } from './helpers.js';

const body = '# 1. Use X\n\n## Context\n\nc\n\n## Decision\n\nd\n';

async function fix(header: string): Promise<{ text: string; again: string[] }> {
  const dir = tmpDir();
  const file = path.join(dir, '0001-use-x.md');
  writeFileSync(file, `${header}\n\n${body}`);
  await lintAdrs([file], { cwd: dir, fix: true, config: {} });
  const text = readFileSync(file, 'utf8');
  const [r] = await lintAdrs([file], { cwd: dir, config: {} });
  return { text, again: r!.messages.map((m) => `${m.ruleId} ${m.message}`) };
}

const frontMatter = (text: string) => /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '';

describe('--fix of unfenced front matter', () => {
  it('keeps a value with inline Markdown whole, and adds no blank line', async () => {
    const { text, again } = await fix('Status: Accepted\nDate: 2024-01-01\nDeciders: *Platform* team, `@alice`');
    expect(parse(frontMatter(text))).toEqual({
      status: 'Accepted',
      date: '2024-01-01',
      deciders: '*Platform* team, `@alice`',
    });
    expect(text.endsWith(`---\n\n${body}`)).toBe(true);
    expect(again).toEqual([]);
  });

  it('quotes values plain YAML would turn into a comment, an alias, a block or a list', async () => {
    for (const v of ['@alice', '%team', '|pipe', '> x', "'x", '- alice', '? x', '#1 priority', 'a: b', 'x #y']) {
      const { text, again } = await fix(`Status: Accepted\nDate: 2024-01-01\nDeciders: ${v}`);
      expect(parse(frontMatter(text)), v).toEqual({ status: 'Accepted', date: '2024-01-01', deciders: v });
      expect(again, v).toEqual([]);
    }
  });
});

describe('unfenced front matter without --fix', () => {
  it('is a warning: the lines above the title are still read as metadata', async () => {
    const dir = tmpDir();
    const file = path.join(dir, '0001-use-x.md');
    writeFileSync(file, `Status: Accepted\nDate: 2024-01-01\n\n${body}`);
    const [r] = await lintAdrs([file], { cwd: dir, config: {} });
    expect(r!.status).toBe('accepted');
    expect(r!.messages.map((m) => `${m.severity} ${m.ruleId} ${m.fix ? 'fixable' : ''}`)).toEqual([
      'warning front-matter-fenced fixable',
    ]);
  });
});
