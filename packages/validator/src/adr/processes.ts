// A large run linted by child processes started with --single-threaded-gc (ADR 0019; the
// command's default from 100 files, ADR 0022). V8 takes that flag only at start-up, for the whole
// process, so worker threads cannot have it: a child process can. Each child keeps about one CPU
// busy instead of one and a half, so two of them use two CPUs. The children take batches of files
// from this process, which only hands them out and collects the results.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LintProcessError, RUN_ERRORS } from '../core/index.js';
import type { Deferred, FileDone, FileWork } from './work.js';

/** What a child runs: the compile cache, then the child bundle (child-bin.cts, scripts/bundle.mjs). */
export const childUrl = new URL('./child-bin.cjs', import.meta.url);

/** What a child is given once: the run, and the size above which it hands a file back. */
export interface ChildSetup {
  work: FileWork[];
  isolateAbove?: number;
}

/** Parent to child: the run once, then batches; `end` when the queue is empty. */
export type ToChild = { setup: ChildSetup } | { batch: number[] } | { end: true };
/** Child to parent: one message per file, `more` after each batch, `error` for a failed run. */
export type FromChild =
  { i: number; done: FileDone | Deferred } | { more: true } | { error: { name: string; message: string } };

/**
 * V8 flags every lint child starts with: one garbage-collector thread, the child's own, and a
 * later tier-up to the optimising compiler, so that fewer of the parser's functions are compiled
 * twice: each child pays its own warm-up, which is much of a short run. V8 11 (Node 20) takes a
 * larger interrupt budget (1,000,000 was best of 0.3M to 4M); later V8s refuse that flag (the
 * process exits with code 9) and take an invocation count instead (100,000 was best of 10,000 to
 * 300,000 on Node 22). Children's CPU time fell by a tenth to a fifth on the corpus (ADR 0022).
 */
export const CHILD_V8_FLAGS = [
  '--single-threaded-gc',
  Number(process.versions.v8.split('.')[0]) <= 11
    ? '--interrupt-budget=1000000'
    : '--invocation-count-for-turbofan=100000',
];

/** The most files handed to a child at once: enough to keep messages few. */
const BATCH = 8;

/**
 * Child processes a run of `files` files takes by default: one per CPU, at most 4, and only
 * when there are 50 files or more per child. A child costs a Node start-up and a parser warm-up
 * of its own (its first result comes about 0.2 s after the fork); below about 100 files two
 * children were no faster than threads. 0 means threads.
 */
export function autoProcesses(files: number, cpus: number): number {
  const n = Math.min(cpus, 4, Math.floor(files / 50));
  return n >= 2 ? n : 0;
}

/**
 * The environment a child is started with: this process's, without NODE_EXTRA_CA_CERTS. Node
 * reads that file of certificates at start-up in every process (about 10 ms where a proxy's CA
 * is set, as in many CI jobs); a lint child opens no connection.
 */
export function childEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _unused, ...rest } = env;
  return rest;
}

export interface ProcessRunOptions {
  /** Child processes to start. */
  processes: number;
  /** Files above this many bytes are handed back (`isolate`) for a thread with a heap limit. */
  isolateAbove?: number;
  /** The result of a file whose child stopped while linting it, or broke the time limit. */
  lost: (i: number, why: 'crash' | 'time', detail: string) => FileDone;
}

/**
 * Lints `work` in child processes; `done` gets each result, `defer` each file too large for a
 * process without a heap limit. A child that dies (killed, out of memory) has the file it was
 * linting reported through `lost` and a fresh child takes the rest of its batch; a child that
 * dies before linting anything fails the run, so a broken start cannot loop. Every child has
 * exited when this returns or throws.
 */
export async function runInProcesses(
  work: FileWork[],
  options: ProcessRunOptions,
  done: (i: number, d: FileDone) => void,
  defer: (i: number) => void,
): Promise<void> {
  const { fork } = process.getBuiltinModule('node:child_process');
  const { fileTimeLimit } = work[0]!.config;
  const queue = work.map((_, i) => i);
  let next = 0;
  let failed: Error | null = null;
  const live = new Set<ChildProcess>();

  // Batches shrink as the queue empties, so the children finish together rather than one
  // linting its last eight files while the others wait.
  const take = (): number[] => {
    const size = Math.max(1, Math.min(BATCH, Math.ceil((queue.length - next) / (2 * options.processes))));
    const b = queue.slice(next, next + size);
    next += b.length;
    return b;
  };

  const startChild = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const child = fork(fileURLToPath(childUrl), [], {
        execArgv: CHILD_V8_FLAGS,
        env: childEnv(),
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      live.add(child);
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (t: string) => {
        stderr = (stderr + t).slice(-2000);
      });
      /** The batch in hand: files sent and not yet reported, in the order the child lints them. */
      let pending: number[] = [];
      let linted = 0;
      let ended = false;
      let lastHeard = performance.now();
      const send = (m: ToChild): void => {
        child.send(m);
      };
      const giveMore = (): void => {
        pending = failed ? [] : take();
        if (pending.length === 0) {
          ended = true;
          send({ end: true });
        } else send({ batch: pending });
      };
      // A last resort, as for threads: the child bounds each file itself; one that stays silent
      // far beyond that is ended from here and its file reported.
      const watch = setInterval(() => {
        if (pending.length > 0 && performance.now() - lastHeard > fileTimeLimit * 2000 + 5000) {
          lose('time', `no answer for more than ${2 * fileTimeLimit + 5} s`);
          child.kill('SIGKILL');
        }
      }, 1000);
      watch.unref();
      let lostFile = false;
      const lose = (why: 'crash' | 'time', detail: string): void => {
        if (lostFile || pending.length === 0) return;
        lostFile = true;
        const i = pending.shift()!;
        done(i, options.lost(i, why, detail));
        // The rest of the batch goes back to the queue, for the next child to take.
        queue.push(...pending);
        pending = [];
      };
      child.on('message', (m: FromChild) => {
        lastHeard = performance.now();
        if ('i' in m) {
          pending = pending.filter((p) => p !== m.i);
          linted++;
          if ('isolate' in m.done) defer(m.i);
          else done(m.i, m.done);
        } else if ('more' in m) giveMore();
        else {
          const Known = RUN_ERRORS[m.error.name];
          failed ??= Known ? new Known(m.error.message) : new Error(m.error.message);
          // Every child ends after its current batch.
          next = queue.length;
          pending = [];
          ended = true;
          send({ end: true });
        }
      });
      child.on('error', (e) => {
        failed ??= new LintProcessError(`cannot start a lint process: ${e.message}`);
        // A child that never started sends no exit event.
        if (child.pid === undefined) {
          clearInterval(watch);
          live.delete(child);
          resolve();
        }
      });
      child.on('exit', (code, signal) => {
        clearInterval(watch);
        live.delete(child);
        if (ended && pending.length === 0) return resolve();
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        const tail = stderr.trim().split('\n').slice(-3).join('\n');
        if (linted === 0 && !lostFile) {
          // Nothing linted: a child that cannot start would fail again, so the run fails.
          failed ??= new LintProcessError(
            `a lint process stopped before linting any file (${how})${tail ? `: ${tail}` : ''}`,
          );
          return resolve();
        }
        lose('crash', how);
        resolve(failed ? undefined : startChild());
      });
      send({ setup: { work, ...(options.isolateAbove === undefined ? {} : { isolateAbove: options.isolateAbove }) } });
      giveMore();
    });

  try {
    const children: Promise<void>[] = [];
    for (let c = 0; c < Math.min(options.processes, Math.ceil(queue.length / BATCH)); c++) children.push(startChild());
    await Promise.all(children);
    // A child that died took its batch's rest back to the queue after the others had ended.
    while (!failed && next < queue.length) await startChild();
  } finally {
    for (const c of live) c.kill('SIGKILL');
  }
  if (failed) throw failed;
}
