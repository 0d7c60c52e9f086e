// The one bounded read both sides use (adr/read.ts for records, service/read.ts for a service's
// files), for a path that may be anything: a FIFO that never gets a writer, a device that never
// ends, a folder, a link loop, a file far too large or one that grows while it is read. Each side
// turns a refusal into its own message.
import fs from 'node:fs';

/** Why a file was not read; `code` is the errno code (or the error's message when it has none). */
export type ReadRefusal =
  | { reason: 'open-failed'; code: string }
  | { reason: 'directory' }
  | { reason: 'not-regular' }
  /** `size` is the fstat size; undefined when the file grew past the limit while it was read. */
  | { reason: 'too-large'; size?: number }
  | { reason: 'read-failed'; code: string };

export type BoundedRead = { bytes: Buffer; refused?: undefined } | { bytes?: undefined; refused: ReadRefusal };

const codeOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/**
 * Reads at most `max` bytes of the file at `abs`, synchronously: one open, fstat, read and close,
 * with no thread-pool round trip (on a run of hundreds of small records, promise-based reading cost
 * about as much CPU as the checks). The checks are made on the opened descriptor, so a path swapped
 * for a FIFO or a folder between a check and the read cannot block; O_NONBLOCK keeps the open of a
 * FIFO from waiting for a writer and O_NOCTTY keeps a terminal from becoming the process's own.
 * Symbolic links are followed (a loop is an open failure, ELOOP): a caller that must stay inside a
 * tree checks where a link leads first.
 */
export function readBoundedSync(abs: string, max: number): BoundedRead {
  let fd: number;
  try {
    // Both flags are 0 where the platform has none (Windows), which opens FIFOs differently anyway.
    fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0));
  } catch (e) {
    return { refused: { reason: 'open-failed', code: codeOf(e) } };
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return { refused: { reason: 'directory' } };
    // Reading a FIFO blocks until a writer comes; a device may never end.
    if (!st.isFile()) return { refused: { reason: 'not-regular' } };
    if (st.size > max) return { refused: { reason: 'too-large', size: st.size } };
    const bytes = readUpTo(fd, st.size, max);
    return bytes ? { bytes } : { refused: { reason: 'too-large' } };
  } catch (e) {
    return { refused: { reason: 'read-failed', code: codeOf(e) } };
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the rest of a file, which may have grown since its size was taken; null past `max` bytes. */
function readUpTo(fd: number, size: number, max: number): Buffer | null {
  // One byte more than the size, so a file that did not change is read by one call and one at EOF,
  // and one byte more than the limit tells a file that grew past it.
  let buf = Buffer.allocUnsafe(size + 1);
  let n = 0;
  for (;;) {
    if (n === buf.length) {
      if (n > max) return null;
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, max + 1));
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    const got = fs.readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) return n > max ? null : buf.subarray(0, n);
    n += got;
  }
}

/** Where the first NUL byte is in the first 8 KiB (text has none), or -1. */
export function nulOffset(bytes: Buffer): number {
  return bytes.subarray(0, 8192).indexOf(0);
}

/** A size in the limit messages of both sides. */
export function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
