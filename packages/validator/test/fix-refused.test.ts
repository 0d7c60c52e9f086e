// A file --fix refuses to write (a symbolic link, a read-only file) has nothing fixable: the
// count, --fix-dry-run and --fix agree, and the dry run says which files --fix would skip, and why.
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAdr } from '../src/adr/command.js';
import { lintAdrs } from '../src/index.js';
import { tmpDir } from './helpers.js';

// Two fixable findings each: a decorated status and an unfenced front matter line.
const fixable = (n: number) =>
  `status: accepted date: 2024-01-0${n}\n# ${n}. Use X\n\n## Status\n\n✅ Accepted\n\n## Context\n\nc\n\n` +
  '## Decision\n\nd\n\n## Consequences\n\ne\n';

function run(args: string[], cwd: string) {
  const out = { stdout: '', stderr: '', code: -1 };
  const io = { cwd, stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) };
  return runAdr(args, { ...io, isTTY: false, env: {} }).then((code) => ({ ...out, code }));
}

/** adr/0001 a plain record, adr/0002 read-only, adr/0003 a link to a record outside the folder. */
function folder(): { root: string; texts: Record<string, string> } {
  const root = tmpDir();
  mkdirSync(path.join(root, 'adr'));
  mkdirSync(path.join(root, 'elsewhere'));
  writeFileSync(path.join(root, 'adr', '0001-a.md'), fixable(1));
  writeFileSync(path.join(root, 'adr', '0002-b.md'), fixable(2));
  chmodSync(path.join(root, 'adr', '0002-b.md'), 0o444);
  writeFileSync(path.join(root, 'elsewhere', '0003-c.md'), fixable(3));
  symlinkSync(path.join(root, 'elsewhere', '0003-c.md'), path.join(root, 'adr', '0003-c.md'));
  return { root, texts: { '0001-a.md': fixable(1), '0002-b.md': fixable(2), '0003-c.md': fixable(3) } };
}

const fixedCount = (stdout: string) => Number(/(\d+) problems? fixable with --fix/.exec(stdout)?.[1] ?? 0);

describe('files --fix would refuse', () => {
  it('are not counted fixable; the dry run shows no diff for them and says why it would skip them', async () => {
    const { root, texts } = folder();
    const lint = await run(['adr'], root);
    const counted = fixedCount(lint.stdout);
    expect(counted).toBe(2);

    const dry = await run(['adr', '--fix-dry-run'], root);
    const would = dry.stdout.split('\n').filter((l) => l.startsWith('would fix '));
    expect(would).toEqual([expect.stringMatching(/^would fix adr\/0001-a\.md: /)]);
    expect(would[0]!.split(', ')).toHaveLength(counted);
    expect(dry.stdout).not.toMatch(/would fix adr\/000[23]/);
    expect(dry.stdout).not.toContain('adr/0002-b.md\n+++');
    expect(dry.stdout).toMatch(/^--fix would not fix adr\/0002-b\.md: it is read-only$/m);
    expect(dry.stdout).toMatch(/^--fix would not fix adr\/0003-c\.md: it is a symbolic link/m);
    expect(dry.stdout).not.toContain('fix-skipped');
    for (const [name, text] of Object.entries(texts))
      expect(readFileSync(path.join(root, 'adr', name), 'utf8')).toBe(text);

    const fix = await run(['adr', '--fix'], root);
    const changed = fix.stdout.split('\n').filter((l) => l.startsWith('fixed '));
    expect(changed).toEqual([expect.stringMatching(/^fixed adr\/0001-a\.md: /)]);
    expect(changed[0]!.split(', ')).toHaveLength(counted);
    expect(fix.stdout).toMatch(/^not fixed: adr\/0002-b\.md is read-only$/m);
    // Nothing in them was fixable, so --fix exits as the plain run does (a pre-commit hook passes).
    expect([dry.code, fix.code]).toEqual([lint.code, lint.code]);
    expect(readFileSync(path.join(root, 'adr', '0002-b.md'), 'utf8')).toBe(texts['0002-b.md']);
    expect(readFileSync(path.join(root, 'elsewhere', '0003-c.md'), 'utf8')).toBe(texts['0003-c.md']);
  });

  it('a file that is not UTF-8: --fix and the dry run say why they leave it, and it stays byte for byte', async () => {
    const root = tmpDir();
    mkdirSync(path.join(root, 'adr'));
    const file = path.join(root, 'adr', '0001-cafe.md');
    const bytes = Buffer.from('# 1. Caf\xe9\n\n## Status\n\nAcepted\n\nContext\n\nc\n\n## Decision\n\nd\n', 'latin1');
    writeFileSync(file, bytes);
    const lint = await run(['adr'], root);
    expect(lint.stdout).toContain('status-valid');
    expect(lint.stdout).not.toMatch(/fixable with --fix/);
    const dry = await run(['adr', '--fix-dry-run'], root);
    expect(dry.stdout).toMatch(/^--fix would not fix adr\/0001-cafe\.md: it is not UTF-8 .*save it as UTF-8 first$/m);
    const fix = await run(['adr', '--fix'], root);
    expect(fix.stdout).toMatch(/^not fixed: adr\/0001-cafe\.md is not UTF-8 .*save it as UTF-8 first$/m);
    expect([dry.code, fix.code]).toEqual([lint.code, lint.code]);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('json: findings of a refused file carry no fix', async () => {
    const { root } = folder();
    const results = JSON.parse((await run(['adr', '--format', 'json'], root)).stdout) as Array<{
      file: string;
      messages: Array<{ fix?: unknown }>;
    }>;
    const withFix = (name: string) => results.find((r) => r.file.endsWith(name))!.messages.filter((m) => m.fix);
    expect(withFix('0001-a.md')).toHaveLength(2);
    expect(withFix('0002-b.md')).toEqual([]);
    expect(withFix('0003-c.md')).toEqual([]);
  });

  it('property: a read-only or linked record is left as it is, and nothing in it is fixable', async () => {
    const dir = tmpDir();
    const file = path.join(dir, '0001-use-x.md');
    const target = path.join(tmpDir(), '0001-use-x.md');
    const records = fc.constantFrom(
      fixable(1),
      '# 1. X\n\n**Status:** 🚀 Proposed\n',
      '# 1. X\n\n## Status\n\nAcepted\n',
    );
    await fc.assert(
      fc.asyncProperty(records, fc.constantFrom('read-only', 'link'), async (text, kind) => {
        rmSync(file, { force: true });
        if (kind === 'link') {
          writeFileSync(target, text);
          symlinkSync(target, file);
        } else {
          writeFileSync(file, text);
          chmodSync(file, 0o444);
        }
        const [before] = await lintAdrs([file], { cwd: dir, config: {} });
        expect(before!.messages.filter((m) => m.fix)).toEqual([]);
        const [dry] = await lintAdrs([file], { cwd: dir, fixDryRun: true, config: {} });
        const [after] = await lintAdrs([file], { cwd: dir, fix: true, config: {} });
        expect(dry!.fixed ?? []).toEqual([]);
        expect(dry!.diff).toBeUndefined();
        expect(after!.fixed ?? []).toEqual([]);
        expect(readFileSync(file, 'utf8')).toBe(text);
        // The dry run names the same skipped file --fix does, and neither adds a finding.
        expect(dry!.notFixed).toMatch(/^--fix would not fix /);
        expect(after!.notFixed).toMatch(/^not fixed: /);
        expect([dry!.messages, after!.messages]).toEqual([before!.messages, before!.messages]);
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
