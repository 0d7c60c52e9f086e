// Runs the built CLI as a user would: a child process, no TTY, CI unset unless given.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; bin?: string; timeout?: number; user?: number } = {},
): RunResult {
  const env = { ...process.env, ...options.env };
  if (!options.env || !('CI' in options.env)) delete env.CI;
  // As another user (root ignores file modes): setpriv, as an administrator would run it.
  const [command, ...prefix] =
    options.user === undefined
      ? [process.execPath]
      : ['setpriv', `--reuid=${options.user}`, `--regid=${options.user}`, '--clear-groups', process.execPath];
  const result = spawnSync(command!, [...prefix, options.bin ?? CLI, ...args], {
    cwd: options.cwd,
    env,
    input: '',
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    // A run blocked in a system call may never reach its SIGTERM handler.
    killSignal: 'SIGKILL',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** runCli without blocking this process, for a test whose own server must answer the CLI meanwhile. */
export function runCliAsync(args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function tempDir(prefix = 'cds-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fingerprint of every file and directory below dir, to prove nothing changed. */
export function snapshot(dir: string): string {
  if (!fs.existsSync(dir)) return 'absent';
  const hash = createHash('sha256');
  for (const entry of fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .sort((a, b) => path.join(a.parentPath, a.name).localeCompare(path.join(b.parentPath, b.name)))) {
    const full = path.join(entry.parentPath, entry.name);
    hash.update(path.relative(dir, full) + (entry.isFile() ? ':' + fs.readFileSync(full, 'base64') : '/') + '\n');
  }
  return hash.digest('hex');
}

export function listTree(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The FROM lines of a generated service's Dockerfile. */
export function froms(dir: string): string[] {
  return fs
    .readFileSync(path.join(dir, 'Dockerfile'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('FROM '));
}
