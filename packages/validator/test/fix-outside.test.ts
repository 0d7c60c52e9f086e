// --fix writes only inside the repository: a record reached through a linked folder that leads out
// of it is refused like a linked file, and a refused file changes neither the findings nor the
// exit code, so `adr --fix` in a pre-commit hook passes whenever `adr` does.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdr } from '../src/adr/command.js';
import { tmpDir } from './helpers.js';

// A misspelt status: a warning --fix repairs in a file it may write.
const typo = (n: number) =>
  `# ${n}. B\n\nDate: 2024-01-01\n\n## Status\n\nAcepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n` +
  '## Consequences\n\ne\n';

function run(args: string[], cwd: string) {
  const out = { stdout: '', stderr: '', code: -1 };
  const io = { cwd, stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) };
  return runAdr(args, { ...io, isTTY: false, env: {} }).then((code) => ({ ...out, code }));
}

function repo(git: boolean): { root: string; outside: string } {
  const root = tmpDir();
  if (git) execFileSync('git', ['init', '-q', root]);
  mkdirSync(path.join(root, 'adr'));
  const outside = tmpDir();
  writeFileSync(path.join(outside, '0002-b.md'), typo(2));
  symlinkSync(outside, path.join(root, 'adr', 'linked'));
  return { root, outside };
}

describe('--fix and linked folders', () => {
  it.each([true, false])('does not write through a folder linked to outside the root (git: %s)', async (git) => {
    const { root, outside } = repo(git);
    const fix = await run(['adr', '--fix'], root);
    expect(readFileSync(path.join(outside, '0002-b.md'), 'utf8')).toBe(typo(2));
    expect(fix.stdout).not.toMatch(/^fixed /m);
    expect(fix.stdout).toMatch(/^not fixed: adr\/linked\/0002-b\.md is reached through a symbolic link to outside/m);
    expect(fix.stdout).toContain('status-valid');
    const dry = await run(['adr', '--fix-dry-run'], root);
    expect(dry.stdout).toMatch(/^--fix would not fix adr\/linked\/0002-b\.md: it is reached through a symbolic/m);
    expect(dry.stdout).not.toContain('+++');
    // Not counted fixable in a plain run either.
    expect((await run(['adr'], root)).stdout).not.toContain('fixable with --fix');
  });

  it('still fixes a record in a folder linked to elsewhere in the same repository', async () => {
    const root = tmpDir();
    execFileSync('git', ['init', '-q', root]);
    mkdirSync(path.join(root, 'adr'));
    mkdirSync(path.join(root, 'archive'));
    writeFileSync(path.join(root, 'archive', '0003-c.md'), typo(3));
    symlinkSync(path.join(root, 'archive'), path.join(root, 'adr', 'old'));
    const fix = await run(['adr', '--fix'], root);
    expect(fix.stdout).toMatch(/^fixed adr\/old\/0003-c\.md: status-valid/m);
    expect(readFileSync(path.join(root, 'archive', '0003-c.md'), 'utf8')).toContain('\nAccepted\n');
  });

  it('a linked record --fix refuses: adr and adr --fix give the same findings and exit code', async () => {
    const root = tmpDir();
    execFileSync('git', ['init', '-q', root]);
    mkdirSync(path.join(root, 'adr'));
    writeFileSync(path.join(root, 'real.md'), typo(1));
    symlinkSync('../real.md', path.join(root, 'adr', '0001-a.md'));
    const lint = await run(['adr', '--format', 'json'], root);
    const fix = await run(['adr', '--fix', '--format', 'json'], root);
    const dry = await run(['adr', '--fix-dry-run', '--format', 'json'], root);
    expect(lint.code).toBe(0);
    expect([fix.code, dry.code]).toEqual([0, 0]);
    const findings = (o: { stdout: string }) =>
      (JSON.parse(o.stdout) as Array<{ messages: Array<{ ruleId: string }> }>).flatMap((r) =>
        r.messages.map((m) => m.ruleId),
      );
    expect(findings(fix)).toEqual(findings(lint));
    expect(findings(dry)).toEqual(findings(lint));
    // Why it was left goes beside the machine-readable report.
    expect(fix.stderr).toMatch(/^not fixed: adr\/0001-a\.md is a symbolic link/m);
  });
});
