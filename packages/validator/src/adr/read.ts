// Reading a file that may be anything: a directory, a FIFO, a symlink loop,
// binary data, another encoding, or far too large.
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { AdrDocument } from './types.js';

export interface ReadResult {
  text: string;
  bom: boolean;
  /** The bytes as read: --fix writes only if the file still holds exactly these. */
  bytes: Buffer | null;
  /** UTF-16 files are decoded and linted, but not rewritten by --fix. */
  utf16: boolean;
  problems: AdrDocument['readProblems'];
}

const lossy = new TextDecoder('utf-8', { fatal: false });

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const tooLarge = (size: number, max: number): string =>
  `file is ${mb(size)}, larger than the ${mb(max)} limit (maxFileSize); not linted`;

function fail(message: string): ReadResult {
  return {
    text: '',
    bom: false,
    bytes: null,
    utf16: false,
    problems: [{ ruleId: 'file-readable', message, fatal: true }],
  };
}

/** Reads the rest of a file, which may have grown since its size was taken; null past `max` bytes. */
function readAll(fd: number, size: number, max: number): Buffer | null {
  // One byte more than the size, so a file that did not change is read by one call and one at EOF.
  let buf = Buffer.allocUnsafe(size + 1);
  let n = 0;
  for (;;) {
    if (n === buf.length) {
      if (n > max) return null;
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    const got = readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) return n > max ? null : buf.subarray(0, n);
    n += got;
  }
}

/**
 * Reads one file synchronously: one open, fstat, read and close, with no thread-pool round trip
 * (on a run of hundreds of small files, promise-based reading cost about as much CPU as the
 * checks). The checks are made on the opened descriptor, so a path swapped for a FIFO or a folder
 * between a check and the read cannot block the run, and O_NONBLOCK keeps opening a FIFO from
 * waiting for a writer.
 */
export function readAdrFileSync(absPath: string, maxFileSize: number): ReadResult {
  const cannot = (e: unknown): ReadResult => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return fail('is a directory, not a file');
    return fail(
      code === 'ELOOP' ? 'cannot read file: symbolic link loop' : `cannot read file: ${code ?? (e as Error).message}`,
    );
  };
  let fd: number;
  try {
    // O_NONBLOCK is 0 where the platform has none (Windows), which opens FIFOs differently anyway.
    fd = openSync(absPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return cannot(e);
  }
  let buf: Buffer | null;
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return fail('is a directory, not a file');
    // Reading a FIFO or device would block the run, or never end.
    if (!st.isFile()) return fail('not a regular file');
    if (st.size > maxFileSize) return fail(tooLarge(st.size, maxFileSize));
    buf = readAll(fd, st.size, maxFileSize);
    if (!buf) return fail(tooLarge(maxFileSize + 1, maxFileSize));
  } catch (e) {
    return cannot(e);
  } finally {
    closeSync(fd);
  }
  return decode(buf);
}

/** As readAdrFileSync, for callers that await. */
export async function readAdrFile(absPath: string, maxFileSize: number): Promise<ReadResult> {
  return readAdrFileSync(absPath, maxFileSize);
}

function decode(buf: Buffer): ReadResult {
  // UTF-16 with its byte-order mark is text (Windows editors write it), not binary.
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    const le = buf[0] === 0xff;
    const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(buf.subarray(2));
    return {
      text,
      bom: false,
      bytes: buf,
      utf16: true,
      problems: [
        {
          ruleId: 'file-encoding',
          message: `file is UTF-16 (${le ? 'little' : 'big'}-endian); save it as UTF-8 so every Markdown tool reads it`,
          fatal: false,
        },
      ],
    };
  }
  const nul = buf.subarray(0, 8192).indexOf(0);
  if (nul !== -1) return fail(`binary file (NUL byte at offset ${nul}); not linted`);
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = bom ? buf.subarray(3) : buf;
  if (isUtf8(body)) {
    // As a TextDecoder does: a second byte-order mark right after the first is dropped too.
    const text = body.toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, bom, bytes: buf, utf16: false, problems: [] };
  }
  const text = lossy.decode(body);
  const at = text.indexOf('\uFFFD');
  const line = at < 0 ? 1 : text.slice(0, at).split('\n').length;
  return {
    text,
    bom,
    bytes: buf,
    utf16: false,
    problems: [
      {
        ruleId: 'file-encoding',
        message: `file is not valid UTF-8 (first invalid byte on line ${line}); save it as UTF-8`,
        fatal: false,
      },
    ],
  };
}
