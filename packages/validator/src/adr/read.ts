// Reading a file that may be anything: a directory, a FIFO, a symlink loop,
// binary data, another encoding, or far too large.
import { readFile, stat } from 'node:fs/promises';
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

const decoder = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8', { fatal: false });

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export async function readAdrFile(absPath: string, maxFileSize: number): Promise<ReadResult> {
  const fail = (message: string): ReadResult => ({
    text: '',
    bom: false,
    bytes: null,
    utf16: false,
    problems: [{ ruleId: 'file-readable', message, fatal: true }],
  });
  let st;
  try {
    st = await stat(absPath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(
      code === 'ELOOP' ? 'cannot read file: symbolic link loop' : `cannot read file: ${code ?? (e as Error).message}`,
    );
  }
  if (st.isDirectory()) return fail('is a directory, not a file');
  // Reading a FIFO or device would block the run.
  if (!st.isFile()) return fail('not a regular file');
  if (st.size > maxFileSize)
    return fail(`file is ${mb(st.size)}, larger than the ${mb(maxFileSize)} limit (maxFileSize); not linted`);
  let buf: Buffer;
  try {
    buf = await readFile(absPath);
  } catch (e) {
    return fail(`cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
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
  try {
    return { text: decoder.decode(body), bom, bytes: buf, utf16: false, problems: [] };
  } catch {
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
}
