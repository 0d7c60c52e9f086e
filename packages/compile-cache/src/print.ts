// Output lines written straight to the file descriptor. process.stdout and process.stderr are
// streams created on first use, which loads Node's stream machinery: for a command that prints
// one path, a good part of its start-up. Written synchronously, nothing is lost on process.exit.
// Shared by distroless-adr and create-distroless-service, which bundle it.
import { writeSync } from 'node:fs';

function write(fd: 1 | 2, text: string): void {
  const buf = Buffer.from(text);
  for (let off = 0; off < buf.length;) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return; // the reader is gone (`| head`)
      // A non-blocking pipe that is full: the stream waits for it.
      if (code === 'EAGAIN') return void (fd === 1 ? process.stdout : process.stderr).write(buf.subarray(off));
      throw e;
    }
  }
}

/** One line to stdout. */
export const out = (line: string): void => write(1, `${line}\n`);
/** One line to stderr. */
export const err = (line: string): void => write(2, `${line}\n`);
