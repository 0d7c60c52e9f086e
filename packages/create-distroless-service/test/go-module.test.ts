// Names Go keeps for itself: a Go service named std, cmd, all, tool or after a standard-library
// package gets a module path that builds (example/<name>). (A Windows device name, which Go refuses
// in any module path, is refused for every language: test/inputs.test.ts.) The go toolchain checks
// are skipped without go, except under CI=true, where they fail.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { goModulePath } from '../src/data.js';
import { runCli, tempDir } from './support/cli.js';

const KEPT = ['std', 'cmd', 'all', 'tool', 'go', 'toolchain', 'fmt', 'log', 'time', 'net'];

function findGo(): string | null {
  for (const bin of ['go', '/usr/local/go/bin/go']) {
    if (spawnSync(bin, ['version'], { encoding: 'utf8' }).status === 0) return bin;
  }
  return null;
}
const go = findGo();
const skipGo = !go && !process.env.CI;
if (skipGo) console.warn('SKIP go module path builds: no go toolchain (go on PATH or /usr/local/go/bin)');

describe('Go module paths', () => {
  it.each(KEPT)('a Go service named %s gets module example/<name>', (name) => {
    const dir = path.join(tempDir(), name);
    const r = runCli([dir, '--lang', 'go', '--yes', '--no-git']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8').split('\n')[0]).toBe(`module example/${name}`);
  });

  it('keeps module <name> for every other name', () => {
    expect(goModulePath('orders')).toBe('orders');
    expect(goModulePath('std-lib')).toBe('std-lib');
  });

  describe.skipIf(skipGo)('under the go toolchain', () => {
    it('every top-level standard-library path of this Go is kept', () => {
      if (!go) throw new Error('no go toolchain — required because CI=true (a skip would hide a missing feature)');
      const r = spawnSync(go, ['list', 'std'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const tops = [
        ...new Set(
          r.stdout
            .trim()
            .split('\n')
            .map((p) => p.split('/')[0]!),
        ),
      ];
      expect(tops.filter((top) => goModulePath(top) === top)).toEqual([]);
    });

    it.each([...KEPT, 'orders'])('a module named as the generator names %s builds', (name) => {
      if (!go) throw new Error('no go toolchain — required because CI=true (a skip would hide a missing feature)');
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'go.mod'), `module ${goModulePath(name)}\n\ngo 1.22\n`);
      fs.writeFileSync(path.join(dir, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println() }\n');
      const r = spawnSync(go, ['build', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOFLAGS: '' } });
      expect(r.status, r.stderr).toBe(0);
      // `go build .` names the binary after the module path's last element, as the README says.
      expect(fs.existsSync(path.join(dir, name))).toBe(true);
    });
  });
});
