// The root a run's paths are seen from: the git work tree's top level, where GitHub resolves
// annotation and code-scanning paths, and the boundary --fix writes within.
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** The top level of the git work tree `dir` is in (its real path), or null outside one (or without git). */
export function gitTopLevel(dir: string): string | null {
  try {
    // Loaded here, not at start-up: only --fix and the github and sarif formats need it.
    const { execFileSync } = process.getBuiltinModule('node:child_process');
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return top ? realpathSync.native(top) : null;
  } catch {
    return null;
  }
}

/** The repository root `cwd` is in, or `cwd` itself outside a git work tree. */
export function reportRoot(cwd: string): string {
  return gitTopLevel(cwd) ?? cwd;
}

/** `file` (relative to `cwd`) relative to `root`, with forward slashes. */
export function relativeTo(root: string, cwd: string, file: string): string {
  let abs = path.resolve(cwd, file);
  // git reports the root's real path; a cwd reached through a link is mapped onto it.
  if (!isInside(abs, root)) {
    try {
      const realCwd = realpathSync.native(cwd);
      abs = path.resolve(realCwd, file);
    } catch {
      // keep the lexical path
    }
  }
  return path.relative(root, abs).split(path.sep).join('/');
}

/** Whether `p` is `root` or inside it (both absolute, compared as given). */
export function isInside(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
