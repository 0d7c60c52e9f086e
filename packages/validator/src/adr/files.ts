// Which files a run lints: explicit files always; directories and globs
// expand to Markdown files minus the ignore globs.
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../core/index.js';
import { DEFAULT_ADR_DIRS } from './folders.js';

export { UsageError };

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

async function exists(p: string): Promise<'dir' | 'file' | null> {
  try {
    return (await stat(p)).isDirectory() ? 'dir' : 'file';
  } catch {
    try {
      // A dangling link or a link loop is still a file the user named.
      await lstat(p);
      return 'file';
    } catch {
      return null;
    }
  }
}

export async function resolveFiles(patterns: string[], cwd: string, ignore: string[]): Promise<string[]> {
  const isIgnored = picomatch(ignore, { dot: true });
  const out = new Set<string>();
  let targets = patterns;
  if (targets.length === 0) {
    targets = [];
    for (const d of DEFAULT_ADR_DIRS) if ((await exists(path.join(cwd, d))) === 'dir') targets.push(d);
    if (targets.length === 0)
      throw new UsageError(`no ADR folder found (looked for ${DEFAULT_ADR_DIRS.join(', ')}); pass paths or globs`);
  }
  for (const t of targets) {
    const abs = path.resolve(cwd, t);
    const kind = await exists(abs);
    if (kind === 'file') {
      out.add(abs);
      continue;
    }
    let found: string[];
    if (kind === 'dir') {
      found = await glob(['**/*.md', '**/*.markdown'], {
        cwd: abs,
        absolute: true,
        followSymbolicLinks: true,
        dot: false,
      });
      found = found.filter(
        (f) => !isIgnored(toPosix(path.relative(abs, f))) && !isIgnored(toPosix(path.relative(cwd, f))),
      );
    } else if (isDynamicPattern(t)) {
      found = await glob([t], { cwd, absolute: true, followSymbolicLinks: true });
      found = found.filter((f) => !isIgnored(toPosix(path.relative(cwd, f))));
      if (found.length === 0) throw new UsageError(`no files match '${t}'`);
    } else {
      throw new UsageError(`no such file or directory: ${t}`);
    }
    for (const f of found) out.add(path.normalize(f));
  }
  return [...out].sort();
}

export function displayPath(abs: string, cwd: string): string {
  return toPosix(path.relative(cwd, abs)) || toPosix(abs);
}
