// Running the target's commands without trusting them: each command runs in a process group of
// its own, output is kept bounded (head and tail, the rest counted), and the whole group is killed
// when the step's signal fires (its deadline, or an interrupt of the verifier) or when the command
// exits while background children of it still run.
import fs from 'node:fs';
import { execa } from 'execa';

/** Characters of output kept from the start and from the end of a command's output. */
export const OUTPUT_HEAD = 32 * 1024;
export const OUTPUT_TAIL = 32 * 1024;

/** Keeps the first `headMax` and the last `tailMax` characters of a stream, and counts the rest. */
export class BoundedOutput {
  private head = '';
  private tail: string[] = [];
  private tailLength = 0;
  /** Characters dropped between head and tail. */
  omitted = 0;

  constructor(
    private readonly headMax = OUTPUT_HEAD,
    private readonly tailMax = OUTPUT_TAIL,
  ) {}

  push(chunk: string): void {
    if (this.head.length < this.headMax) {
      const take = chunk.slice(0, this.headMax - this.head.length);
      this.head += take;
      chunk = chunk.slice(take.length);
    }
    if (!chunk) return;
    this.tail.push(chunk);
    this.tailLength += chunk.length;
    while (this.tail.length > 1 && this.tailLength - this.tail[0]!.length >= this.tailMax) {
      const dropped = this.tail.shift()!;
      this.tailLength -= dropped.length;
      this.omitted += dropped.length;
    }
    const extra = this.tailLength - this.tailMax;
    if (extra > 0) {
      this.tail[0] = this.tail[0]!.slice(extra);
      this.tailLength -= extra;
      this.omitted += extra;
    }
  }

  toString(): string {
    const tail = this.tail.join('');
    if (!this.omitted) return this.head + tail;
    return `${this.head}\n[… ${this.omitted} characters of output omitted …]\n${tail}`;
  }
}

/** Pids of every living descendant of `pid`, deepest last. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      let children = '';
      try {
        children = fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const c of children.trim().split(/\s+/).filter(Boolean).map(Number)) {
        out.push(c);
        queue.push(c);
      }
    }
  }
  return out;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Gone already.
  }
}

/** SIGKILL to a process group and to every descendant of its leader (those that left the group too). */
export function killTree(pid: number): void {
  const below = descendants(pid);
  signal(-pid, 'SIGKILL');
  signal(pid, 'SIGKILL');
  for (const p of below) signal(p, 'SIGKILL');
}

export interface BoundedRun {
  exitCode: number | null;
  output: string;
  /** The step's signal fired (deadline or interrupt) and the command was killed. */
  stopped: boolean;
}

export interface BoundedOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Start from `env` only, not from the verifier's own environment. */
  extendEnv?: boolean;
  /** Fires at the step's deadline or on an interrupt: the command's tree is stopped. */
  signal?: AbortSignal;
  /**
   * How to stop the tree (default: killTree). The container engine first kills what runs below
   * the engine's CLI, so the engine itself removes its build containers.
   */
  stop?: (pid: number) => Promise<void> | void;
}

/**
 * Runs one command in its own process group with bounded output. Never throws for the command's
 * own failure: a missing executable is exit code null with the reason as output.
 */
export async function runBounded(cmd: string, args: string[], options: BoundedOptions = {}): Promise<BoundedRun> {
  const output = new BoundedOutput();
  if (options.signal?.aborted) return { exitCode: null, output: '', stopped: true };
  const child = execa(cmd, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: options.extendEnv ?? true,
    detached: true,
    buffer: false,
    all: true,
    reject: false,
    stdin: 'ignore',
  });
  child.all?.setEncoding('utf8');
  child.all?.on('data', (d: string) => output.push(d));
  let stopped = false;
  const pid = child.pid;
  const stop = async () => {
    stopped = true;
    if (!pid) return;
    await options.stop?.(pid);
    killTree(pid);
  };
  const onAbort = () => void stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // Background processes the command left behind would hold its output open: they end with it.
  child.once('exit', () => pid && signal(-pid, 'SIGKILL'));
  try {
    const r = await child;
    if (r.failed && r.exitCode === undefined && !r.signal && !stopped) output.push(r.message ?? '');
    return { exitCode: r.exitCode ?? null, output: output.toString(), stopped };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
