// File names and contents are hostile input: whatever the format, they must not put a line of
// their own into a CI log (a forged `::error` workflow command) or raw control characters on a
// terminal. The fixture is the reviewer's: eleven plain records (to fill GitHub's annotation cap)
// and one whose name holds a line break and a workflow command, and whose status an ESC sequence.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdr } from '../src/adr/command.js';
import { adrReport, reporters, type AdrResult } from '../src/index.js';
import { stepSummary } from '../src/reporters/index.js';
import { tmpDir } from './helpers.js';

const EVIL = '0099-z\n::error file=late.md::late-injected.md';

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '', code: -1 };
  const io = {
    cwd,
    stdout: (t: string) => void (out.stdout += t),
    stderr: (t: string) => void (out.stderr += t),
    isTTY: false,
    env,
  };
  return runAdr(args, io).then((code) => ({ ...out, code }));
}

function hostileRepo(): string {
  const root = tmpDir();
  execFileSync('git', ['init', '-q', root]);
  const dir = path.join(root, 'adr');
  mkdirSync(dir);
  for (let i = 2; i <= 12; i++) writeFileSync(path.join(dir, `000${i}-x.md`), `# ${i}. X\n`);
  writeFileSync(path.join(dir, EVIL), '# 99. X\n\n## Status\n\nAccepted \u001b[2J\u0007\n');
  return root;
}

/** No line may be a workflow command unless it is one of ours, and no control character may go out raw. */
function expectClean(text: string): void {
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  for (const line of text.split('\n')) {
    expect(line.trimStart()).not.toMatch(/^::error file=late/);
    if (line.trimStart().startsWith('::')) expect(line).toMatch(/^::(error|warning) file=[^,:]+(,line=\d+)?/);
  }
}

describe('hostile file names and contents in every format', () => {
  it('github: annotations and the plain lines beyond the cap escape names and control characters', async () => {
    const root = hostileRepo();
    const summary = path.join(root, 'summary.md');
    const r = await run(['adr', '--format', 'github'], root, { GITHUB_STEP_SUMMARY: summary });
    expect(r.stdout).toContain('beyond GitHub');
    // The name is past the cap (it sorts last): it is printed as a plain line, one line.
    const plain = r.stdout.split('\n').filter((l) => l.includes('late-injected'));
    expect(plain.length).toBeGreaterThan(0);
    for (const l of plain) expect(l).toMatch(/^adr\/0099-z\\u000a::error file=late\.md::late-injected\.md:\d+:1 /);
    expectClean(r.stdout);
    // The job summary's table keeps one row per finding, five cells each.
    const md = readFileSync(summary, 'utf8');
    const rows = md.split('\n').filter((l) => l.startsWith('| adr/'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length).toBe(7);
    expect(md).not.toMatch(/^::/m);
  });

  it('github: the ESC of a status in an annotation message goes out as an escape', async () => {
    const root = hostileRepo();
    // Only the hostile record: its findings are annotated, not past the cap.
    const r = await run([path.join('adr', EVIL), '--format', 'github'], root);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toContain('file=adr/0099-z\\u000a%3A%3Aerror file=late.md%3A%3Alate-injected.md');
    expectClean(r.stdout);
  });

  it('stylish: file names are one line, with control characters as \\u escapes', async () => {
    const root = hostileRepo();
    const r = await run(['adr'], root);
    expectClean(r.stdout);
    expect(r.stdout).toContain('\nadr/0099-z\\u000a::error file=late.md::late-injected.md\n');
    expect(r.stdout).toContain('adr/0099-z\\u000a::error file=late.md::late-injected.md:1:1');
  });

  it('--fix-dry-run: the patch header names the file on one line', async () => {
    const root = hostileRepo();
    writeFileSync(path.join(root, 'adr', EVIL), '# 99. X\n\n## Status\n\n✅ Accepted\n');
    const r = await run(['adr', '--fix-dry-run'], root);
    expect(r.stdout).toContain('would fix adr/0099-z\\u000a::error');
    expectClean(r.stdout);
  });

  const forged: AdrResult[] = [
    {
      file: ' ::warning::x |a\\|b<img>\r\n##[error]y.md',
      title: null,
      number: null,
      status: null,
      date: null,
      dialect: 'unknown',
      messages: Array.from({ length: 11 }, () => ({
        ruleId: 'status-valid',
        severity: 'error' as const,
        line: 2,
        column: 3,
        message: "unknown status '\u001b]0;t\u0007 ##[warning]z'",
      })),
    },
  ];

  it('github: a plain line never starts with :: after spaces nor carries ##[ (the older command form)', () => {
    const out = reporters.github!(adrReport(forged, { version: '0' }));
    const plain = out.split('\n').filter((l) => !l.startsWith('::') && l.includes('status-valid'));
    expect(plain).toHaveLength(1);
    expect(plain[0]!.trimStart().startsWith(':')).toBe(false);
    expect(out.split('\n').filter((l) => !l.startsWith('::'))).not.toContainEqual(expect.stringContaining('##['));
    expectCleanControl(out);
  });

  it('the job summary escapes the characters that would end a cell or start markup', () => {
    const md = stepSummary(adrReport(forged, { version: '0' }));
    const [row] = md.split('\n').filter((l) => l.includes('status-valid'));
    expect(row).toContain('\\<img\\>');
    // Unescaped pipes: the five cells' borders only.
    expect(row!.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length).toBe(7);
    expectCleanControl(md);
  });
});

function expectCleanControl(text: string): void {
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
}
