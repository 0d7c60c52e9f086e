// Preloaded with --require: at exit, writes the files the process loaded through require (one
// per line) to $LOADED_FILES, then the Node built-ins it loaded as `builtin:<name>` lines.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (--require) */
const fs = require('node:fs');

process.on('exit', () => {
  const builtins = process.moduleLoadList
    .filter((m) => m.startsWith('NativeModule '))
    .map((m) => `builtin:${m.slice(13)}`);
  fs.writeFileSync(process.env.LOADED_FILES, [...Object.keys(require.cache), ...builtins].join('\n') + '\n');
});
