// Runs a tool (git, npm) without a shell, collecting its output; a missing tool is a ToolError
// naming it, so messages say what to install.
import { spawn } from 'node:child_process';

export class ToolError extends Error {
  override name = 'ToolError';
}

export function run(
  cmd: string,
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new ToolError(`${cmd} is not installed (update needs it)`) : error),
    );
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
  });
}
