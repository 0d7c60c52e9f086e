import { copyFileSync, readdirSync, readFileSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintAdrs } from '../src/index.js';
import { brief, fixtures, tmpDir } from './helpers.js';

function copy(rel: string): { dir: string; file: string } {
  const dir = tmpDir();
  const file = path.join(dir, path.basename(rel));
  copyFileSync(path.join(fixtures, rel), file);
  return { dir, file };
}

describe('--fix', () => {
  it('repairs flattened front matter, the plain title and plain section names', async () => {
    const { dir, file } = copy('flattened/0021-container-base-image.txt');
    chmodSync(file, 0o640);
    const [r] = await lintAdrs([file], { cwd: dir, fix: true, config: {} });
    expect(r!.messages).toEqual([]);
    expect(r!.dialect).toBe('madr-frontmatter');
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '---',
        'status: accepted',
        'date: 2026-03-12',
        '---',
        '',
        '# ADR-0021: Container base image',
        '',
        '## Context and Problem Statement',
        '',
        'The server ships as a container and the base image decides size and attack surface.',
        '',
        '## Decision Drivers',
        '',
        '- Few packages, few CVEs',
        '- Fast pulls',
        '',
        '## Considered Options',
        '',
        '- Alpine',
        '- Distroless',
        '',
        '## Decision Outcome',
        '',
        'Chosen option: "Distroless", because it contains only the runtime.',
        '',
        '## Consequences',
        '',
        '- Good, because there is no shell to abuse',
        '- Bad, because debugging needs a debug variant',
        '',
      ].join('\n'),
    );
    // Atomic write: no temp file left behind, permissions kept.
    expect(readdirSync(dir)).toEqual(['0021-container-base-image.txt']);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('clears a mis-encoded emoji from a front-matter status and touches nothing else', async () => {
    const { dir, file } = copy('frontmatter/adr-001-minimal-images.md');
    const before = readFileSync(file, 'utf8');
    const [r] = await lintAdrs([file], { cwd: dir, fix: true, config: {} });
    expect(r!.messages).toEqual([]);
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(before.replace('status: âœ… Accepted', 'status: Accepted'));
  });

  it('fixes only fixable findings and reports the rest', async () => {
    const { dir, file } = copy('bold/ADR-004-move-logs-to-otel.md');
    const [r] = await lintAdrs([file], { cwd: dir, fix: true, config: {} });
    expect(brief(r)).toEqual(['1:1 warning required-sections', '4:13 warning date-format']);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('- **Status**: Proposed\n');
    expect(text).toContain('- **Date**: 2026/03/01\n');
  });

  it('keeps CRLF line endings and a BOM', async () => {
    const dir = tmpDir();
    const file = path.join(dir, '0021-x.md');
    const src = readFileSync(path.join(fixtures, 'flattened/0021-container-base-image.txt'), 'utf8').replace(
      /\n/g,
      '\r\n',
    );
    writeFileSync(file, `\uFEFF${src}`);
    const [r] = await lintAdrs([file], { cwd: dir, fix: true, config: {} });
    expect(r!.messages).toEqual([]);
    const out = readFileSync(file, 'utf8');
    expect(out.startsWith('\uFEFF---\r\nstatus: accepted\r\ndate: 2026-03-12\r\n---\r\n')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('does not write when nothing is fixable', async () => {
    const { dir, file } = copy('table/ADR-7.md');
    const mtime = statSync(file).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const [r] = await lintAdrs([file], { cwd: dir, fix: true, config: {} });
    expect(brief(r)).toEqual(['7:14 warning status-valid']);
    expect(r!.fixed).toBeUndefined();
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it('corrects a misspelt status in the case it was written, and says so', async () => {
    const { dir, file } = copy('nygard/0004-adopt-feature-flags.md');
    const [r] = await lintAdrs([file], { cwd: dir, fix: true, config: {} });
    expect(r!.messages.map((m) => m.ruleId)).not.toContain('status-valid');
    expect(r!.fixed).toEqual([
      { ruleId: 'status-valid', line: 7, message: expect.stringMatching(/^unknown status 'acepted'/) },
    ]);
    expect(readFileSync(file, 'utf8')).toContain('\n## Status\n\nAccepted\n');
  });
});
