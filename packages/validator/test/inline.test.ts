// Inline control in HTML comments, the way markdownlint does it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintAdrs, lintAdrText } from '../src/index.js';
import { brief, tmpDir } from './helpers.js';

// Two findings on known lines: an unknown status (line 7) and an empty section (line 9).
const base = (before: string, between = '') =>
  `# 1. Use X\n\nDate: 2024-01-01\n\n## Status\n${before}\nApproved\n${between}\n## Context\n\n## ` +
  `Decision\n\nd\n\n## Consequences\n\ne\n`;

describe('inline adr-lint comments', () => {
  it('finds both problems without comments', () => {
    expect(brief(lintAdrText(base('')))).toEqual(['7:1 warning status-valid', '9:1 warning empty-section']);
  });

  it('disable-next-line silences one rule on the next line only', () => {
    const r = lintAdrText(base('\n<!-- adr-lint-disable-next-line status-valid -->'));
    expect(brief(r)).toEqual(['10:1 warning empty-section']);
  });

  it('disable ... enable silences the rules in between', () => {
    const r = lintAdrText(
      base('\n<!-- adr-lint-disable status-valid empty-section -->', '\n<!-- adr-lint-enable empty-section -->\n'),
    );
    expect(brief(r)).toEqual(['12:1 warning empty-section']);
  });

  it('disable without ids silences every rule until enable', () => {
    const r = lintAdrText(base('\n<!-- adr-lint-disable -->', '\n<!-- adr-lint-enable -->\n'));
    expect(brief(r)).toEqual(['12:1 warning empty-section']);
  });

  it('a disable left open silences a whole-file finding of that rule', () => {
    const text =
      '# 1. Use X\n\n<!-- adr-lint-disable date-present -->\n\n## Status\n\nAccepted\n\n## ' +
      'Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n';
    expect(brief(lintAdrText(text.replace('<!-- adr-lint-disable date-present -->', 'x')))).toEqual([
      '1:1 warning date-present',
    ]);
    expect(brief(lintAdrText(text))).toEqual([]);
  });

  it('a comment inside a code block is text, not a directive', () => {
    const text = base('').replace('Date: 2024-01-01\n', '```\n<!-- adr-lint-disable date-present -->\n```\n');
    expect(brief(lintAdrText(text))).toContain('1:1 warning date-present');
    expect(brief(lintAdrText(text.replace(/```/g, '')))).not.toContain('1:1 warning date-present');
  });

  it('silences cross-file findings too (unique-number)', async () => {
    const dir = tmpDir();
    mkdirSync(path.join(dir, 'adr'));
    const rec = (n: string, extra = '') =>
      `# ${n}. X\n${extra}\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## ` +
      `Decision\n\nd\n\n## Consequences\n\ne\n`;
    writeFileSync(path.join(dir, 'adr', '0001-a.md'), rec('1'));
    writeFileSync(path.join(dir, 'adr', '0001-b.md'), rec('1', '\n<!-- adr-lint-disable unique-number -->\n'));
    const results = await lintAdrs([], { cwd: dir, config: {} });
    expect(results.map((r) => `${r.file} ${brief(r).join(',')}`)).toEqual([
      'adr/0001-a.md 1:1 error unique-number',
      'adr/0001-b.md ',
    ]);
  });
});
