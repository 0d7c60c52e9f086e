// Host tools, found the same way by the static checks (helm) and the native engine (go, npm,
// python3).
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
