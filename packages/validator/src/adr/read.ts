// Reading a record that may be anything: a directory, a FIFO, a symlink loop, binary data, another
// encoding, or far too large. The bounded read is ../read.ts (shared with the service side); here its
// refusals become file-readable problems and its bytes are decoded.
import { isUtf8 } from 'node:buffer';
import { mb, nulOffset, readBoundedSync, type ReadRefusal } from '../read.js';
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

function refusal(r: ReadRefusal, max: number): string {
  switch (r.reason) {
    case 'directory':
      return 'is a directory, not a file';
    case 'not-regular':
      return 'not a regular file';
    case 'too-large':
      // Past the limit while it was read: it grew after its size was taken.
      return tooLarge(r.size ?? max + 1, max);
    default:
      if (r.code === 'EISDIR') return 'is a directory, not a file';
      return r.code === 'ELOOP' ? 'cannot read file: symbolic link loop' : `cannot read file: ${r.code}`;
  }
}

/**
 * Reads one record synchronously through the bounded read (../read.ts): a FIFO, device, folder,
 * link loop or file over `maxFileSize` is a file-readable problem, never a blocked or endless read.
 */
export function readAdrFileSync(absPath: string, maxFileSize: number): ReadResult {
  const read = readBoundedSync(absPath, maxFileSize);
  return read.bytes ? decode(read.bytes) : fail(refusal(read.refused, maxFileSize));
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
  const nul = nulOffset(buf);
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
