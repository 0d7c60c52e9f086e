// The bin entry of a bundled CLI (dist/cli.cjs of distroless-adr and create-distroless-service):
// switches on a compile cache, then loads the CLI bundle (main.cjs, next to it). Each package's
// build bundles this file with __CACHE_NAME__ defined as its command's name (scripts/build.mjs).
// A short command spends much of its life compiling the bundle's code; a cache of the compiled
// code, kept between runs, skips that. The cache has to be on before the bundle is loaded, so this
// entry is kept tiny and loads nothing of its own but Node built-ins.
// - Node 22.1+: Node's own cache (module.enableCompileCache; NODE_DISABLE_COMPILE_CACHE=1 turns
//   it off, NODE_COMPILE_CACHE picks the folder).
// - Node 20: V8's code cache through node:vm, for this package's own bundles only, in a folder of
//   the user's own under the temporary directory. Keyed by file, size, mtime and Node version, so a
//   rebuilt bundle gets a fresh entry. Anything unexpected (a folder owned by someone else, a
//   read-only disk) turns it off for the run: it is only ever a speed-up.
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** The command's name, defined by the build: `<tmpdir>/<name>-compile-cache-<uid>/`. */
declare const __CACHE_NAME__: string;

type Compile = (this: Module, content: string, filename: string) => unknown;
interface Internals {
  enableCompileCache?: () => unknown;
  prototype: { _compile: Compile };
}

/** A folder that exists, is a real folder (not a link), is this user's and is closed to others. */
function ownFolder(dir: string, uid: number): boolean {
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  }
  const st = fs.lstatSync(dir);
  return st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0;
}

function privateDir(): string | null {
  const uid = process.getuid?.();
  if (uid === undefined) return null;
  // Code read from here runs as this user: each level is checked before anything goes in it.
  const top = path.join(os.tmpdir(), `${__CACHE_NAME__}-compile-cache-${uid}`);
  const dir = path.join(top, `${process.version}-${process.arch}`);
  try {
    return ownFolder(top, uid) && ownFolder(dir, uid) ? dir : null;
  } catch {
    return null;
  }
}

function cacheOwnBundles(): void {
  const own = `${__dirname}${path.sep}`;
  const dir = privateDir();
  if (!dir) return;
  const proto = (Module as unknown as Internals).prototype;
  const original = proto._compile;
  const pending: Array<() => void> = [];
  proto._compile = function compile(this: Module, content: string, filename: string) {
    if (!filename.startsWith(own)) return original.call(this, content, filename);
    let cacheFile: string;
    let cachedData: Buffer | undefined;
    try {
      const st = fs.statSync(filename);
      cacheFile = path.join(dir, `${path.basename(filename)}-${st.size}-${Math.trunc(st.mtimeMs)}.bin`);
    } catch {
      return original.call(this, content, filename);
    }
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const body = content.startsWith('#!') ? `//${content}` : content;
    // An import() works in the first, uncached run only: V8 drops this option from code restored
    // from the cache. The bundles load their ES-only dependencies with require (lazy-inquirer.ts).
    const importModuleDynamically = vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
    const script = new vm.Script(Module.wrap(body), { filename, cachedData, importModuleDynamically });
    if (cachedData === undefined || script.cachedDataRejected)
      // Taken at exit, so the functions this run compiled lazily are in it too.
      pending.push(() => {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, cacheFile);
      });
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = Module.createRequire(filename);
    return fn.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    for (const write of pending)
      try {
        write();
      } catch {
        // no cache this time
      }
  });
}

const api = Module as unknown as Internals;
if (typeof api.enableCompileCache === 'function') api.enableCompileCache();
else if (process.env.NODE_DISABLE_COMPILE_CACHE !== '1') cacheOwnBundles();
// A sibling file of the built package, loaded as CommonJS (no ES module loader to start).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./main.cjs');
