// distroless-adr and distroless-validate adr find the ADR folder by one rule (the validator's
// findAdrFolders): the folder each one uses, for the same repository, is the same (review D17).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { lintAdrs } from '@distroless-service/validator';
import { describe, expect, it } from 'vitest';
import { adr, tmpRepo } from './support/cli.js';

const record = (n: number, title: string) =>
  `# ${n}. ${title}\n\nDate: 2024-01-0${n}\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n` +
  '## Consequences\n\ne\n';

/** The folder `list` read its records from, and the folder the linter linted, from `cwd`. */
async function both(cwd: string): Promise<{ list: string[]; lint: string[] }> {
  const r = adr(cwd, ['list', '--format', 'json']);
  expect(r.status, r.stderr).toBe(0);
  const list = (JSON.parse(r.stdout) as Array<{ file: string }>).map((e) => e.file);
  const lint = (await lintAdrs([], { cwd, workers: 0 })).map((x) => path.basename(x.file));
  return { list, lint };
}

describe('one rule for the ADR folder', () => {
  it('.adr-dir naming a folder no default name matches: both use it', async () => {
    const dir = tmpRepo({ '.adr-dir': 'docs/decisions-log\n', 'docs/decisions-log/0001-a.md': record(1, 'A') });
    expect(await both(dir)).toEqual({ list: ['0001-a.md'], lint: ['0001-a.md'] });
  });

  it("distroless-adr's settings without a dir do not hide .adr-dir beside them", async () => {
    const dir = tmpRepo({
      '.distroless-adr.json': JSON.stringify({ template: 'nygard' }),
      '.adr-dir': 'architecture/log\n',
      'architecture/log/0001-a.md': record(1, 'A'),
    });
    expect(await both(dir)).toEqual({ list: ['0001-a.md'], lint: ['0001-a.md'] });
    const r = adr(dir, ['new', 'Next', '--template', 'nygard']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(path.join('architecture', 'log', '0002-next.md'));
  });

  it('a FIFO where a settings file is looked for: exit 2 at once, for new and for the linter alike', async () => {
    for (const name of ['.distroless-adr.json', '.adr-dir', 'package.json']) {
      const dir = tmpRepo({ 'docs/adr/0001-a.md': record(1, 'A') });
      expect(spawnSync('mkfifo', [path.join(dir, name)]).status).toBe(0);
      const r = adr(dir, ['new', 'Next'], {}, [], 20_000);
      expect(r.signal, `${name}: new hung`).toBeNull();
      expect(r.status, name).toBe(2);
      expect(r.stderr, name).toMatch(/is not a regular file \(a FIFO or a device\)\n/);
      await expect(lintAdrs([], { cwd: dir, workers: 0 }), name).rejects.toThrow(/is not a regular file/);
    }
  });
});
