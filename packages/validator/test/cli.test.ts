// Exit codes and usage errors through the built binary, as CI runs it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/adr/config.js';
import { isolationThreshold, lintFile } from '../src/adr/lint.js';
import { lintAdrs } from '../src/index.js';
import { cliPath, fixtures, tmpDir } from './helpers.js';

const run = (args: string[], cwd = fixtures) => execa('node', [cliPath, ...args], { cwd, reject: false });

describe('distroless-validate adr exit codes', () => {
  it('exits 0 when there are no errors', async () => {
    const r = await run(['adr', 'nygard/0001-record-architecture-decisions.md']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('1 ADR checked, no problems');
  });

  it('exits 1 on errors and prints file:line:col severity message rule-id', async () => {
    const r = await run(['adr', 'nygard']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(
      /0004-adopt-feature-flags\.md:1:1\s+error\s+number 5 in the title does not match 0004.*\s+number-matches/,
    );
    expect(r.stdout).toMatch(
      /nygard\/0004-adopt-feature-flags\.md:7:1\s+warning\s+unknown status 'acepted'.*\s+status-valid/,
    );
    expect(r.stdout).toContain('✖ 5 problems (1 error, 4 warnings) in 4 ADRs');
  });

  it('exits 0 with warnings, 1 when they exceed --max-warnings', async () => {
    expect((await run(['adr', 'frontmatter'])).exitCode).toBe(0);
    expect((await run(['adr', 'frontmatter', '--max-warnings', '1'])).exitCode).toBe(0);
    const over = await run(['adr', 'frontmatter', '--max-warnings', '0']);
    expect(over.exitCode).toBe(1);
    expect(over.stderr).toContain('1 warning, more than --max-warnings 0');
  });

  it.each([
    [['adr', '--nope'], "unknown option '--nope'"],
    [['adr', '--format', 'xml', 'nygard'], "unknown format 'xml'; use one of stylish, json, sarif, github"],
    [
      ['adr', '--max-warnings', 'many', 'nygard'],
      "--max-warnings needs a whole number >= 0, or -1 for no limit, got 'many'",
    ],
    [['adr', 'does-not-exist'], 'no such file or directory: does-not-exist'],
    [['adr', 'nowhere/**/*.md'], "no files match 'nowhere/**/*.md'"],
    [['adr', '--config', 'missing.json', 'nygard'], 'cannot read config'],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const r = await run(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('exits 2 for an invalid config and names the bad key', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, '.adrlintrc.json'), JSON.stringify({ rules: { 'no-such-rule': 'error' } }));
    mkdirSync(path.join(dir, 'adr'));
    const r = await run(['adr'], dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('invalid ADR lint config');
    expect(r.stderr).toContain('.adrlintrc.json');
  });

  it('with no paths lints the conventional folders, and exits 2 when none exists', async () => {
    const dir = tmpDir();
    expect((await run(['adr'], dir)).stderr).toContain('no ADR folder found');
    mkdirSync(path.join(dir, 'docs', 'decisions'), { recursive: true });
    writeFileSync(
      path.join(dir, 'docs', 'decisions', '0001-x.md'),
      '# 1. X\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## ' +
        'Consequences\n\ne\n',
    );
    writeFileSync(path.join(dir, 'docs', 'decisions', 'README.md'), '# Decisions\n');
    const r = await run(['adr', '--format', 'json'], dir);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).map((x: { file: string }) => x.file)).toEqual(['docs/decisions/0001-x.md']);
  });

  it('prints with --format json exactly what lintAdrs returns', async () => {
    const r = await run(['adr', 'nygard', 'madr2', '--format', 'json']);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual(await lintAdrs(['nygard', 'madr2'], { cwd: fixtures }));
  });

  it('shows help with exit 0 and leaves room for the service command', async () => {
    const top = await run(['--help']);
    expect(top.exitCode).toBe(0);
    expect(top.stdout).toMatch(/adr\s+lint Architecture Decision Records/);
    const adr = await run(['adr', '--help']);
    expect(adr.exitCode).toBe(0);
    expect(adr.stdout).toContain('--max-warnings <n>');
  });
});

describe('worker threads (built package)', () => {
  it('give the same results as the in-process run', async () => {
    const dist = (await import(new URL('../dist/index.js', import.meta.url).href)) as { lintAdrs: typeof lintAdrs };
    const dirs = ['nygard', 'madr2', 'madr4', 'bold', 'mixed', 'supersede'];
    const threaded = await dist.lintAdrs(dirs, { cwd: fixtures, workers: 1, concurrency: 1 });
    expect(threaded).toEqual(await lintAdrs(dirs, { cwd: fixtures }));
    expect(threaded.length).toBe(15);
  });

  it('a file too large for a thread without a heap limit is linted in one with it, same result', async () => {
    const dist = (await import(new URL('../dist/index.js', import.meta.url).href)) as { lintAdrs: typeof lintAdrs };
    const dir = tmpDir();
    // fileMemoryLimit 64 MB: files over 64 MB / 1000 (about 67 KB) are parsed under that heap limit.
    const config = { fileMemoryLimit: 64 };
    const body = 'This decision has a long rationale, written out in full. '.repeat(2000);
    writeFileSync(path.join(dir, '0001-big.md'), `# 1. Big\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n\n${body}\n`);
    writeFileSync(path.join(dir, '0002-small.md'), '# 2. Small\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n');
    const threaded = await dist.lintAdrs(['.'], { cwd: dir, config, workers: 2 });
    expect(threaded).toEqual(await lintAdrs(['.'], { cwd: dir, config, workers: 0 }));
    expect(threaded.map((r) => [r.file, r.status])).toEqual([
      ['0001-big.md', 'accepted'],
      ['0002-small.md', 'accepted'],
    ]);
  });
});

describe('threads without a heap limit', () => {
  it('hand back a file larger than their threshold, unread by the parser, and lint the others', async () => {
    const dir = tmpDir();
    const file = path.join(dir, '0001-x.md');
    writeFileSync(file, '# 1. X\n\n## Status\n\nAccepted\n');
    const work = { abs: file, file: '0001-x.md', config: resolveConfig({}), fix: false as const, scanned: false };
    expect(await lintFile({ ...work, isolateAbove: 10 })).toEqual({ isolate: true });
    expect(await lintFile({ ...work, isolateAbove: 1000 })).toMatchObject({ result: { status: 'accepted' } });
    expect(isolationThreshold(resolveConfig({}))).toBe(Math.floor((512 * 1024 * 1024) / 1000));
  });
});

// One ADR checked by a pre-commit hook: its whole cost is start-up, so it is linted in the calling
// thread (issue 15), yet a hostile file stays bounded there (issue 9; ADR 0014).
describe('a run of one file (built binary)', () => {
  const marker = 'WORKER-THREAD-STARTED';
  // Node emits 'worker' on process for every worker thread it creates.
  const preload = path.join(tmpDir(), 'count-workers.cjs');
  writeFileSync(
    preload,
    `process.on('worker', () => require('node:fs').writeSync(2, ${JSON.stringify(`${marker}\n`)}));\n`,
  );
  const lintOne = (dir: string, file: string, extra: string[] = []) =>
    execa('node', ['--require', preload, cliPath, 'adr', file, '--format', 'json', ...extra], {
      cwd: dir,
      reject: false,
    });
  const GOOD_ONE =
    '# 1. Use X\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n' +
    '## Consequences\n\ne\n';

  it('of an ordinary file starts no worker thread', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, '0001-use-x.md'), GOOD_ONE);
    const r = await lintOne(dir, '0001-use-x.md');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).not.toContain(marker);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ file: '0001-use-x.md', status: 'accepted', messages: [] });
  });

  it('of a file too large to parse without a heap limit starts one thread with that limit', async () => {
    const dir = tmpDir();
    // fileMemoryLimit 64 MB: over about 67 KB a file is parsed in a thread whose heap is capped.
    writeFileSync(path.join(dir, '.adrlintrc.json'), JSON.stringify({ fileMemoryLimit: 64 }));
    const body = 'This decision has a long rationale, written out in full. '.repeat(2000);
    writeFileSync(path.join(dir, '0001-big.md'), GOOD_ONE.replace('\nc\n', `\n${body}\n`));
    const r = await lintOne(dir, '0001-big.md');
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split(marker).length - 1).toBe(1);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ status: 'accepted', messages: [] });
  });

  it('of 20000 nested emphasis markers is reported, not parsed, with no worker thread', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, '0001-stars.md'), `${'*'.repeat(20000)}x${'*'.repeat(20000)}\n`);
    const r = await lintOne(dir, '0001-stars.md');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).not.toContain(marker);
    expect(JSON.parse(r.stdout)[0].messages).toMatchObject([
      {
        ruleId: 'file-readable',
        message: expect.stringMatching(/^not parsed: line 1 has a run of more than 100 '\*'/),
      },
    ]);
  });

  it('of a slow shape the pre-scan does not know is cut off after fileTimeLimit in the same thread', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, '.adrlintrc.json'), JSON.stringify({ fileTimeLimit: 0.5 }));
    // Setext underlines after one-line paragraphs: parse time grows with the square of the count
    // (about a minute for these 32 KB), and no line or paragraph looks unusual.
    writeFileSync(path.join(dir, '0001-setext.md'), 'a\n=\n'.repeat(8192));
    const r = await lintOne(dir, '0001-setext.md');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).not.toContain(marker);
    expect(JSON.parse(r.stdout)[0].messages).toEqual([
      expect.objectContaining({
        ruleId: 'file-readable',
        message: expect.stringContaining('took longer than 0.5 s (fileTimeLimit)'),
      }),
    ]);
  });
});
