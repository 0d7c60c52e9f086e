// Preloaded with --require: every plain property of node:fs, node:path and node:os becomes a getter
// that records its name, and at exit the names read are written to $BUILTIN_READS (one per line,
// `module.name`). Shows which names a bundle reads from the built-ins.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (--require) */
const fs = require('node:fs');
const writeFileSync = fs.writeFileSync;
const out = process.env.BUILTIN_READS;
const read = new Set();
for (const id of ['fs', 'path', 'os']) {
  const mod = require(`node:${id}`);
  for (const name of Object.getOwnPropertyNames(mod)) {
    const d = Object.getOwnPropertyDescriptor(mod, name);
    if (!('value' in d) || !d.configurable) continue;
    const value = d.value;
    Object.defineProperty(mod, name, {
      configurable: true,
      enumerable: d.enumerable,
      get() {
        read.add(`${id}.${name}`);
        return value;
      },
      set(v) {
        Object.defineProperty(mod, name, { ...d, value: v });
      },
    });
  }
}
process.on('exit', () => writeFileSync(out, [...read].join('\n') + '\n'));
