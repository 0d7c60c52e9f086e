#!/usr/bin/env node
// The `distroless-validate` bin, bundled as CommonJS (scripts/bundle.mjs). CommonJS, so `--version`
// is answered without starting Node's ES module loader (which alone costs most of a bare `node`'s
// start-up again), and `adr` (one ADR checked by a pre-commit hook) runs its own CommonJS bundle
// (adr/main.cjs) under the compile cache (@distroless-service/compile-cache, ADR 0017). Every other
// command switches on Node's compile cache (22.1+) and runs the ES module CLI (cli.ts).
// A CommonJS file under verbatimModuleSyntax imports with `import = require`.
/* eslint-disable @typescript-eslint/no-require-imports */
import fs = require('node:fs');
import compileCache = require('@distroless-service/compile-cache/cache');

const first = process.argv[2];
if (first === '--version' || first === '-v') {
  // The same text as cli.ts prints; written to the descriptor, not through the process.stdout stream.
  const { version } = JSON.parse(fs.readFileSync(`${__dirname}/../package.json`, 'utf8')) as { version: string };
  try {
    fs.writeSync(1, `${version}\n`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
  }
} else if (first === 'adr') {
  compileCache.enableCompileCache('distroless-validate', __dirname);
  require('./adr/main.cjs');
} else {
  // Loaded here only: node:module costs `--version` near a million instructions on Node 22.
  (process.getBuiltinModule('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  void import('./cli.js').then((cli) => cli.run());
}
/* eslint-enable @typescript-eslint/no-require-imports */
