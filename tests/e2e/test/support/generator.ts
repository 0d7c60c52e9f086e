// Runs the generator's CLI as a user would: a child process, no TTY, CI unset unless given.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatorCli } from './bins.js';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runGenerator(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunResult {
  const env = { ...process.env, ...options.env };
  if (!options.env || !('CI' in options.env)) delete env.CI;
  const result = spawnSync(process.execPath, [generatorCli, ...args], {
    cwd: options.cwd,
    env,
    input: '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix = 'e2e-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
