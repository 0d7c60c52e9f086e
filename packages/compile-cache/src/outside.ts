// Loads a dependency a CLI's bundles leave outside (inquirer: an ES module the bundle loads only to
// prompt), with Node's own compile cache (module.enableCompileCache, Node 22.1+) switched on first.
// Only here, not at start-up: there it costs every run a million instructions or more, and most
// runs load nothing outside the bundles, which the bin's own cache covers (cache.ts).
// NODE_DISABLE_COMPILE_CACHE=1 keeps it off (Node reads it). With require, not import(): code the
// bin's cache restored cannot run import() (Node 20.19+ and 22.12+, the engines, require ES modules).

interface NodeModule {
  enableCompileCache?: () => unknown;
  createRequire(from: string): NodeJS.Require;
}

/** `require(id)` as the module at `from` (a file URL or path) would, with Node's cache on. */
export function requireOutside<T>(from: string, id: string): T {
  const api = process.getBuiltinModule('node:module') as unknown as NodeModule;
  api.enableCompileCache?.();
  return api.createRequire(from)(id) as T;
}
