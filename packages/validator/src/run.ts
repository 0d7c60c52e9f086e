// A command run as this process: its output written straight to the file descriptors, the process
// ended with its exit code once the output is out. process.stdout and process.stderr are streams
// made on first use, which load Node's stream and net modules (and tty, to ask whether stdout is a
// terminal): for one ADR linted by a pre-commit hook, a good part of its start-up (issue 15).
import { fstatSync, statSync, writeSync } from 'node:fs';
import type { Command, CommandIo } from './io.js';

/** The descriptors whose output went to their stream once (a full non-blocking pipe): it all does after. */
const streamed = new Set<1 | 2>();
const stream = (fd: 1 | 2) => (fd === 1 ? process.stdout : process.stderr);

function write(fd: 1 | 2, text: string): void {
  if (streamed.has(fd)) return void stream(fd).write(text);
  const buf = Buffer.from(text);
  for (let off = 0; off < buf.length;) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return; // the reader is gone (`| head`)
      if (code !== 'EAGAIN') throw e;
      // A non-blocking pipe that is full: the stream waits for it.
      streamed.add(fd);
      return void stream(fd).write(buf.subarray(off));
    }
  }
}

/** Whether fd is a terminal; tty is loaded only for a character device other than /dev/null. */
function isTerminal(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice()) return false;
    // Output thrown away (`> /dev/null`, a hook run for its exit code) is no terminal either.
    const devNull = statSync('/dev/null');
    if (st.rdev === devNull.rdev && st.ino === devNull.ino) return false;
  } catch {
    return false;
  }
  return process.getBuiltinModule('node:tty').isatty(fd);
}

/** Runs `command` on `argv` with this process's output, and exits with its code. */
export function runProcess(command: Command, argv: string[], name = 'distroless-validate'): void {
  let tty: boolean | undefined;
  const io: CommandIo = {
    cwd: process.cwd(),
    stdout: (t) => write(1, t),
    stderr: (t) => write(2, t),
    // Asked only when the report could be coloured.
    get isTTY() {
      return (tty ??= isTerminal(1));
    },
    env: process.env,
  };
  // Exit as soon as the result is out: a timer or socket left behind must not keep the process alive.
  const exit = (code: number) => {
    process.exitCode = code;
    const pending = [...streamed].map(stream).filter((s) => s.writableNeedDrain);
    if (pending.length === 0) return void process.exit(code);
    let left = pending.length;
    for (const s of pending) s.once('drain', () => --left === 0 && process.exit(code));
  };
  command(argv, io).then(exit, (e: unknown) => {
    write(2, `${name}: ${(e as Error).stack ?? String(e)}\n`);
    exit(2);
  });
}
