// The CommonJS bundles bind a built-in's names once at load, without esbuild's per-module copy
// (scripts/esbuild/builtins.mjs): only the names the bundle imports may be read, so a name the
// bundle does not use, such as a deprecated getter on a newer Node (fs.F_OK on Node 24), is never
// touched.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adr, read, tmpRepo } from './support/cli.js';

const probe = fileURLToPath(new URL('./support/builtin-reads.cjs', import.meta.url));
const NYGARD =
  '# 1. X\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n';

describe('bundles', () => {
  it('read from node:fs only the names they import', () => {
    const dir = tmpRepo({ 'doc/adr/0001-x.md': NYGARD });
    const list = path.join(dir, 'reads.txt');
    // new loads the launcher, the CLI bundle and the dialect detector's.
    const r = adr(dir, ['new', 'Next'], { BUILTIN_READS: list }, ['--require', probe]);
    expect(r.status, r.stderr).toBe(0);
    const names = read(dir, 'reads.txt').trim().split('\n');
    // Names no bundle of this package imports: reading them would mean binding every name.
    for (const unused of ['fs.F_OK', 'fs.lchownSync', 'fs.lutimes', 'fs.fdatasyncSync', 'os.setPriority'])
      expect(names).not.toContain(unused);
    // And what it imports is read: the probe sees the bundles' reads.
    expect(names).toContain('fs.readdirSync');
  });

  it("the validator's lint of a folder does too, fdir's namespace import of node:fs included", () => {
    const dir = tmpRepo({ 'doc/adr/0001-x.md': NYGARD });
    const list = path.join(dir, 'reads.txt');
    const pkg = createRequire(import.meta.url).resolve('@distroless-service/validator/package.json');
    const bin = path.join(path.dirname(pkg), JSON.parse(readFileSync(pkg, 'utf8')).bin['distroless-validate']);
    const r = spawnSync(process.execPath, ['--require', probe, bin, 'adr', 'doc/adr'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, BUILTIN_READS: list },
    });
    expect(r.status, r.stderr).toBe(0);
    const names = read(dir, 'reads.txt').trim().split('\n');
    for (const unused of ['fs.F_OK', 'fs.lchownSync', 'fs.lutimes', 'fs.fdatasyncSync', 'os.setPriority'])
      expect(names).not.toContain(unused);
    // fdir walks the folder with the file system it was given: node:fs itself.
    expect(names).toContain('fs.readdir');
  });
});
