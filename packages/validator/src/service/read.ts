// Reading a file of the service directory, which may be anything: a FIFO that never gets a writer,
// a link to /dev/zero (stat size 0, endless data), a folder, a huge file, a link out of the tree.
// Every read of the service's files goes through here, and from here through the bounded read the
// ADR side uses too (../read.ts): one open with O_NONBLOCK, fstat on the opened descriptor, regular
// files only, at most `max` bytes. This side adds that links out of the service are not followed.
import fs from 'node:fs';
import path from 'node:path';
import { mb, nulOffset, readBoundedSync, type ReadRefusal } from '../read.js';

/** Larger than any Dockerfile, values.yaml or chart file a person writes. */
export const MAX_SERVICE_FILE = 4 * 1024 * 1024;

/** `text` when read; `problem` (why not, for a finding) when the file is there but not read. */
export type ServiceRead = { text: string; problem?: undefined } | { text?: undefined; problem: string };

/**
 * Where a path inside `dir` leads when it leaves `dir` through a symbolic link; null when it stays
 * inside (or does not resolve: the open reports that).
 */
function escapesTo(dir: string, abs: string): string | null {
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    return null;
  }
  let root: string;
  try {
    root = fs.realpathSync(dir);
  } catch {
    root = path.resolve(dir);
  }
  const rel = path.relative(root, real);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)) ? null : real;
}

/**
 * Reads `rel` under the service directory `dir`. Returns null when there is no such file, so the
 * caller can say what is missing; a path that is there but is not a readable regular text file of
 * the service (a FIFO, device, folder, a link out of the directory, too large, binary) gives a
 * problem instead of blocking, exhausting memory or throwing.
 */
export function readServiceFile(dir: string, rel: string, max = MAX_SERVICE_FILE): ServiceRead | null {
  const abs = path.join(dir, rel);
  let link: fs.Stats;
  try {
    link = fs.lstatSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    return { problem: `cannot read ${rel}: ${code ?? (e as Error).message}` };
  }
  // Links out of the service (the file's or a folder's on its way) are not followed: a build context
  // holds only what is inside it, and /dev/zero or a file elsewhere is not the service's content.
  const target = escapesTo(dir, abs);
  if (target !== null) {
    const how = link.isSymbolicLink() ? 'is a symbolic link' : 'leads through a symbolic link';
    return { problem: `${rel} ${how} to ${target}, outside the service directory; not read` };
  }
  const read = readBoundedSync(abs, max);
  if (read.refused) return { problem: refusal(rel, read.refused, max) };
  const nul = nulOffset(read.bytes);
  if (nul !== -1) return { problem: `${rel} is a binary file (NUL byte at offset ${nul}); not read` };
  const text = read.bytes.toString('utf8');
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

function refusal(rel: string, r: ReadRefusal, max: number): string {
  switch (r.reason) {
    case 'directory':
      return `${rel} is a directory, not a file`;
    case 'not-regular':
      return `${rel} is not a regular file (a FIFO, socket or device); not read`;
    case 'too-large':
      return r.size === undefined
        ? `${rel} is larger than the ${mb(max)} limit; not read`
        : `${rel} is ${mb(r.size)}, larger than the ${mb(max)} limit; not read`;
    case 'read-failed':
      return `cannot read ${rel}: ${r.code}`;
    case 'open-failed':
      // The lstat found the name, so ENOENT at the open is a link that leads nowhere.
      if (r.code === 'ENOENT') return `${rel} is a symbolic link to nothing (its target does not exist)`;
      if (r.code === 'EISDIR') return `${rel} is a directory, not a file`;
      if (r.code === 'ELOOP') return `cannot read ${rel}: symbolic link loop`;
      return `cannot read ${rel}: ${r.code}`;
  }
}

/**
 * What in the folder `rel` of the service another tool (helm) would read but should not: entries
 * that are not regular files or folders, links out of the service directory, files over `max`.
 * Looks at no more than `limit` entries; one problem per entry, the first `limit` found.
 */
export function unsafeEntries(
  dir: string,
  rel: string,
  max = MAX_SERVICE_FILE,
  limit = 5000,
): { file: string; message: string }[] {
  const out: { file: string; message: string }[] = [];
  const add = (file: string, message: string) => out.push({ file, message });
  const queue = [rel];
  let seen = 0;
  const out0 = escapesTo(dir, path.join(dir, rel));
  if (out0 !== null) return [{ file: rel, message: `${rel} leads to ${out0}, outside the service directory` }];
  while (queue.length > 0 && seen < limit) {
    const folder = queue.shift()!;
    let names: string[];
    try {
      names = fs.readdirSync(path.join(dir, folder)).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (++seen > limit) break;
      const p = `${folder}/${name}`;
      const abs = path.join(dir, p);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(abs);
        if (st.isSymbolicLink()) {
          const target = escapesTo(dir, abs);
          if (target !== null) {
            add(p, `${p} is a symbolic link to ${target}, outside the service directory`);
            continue;
          }
          st = fs.statSync(abs);
        }
      } catch (e) {
        add(p, `cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        continue;
      }
      if (st.isDirectory()) queue.push(p);
      else if (!st.isFile()) add(p, `${p} is not a regular file (a FIFO, socket or device)`);
      else if (st.size > max) add(p, `${p} is ${mb(st.size)}, larger than the ${mb(max)} limit`);
    }
  }
  return out;
}
