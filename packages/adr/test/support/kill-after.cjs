// Preloaded with --require by the journal tests: kills the process (SIGKILL, as a crash would)
// right after the n-th record file ($KILL_AFTER_RECORD_WRITES) is put in place by a rename or a
// hard link, the two ways the CLI writes a record. Dot files (the lock, the journal, staged
// copies) do not count. A hook on the test's side: the shipped code has none.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (--require) */
const fs = require('node:fs');
const path = require('node:path');

const at = Number(process.env.KILL_AFTER_RECORD_WRITES);
let written = 0;
for (const name of ['renameSync', 'linkSync']) {
  const original = fs[name];
  fs[name] = function (from, to) {
    const result = original.call(this, from, to);
    const base = path.basename(String(to));
    if (!base.startsWith('.') && base.endsWith('.md') && ++written === at) process.kill(process.pid, 'SIGKILL');
    return result;
  };
}
