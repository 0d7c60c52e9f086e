// Preloaded with --require: at exit, writes the Node built-ins the process loaded
// (process.moduleLoadList, one per line) to $MODULE_LIST_FILE.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (--require) */
const fs = require('node:fs');

process.on('exit', () => fs.writeFileSync(process.env.MODULE_LIST_FILE, process.moduleLoadList.join('\n') + '\n'));
