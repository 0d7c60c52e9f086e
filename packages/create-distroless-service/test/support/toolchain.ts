// Finds the host toolchains the end-to-end tests need. Where one is missing the test is skipped
// with its reason printed, except under CI=true, where a skip would hide a missing feature: there
// the test runs and fails with the reason.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Tool {
  bin: string | null;
  reason: string | null;
}

function onPath(name: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function findGo(): Tool {
  let bin = onPath('go');
  if (!bin) {
    // Debian's golang-1.NN-go packages install under /usr/lib/go-1.NN without a symlink on PATH.
    const dirs = fs.existsSync('/usr/lib') ? fs.readdirSync('/usr/lib').filter((d) => /^go-1\.\d+$/.test(d)) : [];
    dirs.sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]));
    bin = dirs.map((d) => path.join('/usr/lib', d, 'bin', 'go')).find((p) => fs.existsSync(p)) ?? null;
  }
  return { bin, reason: bin ? null : 'no go toolchain (install golang-1.23-go from bookworm-backports; .ci/run does)' };
}

export function findPython(): Tool {
  const bin = onPath('python3');
  if (!bin) return { bin, reason: 'no python3 on PATH' };
  const v = spawnSync(bin, ['-c', 'import sys; print(sys.version_info >= (3, 11))'], { encoding: 'utf8' });
  return v.stdout.trim() === 'True' ? { bin, reason: null } : { bin: null, reason: `${bin} is older than 3.11` };
}

export function findNpm(): Tool {
  const bin = onPath('npm');
  return { bin, reason: bin ? null : 'no npm on PATH' };
}

/** True when the suite should be skipped; prints why. Under CI=true never skips. */
export function skipWithout(tool: Tool, what: string): boolean {
  if (!tool.reason) return false;
  if (process.env.CI) return false;
  console.warn(`SKIP ${what}: ${tool.reason}`);
  return true;
}

/** Call first inside a test that may run without its tool under CI=true. */
export function requireTool(tool: Tool): string {
  if (!tool.bin) throw new Error(`${tool.reason} — required because CI=true (a skip would hide a missing feature)`);
  return tool.bin;
}
