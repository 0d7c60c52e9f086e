// One writer at a time per ADR folder. Numbers are chosen by reading the folder, so two `new` runs
// that read it at the same moment would pick the same number; the lock makes read-number-write one
// step. The lock file holds its owner's pid from the moment it exists: it is written under a
// private name and hard-linked to the lock name, which fails if the lock exists. A lock whose
// owner is gone (crashed, killed) is taken over. The lock only keeps our runs from stepping on each
// other; that a number is never given twice is ensured by the claim itself (claim.ts).
import {
  closeSync,
  fstatSync,
  linkSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { AdrError } from './errors.js';
import { recoverJournal } from './journal.js';
import { err } from '@distroless-service/compile-cache/print';

export const LOCK_FILE = '.distroless-adr.lock';

interface Owner {
  pid: number | null;
  /** The lock file's inode: which lock the pid was read from. */
  ino: number;
}

function readOwner(file: string): Owner | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(32);
    const pid = Number.parseInt(buf.toString('utf8', 0, readSync(fd, buf)), 10);
    return { pid: Number.isInteger(pid) && pid > 0 ? pid : null, ino: fstatSync(fd).ino };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

// pid + time + counter names this run's files apart; they are created with 'wx', which refuses a
// clash. (node:crypto would cost `new` a good part of its start-up on Node 22.)
let seq = 0;
const unique = () => `${process.pid}.${Date.now().toString(36)}.${++seq}`;

const readPid = (file: string): number | null => readOwner(file)?.pid ?? null;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/**
 * Moves a dead owner's lock aside. Renaming to a private name first means that of several runs
 * seeing the same dead lock, only one removes it; the inode tells whether what was moved is still
 * that lock or a live one created since (the owner released it and exited, another run took the
 * name), which is put back.
 */
function takeOver(lockPath: string, dead: Owner): void {
  const aside = `${lockPath}.${unique()}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return; // someone else moved it first
  }
  let movedIno: number | null = null;
  try {
    movedIno = statSync(aside).ino;
  } catch {
    // vanished: nothing to put back
  }
  if (movedIno === null || movedIno === dead.ino) {
    removeQuietly(aside);
    return;
  }
  // It was a new, live lock: put it back if its name is still free.
  try {
    linkSync(aside, lockPath);
  } catch {
    // another run holds the name now; the moved lock's owner will find its lock gone on release
  }
  removeQuietly(aside);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` holding the folder's lock; waits for another holder up to `timeoutMs`. */
export async function withLock<T>(dir: string, fn: () => Promise<T> | T, timeoutMs = 15_000): Promise<T> {
  const lockPath = path.join(dir, LOCK_FILE);
  const mine = `${lockPath}.${unique()}`;
  writeFileSync(mine, String(process.pid), { flag: 'wx' });
  const deadline = Date.now() + timeoutMs;
  let delay = 2;
  try {
    for (;;) {
      try {
        linkSync(mine, lockPath);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const found = readOwner(lockPath);
      const owner = found?.pid ?? null;
      if (found && owner !== null && !alive(owner)) {
        takeOver(lockPath, found);
        continue;
      }
      if (Date.now() > deadline)
        throw new AdrError(
          `${dir} is locked by another distroless-adr run (${LOCK_FILE}, pid ${owner ?? '?'}); remove the file if no run is active`,
        );
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 50);
    }
  } finally {
    removeQuietly(mine);
  }
  try {
    // A change that a killed run left half done is undone before anything else reads the folder.
    const restored = recoverJournal(dir);
    if (restored.length > 0)
      err(`distroless-adr: an interrupted change was undone: ${restored.map((f) => path.basename(f)).join(', ')}`);
    return await fn();
  } finally {
    // Release only our own lock.
    if (readPid(lockPath) === process.pid) removeQuietly(lockPath);
  }
}
