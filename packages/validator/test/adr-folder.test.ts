// Where a run with no paths finds the ADR folder: the files that name it (distroless-adr's config,
// adr-tools' .adr-dir, log4brains' .log4brains.yml) before the default folder names, from the
// working directory up to the repository root, as distroless-adr finds it (review D17).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdr } from '../src/adr/command.js';
import { findAdrFolders, lintAdrs } from '../src/index.js';
import { tmpDir } from './helpers.js';

const record = (n: number, title: string) =>
  `# ${n}. ${title}\n\nDate: 2024-01-0${n}\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n` +
  '## Consequences\n\ne\n';

function repo(files: Record<string, string>): string {
  const dir = tmpDir();
  mkdirSync(path.join(dir, '.git'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const linted = async (cwd: string) => (await lintAdrs([], { cwd, workers: 0 })).map((r) => r.file).sort();
const parseYaml = (text: string) => ({ project: { adrFolder: /adrFolder: (\S+)/.exec(text)?.[1] } });

describe('adr with no paths: the folder a file names', () => {
  it(".adr-dir's folder, not found by name before", async () => {
    const dir = repo({ '.adr-dir': 'docs/decisions-log\n', 'docs/decisions-log/0001-a.md': record(1, 'A') });
    expect(await linted(dir)).toEqual(['docs/decisions-log/0001-a.md']);
  });

  it('the named folder wins over a default folder name that also exists', async () => {
    const dir = repo({
      '.adr-dir': 'architecture/log\n',
      'architecture/log/0001-a.md': record(1, 'A'),
      'docs/adr/0001-other.md': record(1, 'Other'),
    });
    expect(await linted(dir)).toEqual(['architecture/log/0001-a.md']);
  });

  it("distroless-adr's dir (its config file, or its package.json key) before .adr-dir", async () => {
    const own = repo({
      '.distroless-adr.json': JSON.stringify({ dir: 'records' }),
      '.adr-dir': 'elsewhere\n',
      'records/0001-a.md': record(1, 'A'),
      'elsewhere/0001-b.md': record(1, 'B'),
    });
    expect(await linted(own)).toEqual(['records/0001-a.md']);
    const pkg = repo({
      'package.json': JSON.stringify({ name: 'x', 'distroless-adr': { dir: 'design/records' } }),
      'design/records/0001-a.md': record(1, 'A'),
      'adr/0001-b.md': record(1, 'B'),
    });
    expect(await linted(pkg)).toEqual(['design/records/0001-a.md']);
  });

  it('from a sub-folder of the repository, up to its root', async () => {
    const dir = repo({ '.adr-dir': 'docs/log\n', 'docs/log/0001-a.md': record(1, 'A'), 'src/app/x.ts': '' });
    expect(await linted(path.join(dir, 'src', 'app'))).toEqual(['../../docs/log/0001-a.md']);
  });

  it('a named folder that does not exist is a usage error naming the file (exit 2)', async () => {
    const dir = repo({ '.adr-dir': 'docs/gone\n', 'docs/adr/0001-a.md': record(1, 'A') });
    let err = '';
    const code = await runAdr([], { cwd: dir, stdout: () => undefined, stderr: (s: string) => (err += s) });
    expect(code).toBe(2);
    expect(err).toContain('the ADR folder docs/gone, named by .adr-dir, does not exist');
  });

  it('findAdrFolders: the lookup order, and what it reports', async () => {
    const dir = repo({ '.log4brains.yml': 'project:\n  adrFolder: ./docs/l4b\n', 'docs/adr/x.md': '' });
    const found = await findAdrFolders(dir, { parseYaml });
    expect(found).toMatchObject({ source: '.log4brains.yml', dirs: [path.join(dir, 'docs/l4b')], base: dir });
    const plain = repo({ 'adr/x.md': '', 'docs/decisions/y.md': '' });
    expect((await findAdrFolders(plain, { parseYaml }))?.dirs).toEqual([
      path.join(plain, 'adr'),
      path.join(plain, 'docs/decisions'),
    ]);
    expect(await findAdrFolders(repo({ 'src/x.ts': '' }), { parseYaml })).toBeNull();
  });
});

describe('unique-number in a folder only .adr-dir names', () => {
  const files = {
    '.adr-dir': 'docs/decisions-log\n',
    'docs/decisions-log/0001-a.md': record(1, 'A'),
    'docs/decisions-log/archive/0001-old.md': record(1, 'Old'),
  };
  it('a one-file run (pre-commit) compares the records of the whole named folder, sub-folders included', async () => {
    const dir = repo(files);
    const [r] = await lintAdrs(['docs/decisions-log/0001-a.md'], { cwd: dir, workers: 0 });
    expect(r!.messages.filter((m) => m.ruleId === 'unique-number').map((m) => m.message)).toEqual([
      'ADR number 0001 is also used by 0001-old',
    ]);
  });
  it('so does a run with no paths', async () => {
    const dir = repo(files);
    const results = await lintAdrs([], { cwd: dir, workers: 0 });
    expect(results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'unique-number'))).toHaveLength(2);
  });
});
