// A compile cache for a bundled CLI, switched on by its bin before the CLI's code is compiled.
// A short command spends much of its life compiling its bundle's code, and more of it compiling
// functions lazily on first call while it runs. Both are cached:
// - the package's own bundles (*.cjs under the bin's folder) are compiled through node:vm with V8's
//   code cache, taken at exit so it holds the functions the run compiled lazily too (Node's own
//   cache, below, is taken when a file is compiled: it holds the top level and little else);
// - on Node 22.1+, Node's own cache (module.enableCompileCache) covers a dependency left outside
//   the bundles, switched on by requireOutside (outside.ts) just before it is loaded: at start-up it
//   costs a run that loads nothing outside the bundles (most runs) over a million instructions.
// NODE_DISABLE_COMPILE_CACHE=1 turns both off. The V8 cache lives in a folder of the user's own
// under the temporary directory, one entry per bundle path, each holding the source it was made
// from: V8 checks only a source's length, so the entry is used only when the source is the same
// byte for byte (npm gives every installed file the same mtime, so name, size and mtime would not
// tell two releases apart). Entries left by other installs, releases and Node versions are removed
// once a month old, by a run that had to write an entry (never by a warm run: see pruneStale).
// Anything unexpected (a folder owned by someone else, a read-only disk,
// a damaged entry) turns the cache off for that file or run: it is only ever a speed-up.
import fs from 'node:fs';
import type Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { KIND_HOOK } from './kind.js';

type Compile = (this: Module, content: string, filename: string, format?: string) => unknown;
interface Internals {
  prototype: { _compile: Compile };
  wrap(body: string): string;
  createRequire(filename: string): NodeJS.Require;
}

/**
 * The CommonJS loader's Module class. A bundle has it as its own module's constructor; the public
 * node:module (the same class) is loaded only where that is not at hand: loading it brings the ES
 * module loader's internals and source maps, which a CommonJS run on Node 20 never uses (a third
 * of a millisecond).
 */
function loaderModule(): Internals {
  const own = typeof module === 'object' ? (module as { constructor?: Partial<Internals> }).constructor : undefined;
  if (typeof own?.wrap === 'function' && typeof own.createRequire === 'function' && own.prototype)
    return own as Internals;
  return process.getBuiltinModule('node:module') as unknown as Internals;
}

/** Each entry starts with this line; the format changes with it. */
const MAGIC = Buffer.from('distroless-code-cache 3\n', 'latin1');
/**
 * MAGIC, the source's length, the checksum of what follows the source and the length of the kinds
 * (all u32 LE), the source, the kinds of run it holds the code of (see runKind), V8's data.
 */
const HEAD = MAGIC.length + 12;
/** Far more than a CLI has commands: a longer list is a damaged entry. */
const MAX_KINDS_BYTES = 4096;

// V8 checks a code cache's version, flags and source length, not its bytes: damaged data is run
// as code (a crash at best). So each entry carries a checksum of V8's data: FNV-1a over 32-bit
// words, in WebAssembly, because node:crypto's first hash costs milliseconds (OpenSSL set-up), and
// node:zlib's crc32 loads the stream modules. The module, as the bytes of:
//   (func (export "h") (param $p i32) (param $end i32) (result i32) (local $h i32)
//     (local.set $h (i32.const 5381))
//     (block (loop (br_if 1 (i32.ge_u (local.get $p) (local.get $end)))
//       (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load (local.get $p))) (i32.const 16777619)))
//       (local.set $p (i32.add (local.get $p) (i32.const 4))) (br 0)))
//     (local.get $h))   with its memory imported as m.m
const FNV_WASM =
  '0061736d0100000001070160027f7f017f020801016d016d02000103020100070501016800000a33013101017f41852a21' +
  '0202400340200020014f0d01200220002802007341938380086c2102200041046a21000c000b0b20020b';
/** The little of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface Wasm {
  Memory: new (d: { initial: number }) => Memory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
interface Memory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
let fnv: { memory: Memory; hash: (from: number, to: number) => number } | undefined;

/** The module's memory, at least `size` bytes: entries are read straight into it (no copy to hash). */
function hashMemory(size: number): Uint8Array {
  if (!fnv) {
    const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
    const memory = new wasm.Memory({ initial: 1 });
    const module = new wasm.Module(Buffer.from(FNV_WASM, 'hex'));
    const { h } = new wasm.Instance(module, { m: { m: memory } }).exports;
    fnv = { memory, hash: h as (from: number, to: number) => number };
  }
  const pages = Math.ceil(size / 65536) - fnv.memory.buffer.byteLength / 65536;
  // Growing replaces the memory's ArrayBuffer: views taken before it see nothing after.
  if (pages > 0) fnv.memory.grow(pages);
  return new Uint8Array(fnv.memory.buffer);
}

/** The checksum of `memory[from, to)`, where `memory` is hashMemory's current view. */
function checksumAt(memory: Uint8Array, from: number, to: number): number {
  const words = from + ((to - from) & ~3);
  let h = fnv!.hash(from, words);
  for (let i = words; i < to; i++) h = Math.imul(h ^ memory[i]!, 0x01000193);
  return Math.imul(h ^ (to - from), 0x01000193) >>> 0;
}

/** The checksum of the parts one after the other. */
function checksum(...parts: Uint8Array[]): number {
  const size = parts.reduce((n, part) => n + part.length, 0);
  const memory = hashMemory(size);
  let at = 0;
  for (const part of parts) {
    memory.set(part, at);
    at += part.length;
  }
  return checksumAt(memory, 0, size);
}

/** A folder that exists, is a real folder (not a link), is this user's and is closed to others. */
function ownFolder(dir: string, uid: number): boolean {
  // Looked at first: on a warm run both folders exist, and a failing mkdir costs an exception.
  let st = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (!st) {
    try {
      fs.mkdirSync(dir, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return false;
    }
    st = fs.lstatSync(dir);
  }
  return st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0;
}

/**
 * `<tmpdir>/<name>-compile-cache-<uid>/<sub>/` (by default `<node version>-<arch>`), or null when it
 * is not safe to use. pruneStale removes what a sub-folder holds once it is a month old.
 */
export function cacheFolder(name: string, sub = `${process.version}-${process.arch}`): string | null {
  const uid = process.getuid?.();
  if (uid === undefined) return null;
  // Code read from here runs as this user: each level is checked before anything goes in it.
  const top = path.join(os.tmpdir(), `${name}-compile-cache-${uid}`);
  const dir = path.join(top, sub);
  try {
    return ownFolder(top, uid) && ownFolder(dir, uid) ? dir : null;
  } catch {
    return null;
  }
}

/** An entry not written for this long is removed by the next run that writes one (pruneStale). */
export const STALE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Removes what is older than `maxAge` under `top` (`<name>-compile-cache-<uid>/`): entries of other
 * install paths and releases, temporary files of killed runs, and whole folders of Node versions no
 * longer run. `keep` (the entries this run read or wrote) stays whatever its age. Only a run that
 * wrote an entry calls it, at exit: a warm run reads its entries and nothing else.
 */
export function pruneStale(top: string, keep: ReadonlySet<string>, maxAge = STALE_MS, now = Date.now()): void {
  let versions: string[];
  try {
    versions = fs.readdirSync(top);
  } catch {
    return;
  }
  for (const version of versions) {
    const dir = path.join(top, version);
    try {
      if (!fs.lstatSync(dir).isDirectory()) continue;
      for (const name of fs.readdirSync(dir)) {
        const file = path.join(dir, name);
        if (keep.has(file)) continue;
        const st = fs.lstatSync(file);
        if (st.isFile() && now - st.mtimeMs > maxAge) fs.unlinkSync(file);
      }
      // Succeeds only once a folder is empty, which the current one never is after a write.
      fs.rmdirSync(dir);
    } catch {
      // Not empty, gone meanwhile, or not ours to change: left as it is.
    }
  }
}

/** FNV-1a of a path: two installs of a package get entries of their own. Not a content check. */
export function pathKey(file: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) h = Math.imul(h ^ file.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

interface Cached {
  /** V8's code cache: a view of the checksum's memory, good until the next entry is read. */
  data: Buffer;
  /** The kinds of run whose code it holds (`new`, `help`: see runKind). */
  kinds: Set<string>;
}

/**
 * Reads the entry in `file` into the checksum's memory and returns V8's code cache in it when it
 * was made from exactly `source` and is intact, else undefined.
 */
function cachedFor(file: string, source: Buffer): Cached | undefined {
  const fd = fs.openSync(file, 'r');
  let entry: Buffer;
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= HEAD + source.length) return undefined;
    const memory = hashMemory(size);
    entry = Buffer.from(memory.buffer, memory.byteOffset, size);
    // The file is replaced by rename, never written in place: a short read is a damaged entry.
    if (fs.readSync(fd, entry, 0, size, 0) !== size) return undefined;
  } finally {
    fs.closeSync(fd);
  }
  if (!entry.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const length = entry.readUInt32LE(MAGIC.length);
  const kindsLength = entry.readUInt32LE(MAGIC.length + 8);
  if (kindsLength > MAX_KINDS_BYTES || HEAD + length + kindsLength >= entry.length) return undefined;
  if (length !== source.length || !entry.subarray(HEAD, HEAD + length).equals(source)) return undefined;
  const sum = checksumAt(entry, HEAD + length, entry.length);
  if (sum !== entry.readUInt32LE(MAGIC.length + 4)) return undefined;
  const kinds = entry.toString('utf8', HEAD + length, HEAD + length + kindsLength);
  return { data: entry.subarray(HEAD + length + kindsLength), kinds: new Set(kinds ? kinds.split('\n') : []) };
}

function entryOf(source: Buffer, data: Buffer, kinds: ReadonlySet<string>): Buffer {
  const listed = Buffer.from([...kinds].sort().join('\n'), 'utf8');
  const head = Buffer.alloc(12);
  head.writeUInt32LE(source.length, 0);
  head.writeUInt32LE(listed.length, 8);
  head.writeUInt32LE(checksum(listed, data), 4);
  return Buffer.concat([MAGIC, head, source, listed, data]);
}

/** Replaces `file` whole (by rename), or leaves it as it was. */
function writeEntry(file: string, entry: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, entry, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    // No cache this time (a full or read-only disk); leave no partial entry behind.
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing was written
    }
  }
}

/** Compiles the CommonJS bundles under `own` (a folder) with V8's code cache kept in `dir`. */
function cacheBundles(own: string, dir: string): void {
  const loader = loaderModule();
  const proto = loader.prototype;
  const original = proto._compile;
  // V8 refuses a cache made under other flags (its flag hash; reading the hash means loading node:v8
  // and streams, milliseconds). Runs given flags (a profiler, --max-old-space-size, a --require'd
  // agent) keep entries apart from plain runs, so they never make a plain run's entry be rewritten.
  const flags = process.execArgv.length > 0 || process.env.NODE_OPTIONS ? '-flags' : '';
  // Each bundle compiled here, with the kinds of run its entry holds (none: missing or refused).
  const loaded: Array<{ file: string; source: Buffer; script: vm.Script; kinds: Set<string> | undefined }> = [];
  const used = new Set<string>();
  const runKinds = new Set<string>();
  (process as unknown as Record<symbol, (kind: string) => void>)[KIND_HOOK] = (kind) => runKinds.add(kind);
  proto._compile = function compile(this: Module, content: string, filename: string, format?: string) {
    // Only the package's own CommonJS bundles (an ES module under require() has a format of its own).
    if (!filename.startsWith(own) || !filename.endsWith('.cjs') || (format !== undefined && format !== 'commonjs'))
      return original.call(this, content, filename, format);
    const cacheFile = path.join(dir, `${path.basename(filename)}-${pathKey(filename)}${flags}.bin`);
    used.add(cacheFile);
    const source = Buffer.from(content, 'utf8');
    let cached: Cached | undefined;
    try {
      cached = cachedFor(cacheFile, source);
    } catch {
      cached = undefined;
    }
    const cachedData = cached?.data;
    const body = content.startsWith('#!') ? `//${content}` : content;
    // An import() works in the first, uncached run only: V8 drops this option from code restored
    // from the cache. The bundles load their ES-only dependencies with require (lazy-inquirer.ts).
    const importModuleDynamically = vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
    const script = new vm.Script(loader.wrap(body), { filename, cachedData, importModuleDynamically });
    const kinds = cached && !script.cachedDataRejected ? cached.kinds : undefined;
    loaded.push({ file: cacheFile, source, script, kinds });
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = loader.createRequire(filename);
    return fn.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  // `on`, not `once`: exit comes once, and once's wrapper is more of Node's code to compile on every run.
  process.on('exit', () => {
    let wrote = false;
    for (const { file, source, script, kinds } of loaded) {
      // Written when missing or refused, and again when this run was of a kind the entry lacks:
      // taken at exit, V8's cache holds the functions the entry gave and those this run compiled.
      if (kinds && [...runKinds].every((kind) => kinds.has(kind))) continue;
      writeEntry(file, entryOf(source, script.createCachedData(), new Set([...(kinds ?? []), ...runKinds])));
      wrote = true;
    }
    if (wrote) pruneStale(path.dirname(dir), used);
  });
}

/**
 * Switches the compile cache on for the CommonJS bundles in `own` (the bin's folder). `name` names
 * the cache folder (the command's name).
 */
export function enableCompileCache(name: string, own: string): void {
  if (process.env.NODE_DISABLE_COMPILE_CACHE === '1') return;
  const dir = cacheFolder(name);
  if (dir) cacheBundles(`${own}${path.sep}`, dir);
}
