// Output written straight to the file descriptors. process.stdout and process.stderr are streams
// made on first use, which loads Node's stream machinery: a measurable share of a scaffold's
// start-up (see distroless-adr's print.ts, which does the same). Synchronous, so nothing is lost
// on process.exit.
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

/** Lines to stdout. */
export const out = (text: string): void => write(1, `${text}\n`);
/** Lines to stderr. */
export const err = (text: string): void => write(2, `${text}\n`);
