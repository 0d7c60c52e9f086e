// Puts a new tree into a target directory so that, whatever stops the run (an error, Ctrl-C,
// SIGTERM, SIGKILL), the target ends entirely as it was or entirely as intended, never a mix.
//
// The whole new tree is built in a staging directory beside the target (same filesystem, so
// renames are atomic): new files are written there, and the target's other entries are hard-linked
// into it, never written to. Then whole directories are swapped by rename:
//
//   <target> -> .<name>.cds-old      the commit point: from here on the new tree wins
//   .<name>.cds-new -> <target>
//   remove .<name>.cds-old
//
// The names are the journal. Linux has no portable way to exchange two directories in one step,
// so a SIGKILL between the two renames leaves the target absent; the next run that touches the
// target (generate, update) finds the names and finishes or undoes the swap before anything else
// (recover). An exclusive lock beside the target (a symbolic link, created atomically, naming its
// owner) keeps a second run out, so two runs into one new directory cannot both win.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deviceNameRule, isDeviceName } from './answers.js';
import { clip } from './text.js';

/** Why readFileBounded could not read a file; the message names no file, the caller does. */
export class FileReadError extends Error {
  override name = 'FileReadError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * One bounded read of a regular file: opened without blocking (a FIFO with no writer would
 * otherwise hang the open, where no signal handler runs), checked on the descriptor (a device
 * such as /dev/zero, reached through a symbolic link, is refused) and read to at most `max` bytes.
 */
export function readFileBounded(file: string, max: number, options: { noFollow?: boolean } = {}): Buffer {
  const flags =
    fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (options.noFollow ? (fs.constants.O_NOFOLLOW ?? 0) : 0);
  let fd: number;
  try {
    fd = fs.openSync(file, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // O_NOFOLLOW on a symbolic link.
    if (code === 'ELOOP' && options.noFollow) throw new FileReadError('is a symbolic link, not a regular file', code);
    throw new FileReadError(code ?? (error as Error).message, code);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new FileReadError('is not a regular file');
    if (stat.size > max) throw new FileReadError(`is ${stat.size} bytes; the limit is ${max}`);
    // One byte past the size fstat gave (and never past the limit + 1): a file that grows while read shows.
    const buffer = Buffer.alloc(Math.min(max, stat.size) + 1);
    let length = 0;
    for (let n; length < buffer.length && (n = fs.readSync(fd, buffer, length, buffer.length - length, null)) > 0;) {
      length += n;
    }
    if (length > max) throw new FileReadError(`is over the limit of ${max} bytes`);
    if (length === buffer.length) throw new FileReadError('grew while it was read; try again');
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new FileReadError(code ?? (error as Error).message, code);
  } finally {
    fs.closeSync(fd);
  }
}

/** A rendered service: file contents by relative path (`/`-separated). */
export type Tree = Map<string, Buffer>;

/**
 * A normal relative path (a tree's, or a template's below the templates' root) inside the folder
 * `dir`. Concatenated, not path.join: normalising paths already normal, character by character,
 * made V8 optimise Node's path functions in the middle of a scaffold, more so under a long install
 * path such as npx's cache (13 million instructions on Node 22, bench/README.md).
 */
export function inside(dir: string, rel: string): string {
  if (path.sep !== '/') return path.join(dir, rel);
  return dir.endsWith('/') ? `${dir}${rel}` : `${dir}/${rel}`;
}

/** The target cannot be written as asked (exit 2): nothing was changed. */
export class TargetError extends Error {
  override name = 'TargetError';
}

/**
 * process.cwd(), or a TargetError (exit 2) where the shell's folder is gone: a generation or update
 * swapped a new directory in for the one the shell is still in.
 */
export function workingDirectory(): string {
  try {
    return process.cwd();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new TargetError('the working directory no longer exists (replaced by update?): run `cd .`');
  }
}

/** The filesystem refused a read or write the target needs (exit 1, an I/O error): nothing was changed. */
export class TargetIOError extends Error {
  override name = 'TargetIOError';
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EMLINK: 'too many links',
  ENAMETOOLONG: 'file name too long',
};

/** A filesystem error in words ("permission denied"), its code where there are none. */
export function ioReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && ERRNO_TEXT[code]) ?? code ?? (error as Error).message;
}

/** Another run holds the target's lock. */
export class TargetBusyError extends TargetError {
  override name = 'TargetBusyError';
}

export interface TargetState {
  exists: boolean;
  entries: string[];
}

/** Names of the swap's side entries next to target (resolved): .<name>.cds-new, .cds-old, .cds-lock. */
function side(target: string, kind: 'new' | 'old' | 'lock'): string {
  const base = path.basename(target);
  // A long directory name would make the side name too long for the filesystem (255 bytes).
  const stem = Buffer.byteLength(base) > 200 ? base.slice(0, 60) + '~' + hashName(base) : base;
  // target's folder with its separator, cut rather than joined: see inside.
  return `${target.slice(0, target.length - base.length)}.${stem}.cds-${kind}`;
}

function hashName(name: string): string {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(name)) h = Math.imul(h ^ ch, 0x01000193) >>> 0;
  return h.toString(16);
}

/** Filesystems that hold kernel state, not files: writing a service there is a mistake. */
const SPECIAL_FS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x6165676c, 'pstore'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
  [0x19800202, 'mqueue'],
  [0x42494e4d, 'binfmt_misc'],
  [0x65735543, 'fusectl'],
]);

/**
 * Refuses a target folder named like a Windows device (`con`, `nul.d`, `COM1`), as the service name
 * is refused: the target's own name, and each folder above it that generation would create.
 */
export function refuseDeviceNamedTarget(dir: string): void {
  let target = path.resolve(dir);
  for (let own = true; path.dirname(target) !== target; own = false, target = path.dirname(target)) {
    if (!own && lstatOrNull(target)) return;
    const name = path.basename(target);
    if (isDeviceName(name))
      throw new TargetError(`target directory ${clip(dir)}: the folder name "${clip(name, 40)}" ${deviceNameRule()}`);
  }
}

/** Refuses targets on /proc, /sys, /dev and other kernel filesystems (where mkdir can loop or hang). */
export function refuseSpecialTarget(target: string): void {
  let existing = target;
  while (!lstatOrNull(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  let real = existing;
  try {
    real = fs.realpathSync(existing);
  } catch {
    // A dangling link or unreadable path: the checks on the target itself report it.
  }
  const top = /^\/(proc|sys|dev)(\/|$)/.exec(real.split(path.sep).join('/'));
  if (top && process.platform !== 'win32') {
    throw new TargetError(`${clip(target)} is under /${top[1]}, a kernel filesystem, not a place for a service`);
  }
  if (process.platform !== 'linux') return;
  let type: number | undefined;
  try {
    type = Number(fs.statfsSync(real).type);
  } catch {
    return;
  }
  const name = SPECIAL_FS.get(type);
  if (name) throw new TargetError(`${clip(target)} is on a ${name} filesystem, not a place for a service`);
}

/**
 * The mount points of this process's mount namespace (Linux; empty elsewhere). A bind mount of a
 * folder of the same filesystem has the device of its parent, so comparing st_dev misses it.
 */
function mountPoints(): Set<string> {
  let table: string;
  try {
    table = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return new Set();
  }
  const points = new Set<string>();
  for (const line of table.split('\n')) {
    const field = line.split(' ')[4];
    // The kernel writes space, tab, newline and backslash as octal escapes.
    if (field)
      points.add(field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))));
  }
  return points;
}

/** Whether an existing directory is a mount point: its own entry in the mount table, or another device than its parent. */
function isMountPoint(dir: string, mounts: Set<string>): boolean {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch {
    return false;
  }
  if (mounts.has(real)) return true;
  const parent = lstatOrNull(path.dirname(real));
  const self = lstatOrNull(real);
  return parent !== null && self !== null && parent.dev !== self.dev;
}

/** What is at the target now; a link, a file or a path through a file is refused (exit 2). */
export function inspectTarget(dir: string): TargetState & { mode?: number; uid?: number; gid?: number; dev?: number } {
  const target = path.resolve(dir);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { exists: false, entries: [] };
    if (code === 'ENOTDIR') throw new TargetError(`${clip(target)}: ${notADirectory(target)} is not a directory`);
    throw new TargetIOError(`cannot read ${clip(target)}: ${ioReason(error)}`);
  }
  if (stat.isSymbolicLink()) {
    throw new TargetError(
      `${clip(target)} is a symbolic link${fs.existsSync(target) ? '' : ' to nothing'}; name a real directory instead`,
    );
  }
  if (!stat.isDirectory()) throw new TargetError(`${clip(target)} exists and is not a directory`);
  let entries: string[];
  try {
    entries = fs.readdirSync(target);
  } catch (error) {
    throw new TargetIOError(`cannot read ${clip(target)}: ${ioReason(error)}`);
  }
  return { exists: true, entries, mode: stat.mode, uid: stat.uid, gid: stat.gid, dev: stat.dev };
}

/** The first component of a path that exists and is not a directory. */
function notADirectory(target: string): string {
  for (let cur = path.dirname(target); path.dirname(cur) !== cur; cur = path.dirname(cur)) {
    const stat = lstatOrNull(cur);
    if (stat && !stat.isDirectory() && !(stat.isSymbolicLink() && isDir(cur))) {
      let up = cur;
      while (path.dirname(up) !== up && !(lstatOrNull(path.dirname(up))?.isDirectory() ?? false)) up = path.dirname(up);
      return clip(up);
    }
  }
  return 'a part of the path';
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Paths of the tree that already exist in the target. */
export function conflicts(tree: Tree, dir: string): string[] {
  return [...tree.keys()].filter((file) => fs.existsSync(path.join(dir, file))).sort();
}

/** Where a crash test may stop the process: after the stage is complete, after each rename. */
export type SwapStep = 'staged' | 'committed' | 'swapped';

export interface ReplaceOptions {
  /** Checked under the lock, after recovery, before anything is staged (e.g. "not empty"). */
  check?: (state: TargetState) => void;
  /** Runs on the complete stage before the swap (git init): a throw leaves the target as it was. */
  beforeSwap?: (stage: string) => void;
  /** Test hook: called at each step of the swap. */
  onStep?: (step: SwapStep) => void;
}

/**
 * Replaces `dir` with a new tree built by `build(stage, state)`: the stage starts empty (created
 * with the user's umask, or the target's own mode), `carryOver` fills in the target's entries.
 */
export function replaceDir(
  dir: string,
  build: (stage: string, state: ReturnType<typeof inspectTarget>) => void,
  options: ReplaceOptions = {},
): string | null {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  if (parent === target) throw new TargetError('cannot write a service over the root directory');
  refuseSpecialTarget(target);
  const createdParent = makeParent(parent, target);
  let done = false;
  let leftover: string | null = null;
  let release: (() => void) | undefined;
  try {
    release = lock(target);
    leftover = recover(target)?.leftover ?? null;
    const state = inspectTarget(target);
    // The swap renames the target, which the kernel refuses for a mount point (EBUSY): say why up front.
    if (state.exists && isMountPoint(target, mountPoints())) {
      throw new TargetError(
        `${clip(target)} is a mount point (a bind-mounted folder, as in a dev container): the service folder is replaced by a rename, which a mount point cannot be; run it on the folder the mount comes from (on the host, outside the container)`,
      );
    }
    options.check?.(state);
    // The stage takes the target's mode: a folder its owner may not write in (0555) would fail
    // half-way through the build with the stage's name. Said in the target's terms first.
    if (state.exists) {
      try {
        fs.accessSync(target, fs.constants.W_OK);
      } catch (error) {
        throw new TargetIOError(`cannot write in ${clip(target)}: ${ioReason(error)}`);
      }
    }
    const stage = side(target, 'new');
    const old = side(target, 'old');
    fs.mkdirSync(stage);
    try {
      if (state.exists) {
        fs.chmodSync(stage, state.mode! & 0o7777);
        if (process.getuid?.() === 0 && (state.uid !== 0 || state.gid !== 0))
          fs.chownSync(stage, state.uid!, state.gid!);
      }
      build(stage, state);
      options.beforeSwap?.(stage);
      options.onStep?.('staged');
      if (state.exists) {
        fs.renameSync(target, old);
        options.onStep?.('committed');
        try {
          fs.renameSync(stage, target);
        } catch (error) {
          fs.renameSync(old, target);
          throw error;
        }
        options.onStep?.('swapped');
        leftover = discardOld(old) ?? leftover;
      } else {
        fs.renameSync(stage, target);
      }
      done = true;
    } finally {
      if (!done) fs.rmSync(stage, { recursive: true, force: true });
    }
  } finally {
    release?.();
    if (!done && createdParent) removeEmptyDirs(parent, createdParent);
  }
  return leftover;
}

/**
 * Removes the old tree once the new one is in place. A failure there (a file of another user's in a
 * folder of theirs, an immutable file) is not the run's, which is done: the old tree is moved out of
 * the journal's way under a name of its own, so that later runs do not take it for an interrupted
 * swap, and the returned warning names it for the user to remove.
 */
function discardOld(old: string): string | null {
  try {
    fs.rmSync(old, { recursive: true, force: true });
    return null;
  } catch (error) {
    const reason = ioReason(error);
    const kept = `${old}-${process.pid}-${Date.now().toString(36)}`;
    try {
      fs.renameSync(old, kept);
    } catch {
      return `the old tree ${clip(old)} could not be removed (${reason}): remove it by hand`;
    }
    return `the old tree could not be removed (${reason}): remove ${clip(kept)} by hand`;
  }
}

/** Writes a rendered tree into dir: a new directory, or (force) over an existing one, keeping its other files. */
export function writeTree(tree: Tree, dir: string, options: ReplaceOptions = {}): string | null {
  const written = dirsOf(tree.keys());
  return replaceDir(
    dir,
    (stage, state) => {
      for (const sub of written) fs.mkdirSync(inside(stage, sub), { recursive: true });
      for (const [file, content] of tree) fs.writeFileSync(inside(stage, file), content, { flag: 'wx' });
      if (state.exists) carryOver(path.resolve(dir), stage, new Set(tree.keys()), written, state.dev!);
    },
    options,
  );
}

/**
 * Changes files of an existing directory all at once: a Buffer writes the file, null deletes it.
 * Built and swapped in like writeTree; a replaced file keeps its permissions. Directories a
 * deletion leaves empty are removed.
 */
export function applyChanges(
  dir: string,
  changes: ReadonlyMap<string, Buffer | null>,
  options: Omit<ReplaceOptions, 'check'> = {},
): string | null {
  const target = path.resolve(dir);
  const written = dirsOf([...changes].filter(([, content]) => content !== null).map(([file]) => file));
  return replaceDir(
    target,
    (stage, state) => {
      for (const sub of written) fs.mkdirSync(path.join(stage, sub), { recursive: true });
      for (const [file, content] of changes) {
        if (content === null) continue;
        const staged = path.join(stage, file);
        fs.writeFileSync(staged, content, { flag: 'wx' });
        const existing = lstatOrNull(path.join(target, file));
        if (existing?.isFile()) fs.chmodSync(staged, existing.mode & 0o7777);
      }
      carryOver(target, stage, new Set(changes.keys()), written, state.dev!);
      for (const [file, content] of changes) {
        if (content !== null) continue;
        for (
          let cur = path.dirname(path.join(stage, file));
          cur.startsWith(stage + path.sep);
          cur = path.dirname(cur)
        ) {
          try {
            fs.rmdirSync(cur);
          } catch {
            break; // not empty (or absent): its parents are not empty either
          }
        }
      }
    },
    {
      ...options,
      check: (state) => {
        if (!state.exists) throw new TargetError(`${clip(target)} does not exist`);
      },
    },
  );
}

/** Every directory that holds a file of the list (tree paths), as tree paths. */
function dirsOf(files: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const file of files) {
    for (let end = file.lastIndexOf('/'); end > 0; end = file.lastIndexOf('/', end - 1)) {
      const dir = file.slice(0, end);
      if (dirs.has(dir)) break;
      dirs.add(dir);
    }
  }
  return dirs;
}

/**
 * Carries the target's entries into the stage: files (and other non-directories) as hard links,
 * so nothing of the original is ever written; directories re-created with their mode; links
 * re-created. `replaced` paths are left to the new tree; `written` directories must stay
 * directories (never a link out of the target, never a file).
 */
function carryOver(target: string, stage: string, replaced: Set<string>, written: Set<string>, dev: number): void {
  const mounts = mountPoints();
  const walk = (rel: string) => {
    const from = rel ? path.join(target, rel) : target;
    for (const entry of fs.readdirSync(from)) {
      const sub = rel ? `${rel}/${entry}` : entry;
      const src = path.join(target, sub);
      const dst = path.join(stage, sub);
      const stat = fs.lstatSync(src);
      if (replaced.has(sub)) {
        if (stat.isDirectory()) {
          throw new TargetError(`${clip(src)} is a directory, but the template writes a file there`);
        }
        continue;
      }
      if (stat.isDirectory()) {
        // Renaming would carry a mount along but removing the old tree would empty it.
        if (stat.dev !== dev || isMountPoint(src, mounts))
          throw new TargetError(`${clip(src)} is a mount point: cannot replace the directory holding it`);
        if (!written.has(sub)) {
          fs.mkdirSync(dst);
          fs.chmodSync(dst, stat.mode & 0o7777);
        }
        walk(sub);
        continue;
      }
      if (written.has(sub)) {
        if (stat.isSymbolicLink()) throw new TargetError(`refusing to write through the symbolic link ${clip(src)}`);
        throw new TargetError(`${clip(src)} is a file, but the template needs a directory there`);
      }
      if (stat.isSymbolicLink()) {
        fs.symlinkSync(fs.readlinkSync(src), dst);
        continue;
      }
      try {
        fs.linkSync(src, dst);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (!stat.isFile() || !['EXDEV', 'EPERM', 'EMLINK', 'EACCES'].includes(code ?? '')) {
          throw new TargetIOError(`cannot carry ${clip(src)} into the new tree: ${ioReason(error)}`);
        }
        fs.copyFileSync(src, dst);
        fs.chmodSync(dst, stat.mode & 0o7777);
      }
    }
    if (rel && written.has(rel)) fs.chmodSync(path.join(stage, rel), fs.lstatSync(from).mode & 0o7777);
  };
  walk('');
}

/**
 * Finishes or undoes a swap a killed run left behind (see the top of this file). Returns what it
 * did, or null when there was nothing to recover. The caller holds the lock.
 */
function recover(target: string): { outcome: string; leftover: string | null } | null {
  const stage = side(target, 'new');
  const old = side(target, 'old');
  const hasOld = lstatOrNull(old) !== null;
  const hasStage = lstatOrNull(stage) !== null;
  if (!hasOld && !hasStage) return null;
  let leftover: string | null = null;
  let outcome = 'removed an unfinished staging directory; the target is as it was';
  if (hasOld) {
    if (!lstatOrNull(target)) {
      // Killed between the two renames: the stage was complete (the commit point is after it).
      if (hasStage) {
        fs.renameSync(stage, target);
        outcome = 'finished an interrupted swap: the target holds the new tree';
      } else {
        fs.renameSync(old, target);
        outcome = 'restored the target from an interrupted swap';
      }
    } else {
      outcome = 'removed the old tree an interrupted swap left beside the target';
    }
    leftover = discardOld(old);
  }
  if (lstatOrNull(stage)) {
    // A git the killed run started may still be writing in the stage (a SIGKILL does not reach it),
    // and may fork another between the look at /proc and the kill: stop and remove again until the
    // stage is gone, within a bound.
    const deadline = Date.now() + 5000;
    for (;;) {
      stopStrays(stage);
      try {
        fs.rmSync(stage, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if ((code !== 'ENOTEMPTY' && code !== 'EBUSY') || Date.now() > deadline) throw error;
      }
    }
  }
  return { outcome, leftover };
}

/**
 * Kills processes still working inside a dead run's stage: nothing else has a reason to be there.
 * Linux only (/proc); elsewhere the removal's retries have to do.
 */
function stopStrays(stage: string): void {
  if (process.platform !== 'linux') return;
  const inStage = (pid: string) => {
    try {
      const cwd = fs.readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, '');
      return cwd === stage || cwd.startsWith(stage + path.sep);
    } catch {
      return false; // gone, a zombie, or not ours to read
    }
  };
  let strays: string[];
  try {
    strays = fs.readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && Number(pid) !== process.pid && inStage(pid));
  } catch {
    return;
  }
  for (const pid of strays) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  // SIGKILL is asynchronous: wait (bounded) until none of them is in the stage any more.
  const deadline = Date.now() + 2000;
  while (strays.some(inStage) && Date.now() < deadline)
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
}

/** Recovers an interrupted swap of dir (under the lock); what it did (and a leftover's warning), or null. */
export function recoverTarget(dir: string): string | null {
  const target = path.resolve(dir);
  if (!lstatOrNull(side(target, 'old')) && !lstatOrNull(side(target, 'new')) && !lstatOrNull(side(target, 'lock'))) {
    return null;
  }
  const release = lock(target);
  try {
    const r = recover(target);
    return r && (r.leftover ? `${r.outcome}; ${r.leftover}` : r.outcome);
  } finally {
    release();
  }
}

/** Takes the target's lock or throws TargetBusyError; returns its release. */
function lock(target: string): () => void {
  const file = side(target, 'lock');
  const me = `${os.hostname()}:${process.pid}`;
  const busy = (owner: string) =>
    new TargetBusyError(
      `another create-distroless-service run (${clip(owner)}) is writing ${clip(target)}; ` +
        `try again when it has finished (if none is running, remove ${clip(file)})`,
    );
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.symlinkSync(me, file);
      return () => {
        try {
          if (fs.readlinkSync(file) === me) fs.unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // The lock is the run's first write beside the target: where it fails, so would the rest.
      if (code !== 'EEXIST')
        throw new TargetIOError(`cannot write in ${clip(path.dirname(target))}: ${ioReason(error)}`);
    }
    let owner: string;
    try {
      owner = fs.readlinkSync(file);
    } catch {
      continue; // released meanwhile
    }
    if (alive(owner)) throw busy(owner);
    // Its owner is gone (killed). Move the stale lock aside under a name of our own, then make sure
    // it was that stale lock we moved and not one a live run took in between.
    const aside = `${file}.stale-${process.pid}`;
    try {
      fs.renameSync(file, aside);
    } catch {
      continue;
    }
    const moved = fs.readlinkSync(aside);
    fs.unlinkSync(aside);
    if (moved !== owner) {
      try {
        fs.symlinkSync(moved, file);
      } catch {
        // Taken again meanwhile.
      }
      throw busy(moved);
    }
  }
  throw busy('unknown');
}

function alive(owner: string): boolean {
  const match = /^(.*):(\d+)$/.exec(owner);
  if (!match || match[1] !== os.hostname()) return true; // another machine's run: cannot tell, assume it lives
  try {
    process.kill(Number(match[2]), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** mkdir -p of the parent; returns the first directory it created. */
function makeParent(parent: string, target: string): string | undefined {
  try {
    return fs.mkdirSync(parent, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      throw new TargetError(`${clip(target)}: ${notADirectory(target)} is not a directory`);
    }
    throw new TargetIOError(`cannot create ${clip(parent)}: ${ioReason(error)}`);
  }
}

/** Removes the directories this run created, only while empty (another run may have used them). */
function removeEmptyDirs(from: string, upTo: string): void {
  for (let cur = from; cur.startsWith(upTo); cur = path.dirname(cur)) {
    try {
      fs.rmdirSync(cur);
    } catch {
      return;
    }
    if (cur === upTo) return;
  }
}

function lstatOrNull(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file);
  } catch {
    return null;
  }
}
