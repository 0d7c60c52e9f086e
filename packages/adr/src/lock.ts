// One writer at a time per ADR folder. Numbers are chosen by reading the folder, so two `new` runs
// that read it at the same moment would pick the same number; the lock makes read-number-write one
// step. The lock is a file created with O_EXCL ('wx'), holding the owner's pid; a lock whose owner
// is gone (crashed, killed) is taken over.
import { openSync, closeSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { AdrError } from './errors.js';

export const LOCK_FILE = '.distroless-adr.lock';

function ownerAlive(lockPath: string): boolean {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
  } catch {
    return true; // being created or just released: try again
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` holding the folder's lock; waits for another holder up to `timeoutMs`. */
export async function withLock<T>(dir: string, fn: () => Promise<T> | T, timeoutMs = 15_000): Promise<T> {
  const lockPath = path.join(dir, LOCK_FILE);
  const deadline = Date.now() + timeoutMs;
  let delay = 2;
  for (;;) {
    let fd: number;
    try {
      fd = openSync(lockPath, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (!ownerAlive(lockPath)) {
        try {
          unlinkSync(lockPath);
        } catch {
          // someone else took it over first
        }
        continue;
      }
      if (Date.now() > deadline)
        throw new AdrError(
          `${dir} is locked by another distroless-adr run (${LOCK_FILE}); remove the file if no run is active`,
        );
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 50);
      continue;
    }
    try {
      writeSync(fd, String(process.pid));
    } finally {
      closeSync(fd);
    }
    try {
      return await fn();
    } finally {
      try {
        unlinkSync(lockPath);
      } catch {
        // already gone: nothing to release
      }
    }
  }
}
