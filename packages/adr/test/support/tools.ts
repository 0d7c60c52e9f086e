// The real tools the interoperability tests run. Where one is missing the test is skipped with its
// reason printed, except under CI=true, where a skip would hide a missing feature: there it fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Tool {
  bin: string | null;
  reason: string | null;
}

function onPath(name: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** adr-tools (Debian's package): `adr` on PATH that knows `generate toc`. */
export function findAdrTools(): Tool {
  const bin = onPath('adr');
  if (!bin) return { bin: null, reason: 'adr-tools is not installed (run .ci/install-adr-tools.sh)' };
  const help = spawnSync(bin, ['help', 'generate'], { encoding: 'utf8' });
  if (!/toc/.test(help.stdout + help.stderr)) return { bin: null, reason: `${bin} is not adr-tools` };
  return { bin, reason: null };
}

export const LOG4BRAINS_VERSION = '1.1.0';

/**
 * log4brains from npm, pinned, installed once into a cache folder outside the repository (it
 * brings Next.js: several hundred MB, too much for a devDependency). LOG4BRAINS_HOME overrides.
 */
export function findLog4brains(): Tool {
  const home =
    process.env.LOG4BRAINS_HOME ??
    path.join(
      process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
      'distroless-service',
      `log4brains-${LOG4BRAINS_VERSION}`,
    );
  const bin = path.join(home, 'node_modules', '.bin', 'log4brains');
  if (existsSync(bin)) return { bin, reason: null };
  mkdirSync(home, { recursive: true });
  const r = spawnSync(
    'npm',
    // Its install scripts only fetch optional extras the CLI's `adr` commands do not use.
    ['install', '--prefix', home, '--no-audit', '--no-fund', '--ignore-scripts', `log4brains@${LOG4BRAINS_VERSION}`],
    { encoding: 'utf8', timeout: 15 * 60_000 },
  );
  if (r.status === 0 && existsSync(bin)) return { bin, reason: null };
  const last = `${r.stderr ?? ''}${r.error?.message ?? ''}`.trim().split('\n').slice(-3).join(' / ');
  return {
    bin: null,
    reason: `cannot install log4brains@${LOG4BRAINS_VERSION} from npm: ${last || `exit ${r.status}`}`,
  };
}

/** util-linux `script`: runs a command on a pseudo-terminal, for the prompt tests. */
export function findScript(): Tool {
  const bin = onPath('script');
  if (!bin) return { bin: null, reason: 'no `script` on PATH (util-linux, e.g. apt-get install bsdutils)' };
  const v = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (!/util-linux/.test(v.stdout + v.stderr)) return { bin: null, reason: `${bin} is not util-linux's script` };
  return { bin, reason: null };
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
