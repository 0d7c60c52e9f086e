// A folder holding only files the scan ignores (README, index, template, backlog, the ignore
// globs): the run passes, as before, and its summary now says what it ignored instead of a bare
// '0 ADRs checked'. The machine formats stay as they were; the note goes to stderr beside them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdr } from '../src/adr/command.js';
import { lintAdrs } from '../src/index.js';
import { tmpDir } from './helpers.js';

function run(args: string[], cwd: string) {
  const out = { stdout: '', stderr: '', code: -1 };
  const io = { cwd, stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) };
  return runAdr(args, { ...io, isTTY: false, env: {} }).then((code) => ({ ...out, code }));
}

/** docs/adr with these (ignored) files and nothing else. */
function folder(names: string[]): string {
  const root = tmpDir();
  mkdirSync(path.join(root, 'docs', 'adr'), { recursive: true });
  for (const n of names) writeFileSync(path.join(root, 'docs', 'adr', n), `# ${n}\n\nNot a record.\n`);
  return root;
}

const IGNORED = '3 files ignored as not ADRs: docs/adr/README.md, docs/adr/index.md, docs/adr/template.md';

describe('a folder of only ignored files', () => {
  it('stylish: exit 0, and the summary names what was ignored', async () => {
    const root = folder(['README.md', 'index.md', 'template.md']);
    const r = await run(['docs/adr'], root);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, `✔ 0 ADRs checked, no problems; ${IGNORED}\n`, '']);
    // The same with no paths: the conventional folders are scanned the same way.
    expect((await run([], root)).stdout).toBe(`✔ 0 ADRs checked, no problems; ${IGNORED}\n`);
  });

  it('json, sarif and github: stdout is what it was (no results), the note is on stderr; exit 0', async () => {
    const root = folder(['README.md', 'index.md', 'template.md']);
    const json = await run(['docs/adr', '--format', 'json'], root);
    expect([json.code, JSON.parse(json.stdout), json.stderr]).toEqual([
      0,
      [],
      `distroless-validate adr: 0 ADRs checked; ${IGNORED}\n`,
    ]);
    const sarif = await run(['docs/adr', '--format', 'sarif'], root);
    expect(sarif.code).toBe(0);
    expect(JSON.parse(sarif.stdout).runs[0].results).toEqual([]);
    expect(JSON.stringify(JSON.parse(sarif.stdout))).not.toContain('ignored');
    expect(sarif.stderr).toBe(`distroless-validate adr: 0 ADRs checked; ${IGNORED}\n`);
    const github = await run(['docs/adr', '--format', 'github'], root);
    expect([github.code, github.stdout, github.stderr]).toEqual([
      0,
      '0 ADRs checked: 0 errors, 0 warnings\n',
      `distroless-validate adr: 0 ADRs checked; ${IGNORED}\n`,
    ]);
  });

  it('github: the job summary names what was ignored, as stylish does', async () => {
    const root = folder(['README.md', 'index.md', 'template.md']);
    const summary = path.join(root, 'summary.md');
    const io = { cwd: root, stdout: () => undefined, stderr: () => undefined, isTTY: false };
    const code = await runAdr(['docs/adr', '--format', 'github'], { ...io, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toBe(`### ADR: 0 errors, 0 warnings\n\n0 ADRs checked; ${IGNORED}\n\n`);
  });

  it('names at most five files, then says how many more', async () => {
    const names = ['README.md', 'backlog.md', 'index.md', 'template.md', 'adr-template-short.md', 'adr-template-x.md'];
    const root = folder(names);
    const r = await run(['docs/adr'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '✔ 0 ADRs checked, no problems; 6 files ignored as not ADRs: docs/adr/README.md, ' +
        'docs/adr/adr-template-short.md, docs/adr/adr-template-x.md, docs/adr/backlog.md, docs/adr/index.md ' +
        'and 1 more\n',
    );
  });

  it("counts the config's ignore globs, and says nothing when records were checked", async () => {
    const root = folder(['README.md', 'draft-1.md']);
    writeFileSync(path.join(root, '.adrlintrc.json'), JSON.stringify({ ignore: ['**/draft-*.md'] }));
    expect((await run(['docs/adr'], root)).stdout).toBe(
      '✔ 0 ADRs checked, no problems; 2 files ignored as not ADRs: docs/adr/README.md, docs/adr/draft-1.md\n',
    );
    writeFileSync(
      path.join(root, 'docs/adr/0001-use-x.md'),
      '# 1. Use X\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n',
    );
    const r = await run(['docs/adr', '--format', 'json'], root);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect((await run(['docs/adr'], root)).stdout).not.toContain('ignored');
  });

  it('a glob that matches only ignored files is still exit 2, and says which it ignored', async () => {
    const root = folder(['README.md']);
    const r = await run(['docs/adr/*.md'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no files match 'docs/adr/*.md' (1 file ignored as not ADRs: docs/adr/README.md)");
  });

  it('lintAdrs tells onIgnored what it ignored and returns the same results', async () => {
    const root = folder(['README.md', 'index.md']);
    let ignored: string[] = [];
    const results = await lintAdrs(['docs/adr'], { cwd: root, onIgnored: (files) => (ignored = files) });
    expect([results, ignored]).toEqual([[], ['docs/adr/README.md', 'docs/adr/index.md']]);
  });
});
