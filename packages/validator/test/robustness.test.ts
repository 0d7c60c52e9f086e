// Hostile input gets findings, never a crash.
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type * as Fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { readAdrFile } from '../src/adr/read.js';
import { lintAdrs } from '../src/index.js';
import { brief, tmpDir } from './helpers.js';

const GOOD =
  '# 1. Use X\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## ' +
  'Consequences\n\ne\n';

describe('hostile files', async () => {
  const dir = tmpDir();
  const w = (name: string, data: string | Buffer): string => {
    writeFileSync(path.join(dir, name), data);
    return name;
  };
  w('0001-invalid-yaml.md', '---\nstatus: [accepted\ndate: 2024-01-01\n---\n# 1. X\n');
  w('0002-binary.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0xff]));
  const [head, tail] = GOOD.replace('# 1.', '# 3.').split('\nc\n');
  w('0003-latin1.md', Buffer.concat([Buffer.from(`${head}\ncaf`), Buffer.from([0xe9]), Buffer.from(`\n${tail}`)]));
  w('0004-empty.md', '');
  w('0005-huge.md', `# 5. Huge\n\n${'x'.repeat(5 * 1024 * 1024)}\n`);
  w('0006-crlf.md', GOOD.replace('# 1.', '# 6.').replace(/\n/g, '\r\n'));
  w('0007-bom.md', `\uFEFF${GOOD.replace('# 1.', '# 7.')}`);
  let nested = '# 8. Nested\n\n';
  for (let i = 0; i < 400; i++) nested += `${'  '.repeat(i)}- level ${i}\n`;
  nested += `${'>'.repeat(5000)} quote\n${'['.repeat(20000)}\n`;
  w('0008-nested.md', nested);
  symlinkSync('0009-loop-b.md', path.join(dir, '0009-loop-a.md'));
  symlinkSync('0009-loop-a.md', path.join(dir, '0009-loop-b.md'));
  // A dangling link is listed but cannot be read.
  symlinkSync('missing.md', path.join(dir, '0010-dangling.md'));
  let fifo = false;
  try {
    execFileSync('mkfifo', [path.join(dir, '0011-fifo.md')]);
    fifo = true;
  } catch {
    console.log('mkfifo unavailable; the FIFO case is skipped');
  }
  const names = [
    '0001-invalid-yaml.md',
    '0002-binary.md',
    '0003-latin1.md',
    '0004-empty.md',
    '0005-huge.md',
    '0006-crlf.md',
    '0007-bom.md',
    '0008-nested.md',
    '0009-loop-a.md',
    '0010-dangling.md',
    ...(fifo ? ['0011-fifo.md'] : []),
  ];
  const results = await lintAdrs(names, { cwd: dir, config: {} });
  const get = (n: string) => results.find((r) => r.file === n)!;

  it('returns one result per file', () => {
    expect(results.map((r) => r.file).sort()).toEqual([...names].sort());
  });

  it('invalid YAML → front-matter-valid with its line', () => {
    expect(brief(get('0001-invalid-yaml.md')).filter((b) => !b.endsWith('required-sections'))).toEqual([
      '1:1 warning status-present',
      '3:1 error front-matter-valid',
    ]);
  });

  it('binary → one file-readable error, nothing else', () => {
    expect(get('0002-binary.md').messages).toEqual([
      {
        ruleId: 'file-readable',
        severity: 'error',
        line: 1,
        column: 1,
        message: 'binary file (NUL byte at offset 4); not linted',
      },
    ]);
  });

  it('non-UTF-8 → file-encoding with the line, and the rest is still linted', () => {
    const r = get('0003-latin1.md');
    expect(brief(r)).toEqual(['1:1 error file-encoding']);
    expect(r.messages[0]!.message).toBe('file is not valid UTF-8 (first invalid byte on line 11); save it as UTF-8');
    expect(r.status).toBe('accepted');
  });

  it('empty file → the ordinary missing-everything findings', () => {
    expect(brief(get('0004-empty.md'))).toEqual([
      '1:1 warning date-present',
      '1:1 warning required-sections',
      '1:1 warning required-sections',
      '1:1 warning status-present',
      '1:1 warning title-present',
    ]);
  });

  it('5 MB file → reported as too large, not parsed', () => {
    expect(get('0005-huge.md').messages[0]!.message).toBe(
      'file is 5.0 MB, larger than the 1.0 MB limit (maxFileSize); not linted',
    );
  });

  it('CRLF and BOM files read like LF files', () => {
    for (const n of ['0006-crlf.md', '0007-bom.md']) {
      const r = get(n);
      expect([r.status, r.date, r.messages]).toEqual(['accepted', '2024-01-01', []]);
    }
  });

  it('nesting deeper than any real record is reported, not parsed (parsers take quadratic time on it)', () => {
    const r = get('0008-nested.md');
    expect(brief(r)).toEqual(['1:1 error file-readable']);
    expect(r.messages[0]!.message).toMatch(/^not parsed: line \d+ opens 10\d nested lists or quotes \(limit 100\)/);
  });

  it('a symlink loop, a dangling link, a directory and a FIFO are reported, not followed or read', async () => {
    expect(get('0009-loop-a.md').messages).toEqual([
      {
        ruleId: 'file-readable',
        severity: 'error',
        line: 1,
        column: 1,
        message: 'cannot read file: symbolic link loop',
      },
    ]);
    expect(get('0010-dangling.md').messages.map((m) => m.message)).toEqual(['cannot read file: ENOENT']);
    // Folders are expanded, so the reader is asked directly what it does with one.
    mkdirSync(path.join(dir, 'sub.md'));
    expect((await readAdrFile(path.join(dir, 'sub.md'), 1e6)).problems.map((p) => p.message)).toEqual([
      'is a directory, not a file',
    ]);
    if (fifo) expect(get('0011-fifo.md').messages.map((m) => m.message)).toEqual(['not a regular file']);
  });

  it('a file without read permission is reported', async () => {
    const f = path.join(dir, 'locked.md');
    writeFileSync(f, GOOD);
    chmodSync(f, 0);
    if (process.getuid?.() !== 0) {
      const [r] = await lintAdrs(['locked.md'], { cwd: dir, config: {} });
      expect(r!.messages.map((m) => m.message)).toEqual(['cannot read file: EACCES']);
      return;
    }
    // Root reads through permission bits, so run the CLI as nobody (65534) instead, where nobody can
    // reach the CLI; otherwise make the read fail with the same errno the kernel would give.
    chmodSync(dir, 0o755);
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const asNobody = { uid: 65534, gid: 65534, encoding: 'utf8' } as const;
    if (spawnSync(process.execPath, [cli, '--version'], asNobody).status === 0) {
      const r = spawnSync(process.execPath, [cli, 'adr', 'locked.md', '--format', 'json'], { ...asNobody, cwd: dir });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)[0].messages.map((m: { message: string }) => m.message)).toEqual([
        'cannot read file: EACCES',
      ]);
      return;
    }
    vi.resetModules();
    vi.doMock('node:fs', async (original) => {
      const real = await original<typeof Fs>();
      const openSync = (p: string, flags: number) => {
        if (String(p).endsWith('locked.md')) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
        return real.openSync(p, flags);
      };
      return { ...real, default: { ...real, openSync }, openSync };
    });
    const { readAdrFile: read } = await import('../src/adr/read.js');
    expect((await read(f, 1e6)).problems.map((p) => p.message)).toEqual(['cannot read file: EACCES']);
    vi.doUnmock('node:fs');
  });

  it('a folder containing a symlink loop is walked without hanging', async () => {
    const d = tmpDir();
    mkdirSync(path.join(d, 'adr'));
    writeFileSync(path.join(d, 'adr', '0001-x.md'), GOOD);
    symlinkSync('..', path.join(d, 'adr', 'up'));
    const r = await lintAdrs([], { cwd: d, config: {} });
    expect(r.map((x) => x.file)).toContain('adr/0001-x.md');
  });

  it('a file or folder whose name is not UTF-8 is reported as such, not as a file that does not exist', async () => {
    const d = path.join(tmpDir(), 'adr');
    mkdirSync(d);
    writeFileSync(path.join(d, '0001-x.md'), GOOD);
    // Latin-1 é (0xE9) alone is not UTF-8: Node shows it as U+FFFD and cannot open the name it shows.
    const latin1 = (name: string) => Buffer.concat([Buffer.from(`${d}/${name}`), Buffer.from([0xe9])]);
    writeFileSync(Buffer.concat([latin1('0002-caf'), Buffer.from('.md')]), GOOD.replace('# 1.', '# 2.'));
    mkdirSync(latin1('old'));
    writeFileSync(Buffer.concat([latin1('old'), Buffer.from('/0003-y.md')]), GOOD.replace('# 1.', '# 3.'));
    // A name that holds U+FFFD itself is valid UTF-8 and linted as any other.
    writeFileSync(path.join(d, '0004-\uFFFD.md'), GOOD.replace('# 1.', '# 4.'));
    const r = await lintAdrs([d], { cwd: path.dirname(d), config: {} });
    const why = 'not linted: its name is not valid UTF-8, so it cannot be opened by name; rename it';
    const found = r.map((x) => [x.file, x.messages.map((m) => `${m.severity} ${m.ruleId}: ${m.message}`)]);
    expect(found.sort()).toEqual([
      ['adr/0001-x.md', []],
      ['adr/0002-caf\uFFFD.md', [`warning file-skipped: ${why}`]],
      ['adr/0004-\uFFFD.md', []],
      ['adr/old\uFFFD', [`warning file-skipped: ${why}`]],
    ]);
    // Named on the command line, it can only be named as not found, with the likely reason.
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const named = spawnSync('node', [cli, 'adr', Buffer.concat([latin1('0002-caf'), Buffer.from('.md')]) as never]);
    expect([named.status, named.stderr.toString()]).toEqual([
      2,
      expect.stringContaining(`0002-caf\uFFFD.md (if its name is not UTF-8, Node cannot open it; rename it)`),
    ]);
  });
});

describe('the per-file time budget in the calling thread', () => {
  it('cuts off a file that parses too slowly and lints the next file normally', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, '0001-setext.md'), 'a\n=\n'.repeat(8192));
    writeFileSync(path.join(dir, '0002-good.md'), GOOD.replace('# 1.', '# 2.'));
    const results = await lintAdrs(['0001-setext.md', '0002-good.md'], {
      cwd: dir,
      config: { fileTimeLimit: 0.5 },
      workers: 0,
      concurrency: 1,
    });
    expect(results.map((r) => r.messages.map((m) => [m.ruleId, m.message]))).toEqual([
      [
        [
          'file-readable',
          'not linted: parsing and checking took longer than 0.5 s (fileTimeLimit); Markdown nested this way ' +
            'makes parsers slow',
        ],
      ],
      [],
    ]);
    expect(results[1]!.status).toBe('accepted');
  });

  it('takes a fileTimeLimit longer than node:vm can time (days) as no limit, not as an error', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, '0001-good.md'), GOOD);
    const [r] = await lintAdrs(['0001-good.md'], { cwd: dir, config: { fileTimeLimit: 1e9 }, workers: 0 });
    expect([r!.status, r!.messages]).toEqual(['accepted', []]);
  });
});
