#!/usr/bin/env node
// The `distroless-validate` bin. CommonJS, so `--version` is answered without starting Node's ES
// module loader (which alone costs most of a bare `node`'s start-up again); every other command
// switches on Node's compile cache (22.1+) and runs the ES module CLI (cli.ts).
// A CommonJS file under verbatimModuleSyntax imports with `import = require`.
/* eslint-disable @typescript-eslint/no-require-imports */
import fs = require('node:fs');
import nodeModule = require('node:module');
/* eslint-enable @typescript-eslint/no-require-imports */

const first = process.argv[2];
if (first === '--version' || first === '-v') {
  // The same text as cli.ts prints; written to the descriptor, not through the process.stdout stream.
  const { version } = JSON.parse(fs.readFileSync(`${__dirname}/../package.json`, 'utf8')) as { version: string };
  try {
    fs.writeSync(1, `${version}\n`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
  }
} else {
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  void import('./cli.js').then((cli) => cli.run());
}
