// git as a test's team member runs it: a fixed identity, no signing, whatever the machine's config.
import { execFileSync } from 'node:child_process';

const IDENTITY = ['-c', 'user.name=Test', '-c', 'user.email=test@localhost', '-c', 'commit.gpgsign=false'];

/** Runs git in `dir` and returns its stdout; throws (with git's stderr) when it fails. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', [...IDENTITY, ...args], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
}
