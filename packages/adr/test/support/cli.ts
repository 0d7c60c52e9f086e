// Runs the built CLI the way a user does, in a directory of the test's own.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));

export interface Run {
  status: number | null;
  signal?: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function adr(
  cwd: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  nodeArgs: string[] = [],
  timeout?: number,
): Run {
  const r = spawnSync(process.execPath, [...nodeArgs, cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, CI: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without waiting: for runs that race each other. */
export function adrAsync(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, CI: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export function tmpRepo(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'distroless-adr-test-'));
  mkdirSync(path.join(dir, '.git'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

export const read = (dir: string, file: string): string => readFileSync(path.join(dir, file), 'utf8');
export const ls = (dir: string): string[] => readdirSync(dir).sort();
