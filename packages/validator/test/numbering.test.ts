// Numbering scope: a repository numbers one series across its ADR folder (`tree`, the default) or
// one series per folder (`numbering: folder`, e.g. backend/0001-… and frontend/0001-…).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runAdr } from '../src/adr/command.js';
import { lintAdrs } from '../src/index.js';
import { tmpDir } from './helpers.js';

const record = (n: number, title: string) =>
  `# ${n}. ${title}\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n` +
  '## Consequences\n\ne\n';

function write(dir: string, file: string, n: number, title: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), record(n, title));
}

/** Two areas, each numbering its own series from 1. */
function perArea(): string {
  const dir = tmpDir();
  write(dir, 'docs/adr/backend/0001-use-postgres.md', 1, 'Use Postgres');
  write(dir, 'docs/adr/backend/0002-use-kafka.md', 2, 'Use Kafka');
  write(dir, 'docs/adr/frontend/0001-use-react.md', 1, 'Use React');
  return dir;
}

const errors = async (cwd: string, config?: object) =>
  (await lintAdrs([], config ? { cwd, config } : { cwd }))
    .flatMap((r) => r.messages.filter((m) => m.severity === 'error').map((m) => `${r.file} ${m.ruleId}`))
    .sort();

const cli = (cwd: string) => {
  const out = { stdout: '', stderr: '' };
  const io = { cwd, stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) };
  return { out, io: { ...io, env: {} } };
};

describe('numbering', () => {
  it('compares numbers across the ADR tree by default, and within each folder with numbering: folder', async () => {
    const dir = perArea();
    expect(await errors(dir, {})).toEqual([
      'docs/adr/backend/0001-use-postgres.md unique-number',
      'docs/adr/frontend/0001-use-react.md unique-number',
    ]);
    expect(await errors(dir, { numbering: 'folder' })).toEqual([]);
    // A duplicate within one folder is still one.
    write(dir, 'docs/adr/frontend/0001-use-vue.md', 1, 'Use Vue');
    expect(await errors(dir, { numbering: 'folder' })).toEqual([
      'docs/adr/frontend/0001-use-react.md unique-number',
      'docs/adr/frontend/0001-use-vue.md unique-number',
    ]);
  });

  it('compares a one-file run with the records of its own folder only under numbering: folder', async () => {
    const dir = perArea();
    const one = async (config: object) =>
      (await lintAdrs(['docs/adr/frontend/0001-use-react.md'], { cwd: dir, config }))[0]!.messages
        .filter((m) => m.ruleId === 'unique-number')
        .map((m) => m.message);
    expect(await one({})).toEqual(['ADR number 0001 is also used by 0001-use-postgres']);
    expect(await one({ numbering: 'folder' })).toEqual([]);
  });

  it('rejects an unknown scope', async () => {
    await expect(lintAdrs([], { cwd: perArea(), config: { numbering: 'area' } as object })).rejects.toThrow(
      /numbering/,
    );
  });

  it('--init learns numbering: folder from per-area series, and the next record of an area passes', async () => {
    const dir = perArea();
    const { io, out } = cli(dir);
    expect(await runAdr(['--init'], io)).toBe(0);
    expect(out.stdout).toContain('numbering: folder');
    const text = readFileSync(path.join(dir, '.adrlintrc.yaml'), 'utf8');
    expect(text).toContain('# Numbers: each folder numbers its own series. 1 number used in more than one of the 2');
    expect(text).toContain('\nnumbering: folder\n');
    // Passes as it is, without freezing the repeats as warnings.
    expect(text).not.toContain('unique-number');
    expect(await errors(dir)).toEqual([]);
    write(dir, 'docs/adr/frontend/0002-use-vite.md', 2, 'Use Vite');
    expect(await errors(dir)).toEqual([]);
  });

  it('--init takes a translation (0001-x.de.md beside 0001-x.md) for the same record, not a repeat', async () => {
    const dir = perArea();
    write(dir, 'docs/adr/backend/0001-use-postgres.de.md', 1, 'Postgres verwenden');
    write(dir, 'docs/adr/frontend/0001-use-react.pt-BR.md', 1, 'Usar React');
    const { io, out } = cli(dir);
    expect(await runAdr(['--init'], io)).toBe(0);
    expect(out.stdout).toContain('numbering: folder');
    const text = readFileSync(path.join(dir, '.adrlintrc.yaml'), 'utf8');
    expect(text).toContain('# Numbers: each folder numbers its own series. 1 number used in more than one of the 2');
    expect(await errors(dir)).toEqual([]);
    // A file extension is no language: 0002-use-kafka.js.md is a second record numbered 2.
    write(dir, 'docs/adr/backend/0002-use-kafka.js.md', 2, 'Use Kafka from JS');
    const again = cli(dir);
    expect(await runAdr(['--init', '--force'], again.io)).toBe(0);
    expect(readFileSync(path.join(dir, '.adrlintrc.yaml'), 'utf8')).not.toMatch(/^numbering:/m);
  });

  it('--init keeps the default when numbers repeat within a folder or the records share one folder', async () => {
    const dup = perArea();
    write(dup, 'docs/adr/backend/0002-use-redis.md', 2, 'Use Redis');
    expect(await runAdr(['--init'], cli(dup).io)).toBe(0);
    expect(readFileSync(path.join(dup, '.adrlintrc.yaml'), 'utf8')).not.toMatch(/^numbering:/m);

    const flat = tmpDir();
    write(flat, 'docs/adr/0001-a.md', 1, 'A');
    write(flat, 'docs/adr/0002-b.md', 2, 'B');
    expect(await runAdr(['--init'], cli(flat).io)).toBe(0);
    expect(readFileSync(path.join(flat, '.adrlintrc.yaml'), 'utf8')).not.toMatch(/numbering/);
  });
});

describe('unique-number among many records on disk', () => {
  // Node's path.join normalises a path character by character: one per record on disk in a
  // pre-commit hook's one-file check made V8 optimise Node's path functions (issue 15). The folder
  // scan concatenates the names readdir gives.
  it('calls path.join no more for 60 records on disk than for 10 (one file linted)', async () => {
    const joinsWith = async (records: number): Promise<number> => {
      const dir = tmpDir();
      for (let n = 1; n <= records; n++)
        write(dir, `docs/adr/${String(n).padStart(4, '0')}-decision-${n}1.md`, n, `Decision ${n}1`);
      const join = vi.spyOn(path, 'join');
      try {
        const [r] = await lintAdrs(['docs/adr/0001-decision-11.md'], { cwd: dir });
        expect(r!.messages.filter((m) => m.ruleId === 'unique-number')).toEqual([]);
        return join.mock.calls.length;
      } finally {
        join.mockRestore();
      }
    };
    const few = await joinsWith(10);
    expect(await joinsWith(60)).toBe(few);
  });

  it('still finds a record on disk that shares the linted one’s number', async () => {
    const dir = tmpDir();
    for (let n = 1; n <= 12; n++) write(dir, `docs/adr/${String(n).padStart(4, '0')}-decision-${n}.md`, n, `D ${n}`);
    write(dir, 'docs/adr/archive/0001-older.md', 1, 'Older');
    const [r] = await lintAdrs(['docs/adr/0001-decision-1.md'], { cwd: dir });
    expect(r!.messages.filter((m) => m.ruleId === 'unique-number').map((m) => m.message)).toEqual([
      'ADR number 0001 is also used by 0001-older',
    ]);
  });
});

describe('superseded by a record in another folder of the ADR tree', () => {
  /** docs/adr/0001 superseded by ADR-0003, which `distroless-adr new --dir` put in frontend/. */
  function across(target: string): string {
    const dir = tmpDir();
    write(dir, 'docs/adr/backend/0002-use-kafka.md', 2, 'Use Kafka');
    write(dir, 'docs/adr/frontend/0003-use-react.md', 3, 'Use React');
    const old = record(1, 'Use jQuery').replace('Accepted', `Superseded by ${target}`);
    writeFileSync(path.join(dir, 'docs/adr/0001-use-jquery.md'), old);
    return dir;
  }
  const rules = async (dir: string, paths: string[], config = {}) =>
    (await lintAdrs(paths, { cwd: dir, config })).flatMap((r) =>
      r.messages.filter((m) => m.ruleId.startsWith('supersed')).map((m) => `${r.file} ${m.ruleId}: ${m.message}`),
    );

  it('finds the number anywhere in the tree, in a whole run and in a one-file run', async () => {
    const dir = across('ADR-0003');
    // The reciprocal warning is the only finding: 0003 does not say it supersedes 0001.
    expect(await rules(dir, ['docs/adr'])).toEqual([
      'docs/adr/frontend/0003-use-react.md supersedes-reciprocal: 0001-use-jquery says it is superseded by this ' +
        "ADR, but this ADR does not say 'Supersedes 0001-use-jquery'",
    ]);
    expect(await rules(dir, ['docs/adr/0001-use-jquery.md'])).toEqual([]);
  });

  it('still reports a number no record of the tree has, and one across folders that number their own', async () => {
    expect(await rules(across('ADR-0009'), ['docs/adr'])).toEqual([
      "docs/adr/0001-use-jquery.md superseded-by-target: superseded by 'ADR-0009', which is not an ADR in this folder",
    ]);
    const dir = across('ADR-0003');
    const perFolder = await rules(dir, ['docs/adr'], { numbering: 'folder' });
    expect(perFolder).toEqual([expect.stringContaining("superseded-by-target: superseded by 'ADR-0003'")]);
  });
});
