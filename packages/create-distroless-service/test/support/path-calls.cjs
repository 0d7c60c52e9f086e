// Preloaded with --require: records each call of path.join, path.resolve and path.normalize made
// from the CLI's bundles in dist/ (not Node's loader), and at exit writes their arguments, one JSON
// array per line, to $PATH_CALLS_FILE.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (--require) */
const fs = require('node:fs');
const path = require('node:path');

const calls = [];
for (const name of ['join', 'resolve', 'normalize']) {
  const real = path[name];
  path[name] = function (...args) {
    // The caller's frame: the line below this function's own in the stack.
    const caller = new Error().stack.split('\n')[2] ?? '';
    if (/[\\/]dist[\\/][^\\/]+\.cjs:/.test(caller)) calls.push(args);
    return real.apply(this, args);
  };
}
process.on('exit', () => fs.writeFileSync(process.env.PATH_CALLS_FILE, calls.map((c) => JSON.stringify(c)).join('\n')));
