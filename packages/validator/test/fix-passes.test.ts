// --fix repairs in passes, as ESLint does: fixes that touch the same text wait for the next pass
// over the re-linted text, so one run leaves nothing fixable, and its report and dry-run diff
// cover every pass.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdr } from '../src/adr/command.js';
import { applyFixes, offsetBefore } from '../src/adr/fix.js';
import { lintAdrs } from '../src/index.js';
import { tmpDir } from './helpers.js';

const body = '\n# 1. Use X\n\n## Context\n\nWe need X.\n\n## Decision\n\nUse X.\n\n## Consequences\n\nFine.\n';
const fenced = (status: string) => `---\nstatus: ${status}\ndate: 2024-01-02\n---\n${body}`;

function run(args: string[], cwd: string) {
  const out = { stdout: '', stderr: '', code: -1 };
  const io = { cwd, stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) };
  return runAdr(args, { ...io, isTTY: false, env: {} }).then((code) => ({ ...out, code }));
}

function record(text: string): { root: string; file: string } {
  const root = tmpDir();
  mkdirSync(path.join(root, 'docs', 'adr'), { recursive: true });
  const file = path.join(root, 'docs', 'adr', '0001-use-x.md');
  writeFileSync(file, text);
  return { root, file };
}

const fixableCount = (stdout: string) => Number(/(\d+) problems? fixable with --fix/.exec(stdout)?.[1] ?? 0);

describe('--fix in passes', () => {
  it("repairs the reviewer's record in one run: fencing and the status typo overlap on line 1", async () => {
    const text =
      'Status: acepted\nDate: 2024-01-02\n\n# 1. Use X\n\nContext\n\nWe need X.\n\n## Decision\n\nUse X.\n\n' +
      '## Consequences\n\nFine.\n';
    const { root, file } = record(text);
    const lint = await run([], root);
    expect(fixableCount(lint.stdout)).toBe(3);

    const dry = await run(['--fix-dry-run'], root);
    expect(dry.stdout).toContain(
      'would fix docs/adr/0001-use-x.md: front-matter-fenced (line 1), status-valid (line 1), section-heading (line 6)',
    );
    for (const line of ['+---', '+status: accepted', '+## Context']) expect(dry.stdout.split('\n')).toContain(line);
    expect(readFileSync(file, 'utf8')).toBe(text);

    const fix = await run(['--fix'], root);
    expect(fix.code).toBe(0);
    expect(fix.stdout).toContain(
      'fixed docs/adr/0001-use-x.md: front-matter-fenced (line 1), status-valid (line 1), section-heading (line 6)',
    );
    expect(fix.stdout).not.toMatch(/fixable with --fix/);
    expect(readFileSync(file, 'utf8')).toBe(fenced('accepted'));
    expect(await run([], root)).toMatchObject({ code: 0, stdout: '✔ 1 ADR checked, no problems\n' });
  });

  it('repairs three fixes that overlap on one line (fence, status decoration, status typo) in one run', async () => {
    const { root, file } = record(`Status: ✅ Acepted\nDate: 2024-01-02\n${body}`);
    const [before] = await lintAdrs([file], { cwd: root, config: {} });
    const fixable = before!.messages.filter((m) => m.fix);
    expect(fixable.map((m) => `${m.line} ${m.ruleId}`).sort()).toEqual([
      '1 front-matter-fenced',
      '1 status-decoration',
      '1 status-valid',
    ]);

    const [dry] = await lintAdrs([file], { cwd: root, fixDryRun: true, config: {} });
    expect(dry!.messages).toEqual([]);
    expect(dry!.diff).toContain('+status: Accepted\n');
    expect(dry!.fixed?.map((f) => f.ruleId)).toEqual(['front-matter-fenced', 'status-decoration', 'status-valid']);

    const [after] = await lintAdrs([file], { cwd: root, fix: true, config: {} });
    expect(after!.messages).toEqual([]);
    expect(after!.fixed).toHaveLength(fixable.length);
    expect(after!.fixed?.every((f) => f.line === 1)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(fenced('Accepted'));
  });
});

describe('a fix reveals no contradiction', () => {
  it('a misspelt status is compared as --fix corrects it, so the conflict is reported before the fix', async () => {
    const { root, file } = record(`Status: acepted\nDate: 2024-01-02\n\n# 1. Use X\n\n**Status:** Proposed\n${body}`);
    const [before] = await lintAdrs([file], { cwd: root, config: {} });
    const consistent = before!.messages.filter((m) => m.ruleId === 'status-consistent');
    expect(consistent.map((m) => m.message)).toEqual([
      "status 'proposed' in the bold Status field disagrees with 'acepted' (read as 'accepted') in front " +
        'matter (line 1)',
    ]);
    const [after] = await lintAdrs([file], { cwd: root, fix: true, config: {} });
    expect(after!.messages.filter((m) => m.fix)).toEqual([]);
    const was = new Set(before!.messages.map((m) => m.ruleId));
    expect(after!.messages.filter((m) => !was.has(m.ruleId))).toEqual([]);
  });
});

describe('applyFixes', () => {
  const text = 'abcdefghij';

  it('takes each fix whole or not at all: a fix with one conflicting edit waits entirely', () => {
    const first = [{ start: 2, end: 4, text: 'XY' }];
    const second = [
      { start: 0, end: 1, text: 'A' },
      { start: 3, end: 5, text: 'Z' },
    ];
    const third = [{ start: 8, end: 9, text: 'I' }];
    const r = applyFixes(text, [second, first, third]);
    expect(r.applied).toEqual([true, false, true]);
    expect(r.text).toBe('AbcZfghIj');
  });

  it('does not take two insertions at one place, nor an insertion at the edge of a replacement', () => {
    expect(applyFixes(text, [[{ start: 3, end: 3, text: '1' }], [{ start: 3, end: 3, text: '2' }]]).applied).toEqual([
      true,
      false,
    ]);
    expect(applyFixes(text, [[{ start: 1, end: 3, text: '-' }], [{ start: 3, end: 3, text: '+' }]]).applied).toEqual([
      true,
      false,
    ]);
    // Two replacements that only meet are independent.
    const r = applyFixes(text, [[{ start: 1, end: 3, text: '-' }], [{ start: 3, end: 5, text: '+' }]]);
    expect(r).toMatchObject({ text: 'a-+fghij', applied: [true, true] });
  });

  it('maps an offset of the fixed text back to the text before the pass', () => {
    const { text: out, edits } = applyFixes(text, [
      [{ start: 0, end: 0, text: '---\n' }],
      [{ start: 5, end: 7, text: 'F' }],
    ]);
    expect(out).toBe('---\nabcdeFhij');
    expect(offsetBefore(out.indexOf('c'), edits)).toBe(2);
    expect(offsetBefore(out.indexOf('F'), edits)).toBe(5);
    expect(offsetBefore(out.indexOf('h'), edits)).toBe(7);
    expect(offsetBefore(1, edits)).toBe(0);
  });
});
