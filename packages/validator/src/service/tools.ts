// Host tools, found the same way by the static checks (helm) and the native engine (go, npm,
// python3).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * go on PATH, else the newest of Debian's golang-1.NN-go, which install under /usr/lib/go-1.NN
 * without a link on PATH.
 */
export function findGoToolchain(): string | null {
  const p = onPath('go');
  if (p) return p;
  let dirs: string[] = [];
  try {
    dirs = fs.readdirSync('/usr/lib').filter((d) => /^go-1\.\d+$/.test(d));
  } catch {
    return null;
  }
  dirs.sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]));
  return dirs.map((d) => path.join('/usr/lib', d, 'bin', 'go')).find((g) => fs.existsSync(g)) ?? null;
}

/** A Go version as go.mod and `go version` write it (`1.26`, `1.26.0`, `go1.26rc1`), for ordering. */
export function parseGoVersion(text: string): number[] | null {
  const m = /(?:^|go)(\d+)\.(\d+)(?:\.(\d+)|(?:rc|beta)(\d+))?/.exec(text);
  if (!m) return null;
  // A release candidate or beta (1.26rc1) comes before 1.26.0: patch -1.
  return [Number(m[1]), Number(m[2]), m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? -1 : 0];
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The version in go.mod's `go` line (`go 1.26.0`), or null when there is none. */
export function goModVersion(dir: string): string | null {
  let mod: string;
  try {
    mod = fs.readFileSync(path.join(dir, 'go.mod'), 'utf8');
  } catch {
    return null;
  }
  return /^go[ \t]+(\d+\.\d+(?:\.\d+|(?:rc|beta)\d+)?)[ \t]*(?:\/\/.*)?$/m.exec(mod)?.[1] ?? null;
}

/**
 * Why `go` cannot build the service in `dir`: older than its go.mod's `go` line, which a build with
 * GOTOOLCHAIN=local (the native engine's) refuses only after it has started. Null when it can, or
 * when either version cannot be read (a development build: the build itself then says).
 */
export function goTooOld(go: string, dir: string): string | null {
  const need = goModVersion(dir);
  const wanted = need && parseGoVersion(need);
  if (!need || !wanted) return null;
  // Outside the service, with GOTOOLCHAIN=local: the version of this go, never one it would fetch.
  const r = spawnSync(go, ['version'], {
    cwd: path.dirname(go),
    env: { ...process.env, GOTOOLCHAIN: 'local' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const have = /\bgo version (go\S+)/.exec(r.stdout ?? '')?.[1];
  const version = have && !/devel/.test(have) ? parseGoVersion(have) : null;
  if (!have || !version || compareVersions(version, wanted) >= 0) return null;
  return (
    `${go} is ${have}, older than go ${need} that go.mod's go line asks for: ` +
    `install Go ${need} or later (https://go.dev/dl/) and put it first on PATH, or use a container engine`
  );
}
