// Finds the host toolchains the end-to-end tests need, the way the validator's native engine does.
// Where one is missing the test is skipped with its reason printed, except under CI=true, where a
// skip would hide a missing feature: there the test runs and fails with the reason.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { findGoToolchain, onPath } from '@distroless-service/validator/service';

export interface Tool {
  bin: string | null;
  reason: string | null;
}

/** The Go version generated services declare (their go.mod's `go` line), e.g. [1, 26, 0]. */
export function goNeeded(): number[] {
  const mod = readFileSync(new URL('../../../../templates/go/go.mod.hbs', import.meta.url), 'utf8');
  const m = /^go (\d+)\.(\d+)(?:\.(\d+))?$/m.exec(mod);
  if (!m) throw new Error('templates/go/go.mod.hbs has no go line');
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function findGo(): Tool {
  const need = goNeeded().join('.');
  const bin = findGoToolchain();
  if (!bin) return { bin, reason: `no go toolchain (Go ${need}+ on PATH, e.g. from go.dev)` };
  // The tests run with GOTOOLCHAIN=local: an older go refuses the services' go.mod rather than
  // downloading a newer toolchain.
  const v = spawnSync(bin, ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?/.exec(v.stdout.trim());
  const have = m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [0, 0, 0];
  const older = have.findIndex((n, i) => n !== goNeeded()[i]);
  if (older !== -1 && have[older]! < goNeeded()[older]!)
    return {
      bin: null,
      reason: `${bin} is ${v.stdout.trim() || 'unknown'}, older than the go ${need} generated services need`,
    };
  return { bin, reason: null };
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

/** Why the native engine's sandbox (bubblewrap) cannot start here, or null when it can. */
export function sandboxReason(): string | null {
  // A generous bound: on a loaded machine starting a sandbox has taken over 20 s.
  const r = spawnSync('bwrap', ['--unshare-user', '--unshare-net', '--ro-bind', '/', '/', 'true'], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
  if (r.status === 0) return null;
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  const why = code === 'ENOENT' ? 'no bwrap on PATH' : (r.error?.message ?? `exit ${r.status}: ${r.stderr.trim()}`);
  return `the native engine's sandbox cannot start (${why}; .ci/install-sandbox.sh installs bubblewrap)`;
}

/** A toolchain the native engine runs in its sandbox: usable only when both are. */
export function withSandbox(tool: Tool): Tool {
  if (tool.reason) return tool;
  const reason = sandboxReason();
  return reason ? { bin: null, reason } : tool;
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
