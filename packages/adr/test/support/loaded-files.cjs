// Preloaded with --require: at exit, writes the files the process loaded through require (one
// per line) to $LOADED_FILES.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (--require) */
const fs = require('node:fs');

process.on('exit', () => fs.writeFileSync(process.env.LOADED_FILES, Object.keys(require.cache).join('\n') + '\n'));
