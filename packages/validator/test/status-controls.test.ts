// A status holding terminal escapes (pasted from a coloured terminal, or planted to retitle the
// window of whoever lints the folder) is a finding, and --fix removes each sequence whole: the
// fixed record lints clean only when no part of a sequence is left.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintAdrs } from '../src/index.js';
import { tmpDir } from './helpers.js';

const body = '\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n';
const record = (status: string) => `# 1. Use X\n\nDate: 2024-01-02\n\n## Status\n\n${status}${body}`;

async function fixOnce(status: string) {
  const dir = tmpDir();
  const file = path.join(dir, '0001-use-x.md');
  writeFileSync(file, record(status));
  const [before] = await lintAdrs([file], { cwd: dir, config: {} });
  const [fixed] = await lintAdrs([file], { cwd: dir, fix: true, config: {} });
  const [after] = await lintAdrs([file], { cwd: dir, config: {} });
  return { before: before!, fixed: fixed!, after: after!, text: readFileSync(file, 'utf8') };
}

describe('control characters in a status', () => {
  it.each([
    ['an OSC window title ended by BEL', 'Accepted \u001b]0;pwned\u0007'],
    ['an OSC window title ended by ST', 'Accepted \u001b]0;pwned\u001b\\'],
    ['an OSC left open to the end of the line', 'Accepted \u001b]0;pwned'],
    ['a CSI clear-screen', 'Accepted \u001b[2J'],
    ['colour around the word', '\u001b[32mAccepted\u001b[0m'],
    ['a lone BEL', 'Accepted\u0007'],
    ['an emoji and a CSI', '✅ Accepted \u001b[1m'],
  ])('%s: a status-decoration finding, fixed to the plain word in one run', async (_name, status) => {
    const { before, fixed, after, text } = await fixOnce(status);
    const found = before.messages.filter((m) => m.ruleId === 'status-decoration');
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(7);
    expect(found[0]!.message).toContain("write 'Accepted'");
    expect(found[0]!.fix).toBeDefined();
    expect(fixed.fixed?.map((f) => f.ruleId)).toEqual(['status-decoration']);
    expect(text).toBe(record('Accepted'));
    expect(after.messages).toEqual([]);
  });

  it('a status that is nothing but escape sequences is reported without a fix', async () => {
    const { before, text, after } = await fixOnce('\u001b[31m\u001b[0m');
    const found = before.messages.filter((m) => m.ruleId === 'status-decoration');
    expect(found).toHaveLength(1);
    expect(found[0]!.fix).toBeUndefined();
    expect(found[0]!.message).toContain('write the status by hand');
    expect(text).toBe(record('\u001b[31m\u001b[0m'));
    expect(after.messages.map((m) => m.ruleId)).toContain('status-decoration');
  });

  it('a misspelt word among escapes: status-valid corrects the word outside them, in the same run', async () => {
    const { before, fixed, after, text } = await fixOnce('\u001b[32mAcepted\u001b[0m');
    const valid = before.messages.filter((m) => m.ruleId === 'status-valid');
    expect(valid).toHaveLength(1);
    expect(valid[0]!.message).toContain("unknown status 'acepted'; did you mean 'accepted'?");
    expect(valid[0]!.fix).toBeDefined();
    expect(fixed.fixed?.map((f) => f.ruleId)).toEqual(['status-decoration', 'status-valid']);
    expect(text).toBe(record('Accepted'));
    expect(after.messages).toEqual([]);
  });

  it('a misspelt word inside an escape sequence is not corrected there', async () => {
    const { before, text } = await fixOnce('\u001b]0;acepted\u0007Acepted');
    expect(before.messages.find((m) => m.ruleId === 'status-valid')?.fix).toEqual([
      expect.objectContaining({ text: 'Accepted' }),
    ]);
    expect(text).toBe(record('Accepted'));
  });
});
