// The published bin (dist/bin.cjs): `--version` answered from CommonJS without Node's ES module
// loader (issue 15: start-up), every other command run by the ES module CLI. Asserted on output
// and on the built-ins the process loaded (process.moduleLoadList), not on time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};
const BIN = fileURLToPath(new URL(`../${pkg.bin['distroless-validate']}`, import.meta.url));
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Runs script with args; returns its output and the built-ins it loaded. */
function run(script: string, args: string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'validator-bin-'));
  const list = path.join(dir, 'modules.txt');
  const probe = path.join(dir, 'probe.cjs');
  writeFileSync(
    probe,
    "const fs = require('node:fs');\n" +
      "process.on('exit', () => fs.writeFileSync(process.env.MODULE_LIST_FILE, process.moduleLoadList.join('\\n')));",
  );
  const r = spawnSync(process.execPath, ['--require', probe, script, ...args], {
    cwd: dir,
    env: { ...process.env, MODULE_LIST_FILE: list },
    encoding: 'utf8',
  });
  const modules = new Set(
    readFileSync(list, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('NativeModule '))
      .map((l) => l.slice(13)),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, modules, dir };
}

/** What a run loaded beyond an empty CommonJS script on the same Node (Node 24 starts its ES module
 * loader for every script, so the loader's modules alone say nothing there). */
function loadedBeyondBaseline(r: ReturnType<typeof run>): Set<string> {
  const empty = path.join(r.dir, 'empty.cjs');
  writeFileSync(empty, '');
  const base = run(empty, []).modules;
  return new Set([...r.modules].filter((m) => !base.has(m)));
}

const UNWANTED = ['internal/modules/esm/translators', 'internal/fs/promises', 'stream'];

describe('distroless-validate bin', () => {
  it('is CommonJS', () => {
    expect(BIN.endsWith('.cjs')).toBe(true);
  });

  for (const flag of ['--version', '-v']) {
    it(`${flag} prints the version without the ES module loader or streams`, () => {
      const r = run(BIN, [flag]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
      const extra = loadedBeyondBaseline(r);
      for (const unwanted of UNWANTED) expect(extra.has(unwanted), unwanted).toBe(false);
    });
  }

  it('the ES module entry does load them (so the check above can fail)', () => {
    const r = run(CLI, ['--version']);
    expect(r.stdout).toBe(`${pkg.version}\n`);
    const extra = loadedBeyondBaseline(r);
    expect(UNWANTED.filter((m) => extra.has(m))).toEqual(expect.arrayContaining(['internal/fs/promises', 'stream']));
  });

  it('runs every other command as the ES module CLI does', () => {
    const good = path.join(mkdtempSync(path.join(os.tmpdir(), 'validator-bin-adr-')), '0001-use-postgres.md');
    writeFileSync(
      good,
      [
        '# 1. Use PostgreSQL',
        'Date: 2026-01-05',
        '## Status',
        'Accepted',
        '## Context',
        'We need a store.',
        '## Decision',
        'We use PostgreSQL.',
        '## Consequences',
        'One database.',
      ].join('\n\n') + '\n',
    );
    const broken = path.join(path.dirname(good), 'broken.md');
    writeFileSync(broken, 'no heading\n');
    for (const args of [['adr', good], ['adr', broken], ['nope'], ['--help']]) {
      const viaBin = run(BIN, args);
      const direct = run(CLI, args);
      expect({ code: viaBin.code, stdout: viaBin.stdout, stderr: viaBin.stderr }, args.join(' ')).toEqual({
        code: direct.code,
        stdout: direct.stdout,
        stderr: direct.stderr,
      });
    }
    expect(run(BIN, ['adr', good]).code).toBe(0);
    expect(run(BIN, ['adr', broken]).stdout).toContain('title-present');
    expect(run(BIN, ['nope']).code).toBe(2);
  });
});
