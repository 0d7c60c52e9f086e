// Why the native engine's sandbox (bubblewrap, as src/service/engines/native.ts starts it) cannot
// run a service here, or null when it can: tests that need it skip with this reason, and fail
// with it under CI=true.
import { spawnSync } from 'node:child_process';

export function sandboxReason(tool: string): string | null {
  if (spawnSync(tool, ['--version']).status !== 0) return `no ${tool} on PATH`;
  const r = spawnSync('bwrap', ['--unshare-user', '--unshare-net', '--ro-bind', '/', '/', 'true'], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
  if (r.status === 0) return null;
  return `the native engine's sandbox cannot start (${r.error?.message ?? `exit ${r.status}: ${r.stderr.trim()}`})`;
}
