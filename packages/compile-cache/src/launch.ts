// The bin entry of a bundled CLI (dist/cli.cjs of distroless-adr and create-distroless-service):
// switches on the compile caches (cache.ts, ADR 0011), then loads the CLI bundle (main.cjs, next to
// it). Each package's build bundles this file with __CACHE_NAME__ defined as its command's name
// (scripts/build.mjs). The caches have to be on before the bundle is loaded, so this entry is kept
// tiny and loads nothing of its own but Node built-ins.
import { enableCompileCache } from './cache.js';

/** The command's name, defined by the build: `<tmpdir>/<name>-compile-cache-<uid>/`. */
declare const __CACHE_NAME__: string;

enableCompileCache(__CACHE_NAME__, __dirname);
// A sibling file of the built package, loaded as CommonJS (no ES module loader to start).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./main.cjs');
