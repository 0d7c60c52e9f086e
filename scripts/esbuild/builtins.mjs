// esbuild plugin for the CommonJS bundles: `import fs from 'node:fs'` (in our sources and in
// bundled ES module dependencies) bundles as `__toESM(require('node:fs'))`, which copies every
// property of the module onto a new object as a getter, for each importing module: about half a
// millisecond per copy of node:fs on Node 22, several per run (issue 15). Here the import resolves
// to a module that exports the built-in itself as default and its plain (non-accessor) properties
// by name, read once: no copies. A namespace import that reads an accessor (fs.promises) would find
// nothing, so the bundles turn esbuild's `import-is-undefined` warning into an error
// (BUILTINS_LOG_OVERRIDE).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** The built-ins whose copies showed in profiles; node:process has accessors that change (exitCode). */
const BUILTINS = /^(node:)?(fs|path|os)$/;
/**
 * Names that are plain values on the Node that builds but deprecated getters on newer lines: reading
 * them once at load prints a warning (DEP0176, fs.F_OK and its siblings on Node 24), which also loads
 * the stderr stream. Our sources use fs.constants instead.
 */
const DEPRECATED = new Set(['F_OK', 'R_OK', 'W_OK', 'X_OK']);

/** Names that can be bound by `export const { ... }` in a module (strict mode). */
function bindable(name) {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return false;
  try {
    new Function(`"use strict"; let ${name};`);
    return true;
  } catch {
    return false;
  }
}

export function builtinsWithoutCopies() {
  return {
    name: 'builtins-without-copies',
    setup(build) {
      build.onResolve({ filter: BUILTINS }, (args) =>
        args.kind === 'import-statement' ? { path: args.path.replace(/^node:/, ''), namespace: 'builtin' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
        const mod = require(`node:${args.path}`);
        const names = Object.getOwnPropertyNames(mod).filter(
          (n) =>
            n !== 'default' && !DEPRECATED.has(n) && bindable(n) && 'value' in Object.getOwnPropertyDescriptor(mod, n),
        );
        return {
          contents: `const m = require("node:${args.path}");\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`,
          loader: 'js',
        };
      });
    },
  };
}

/** esbuild's logOverride for bundles built with builtinsWithoutCopies. */
export const BUILTINS_LOG_OVERRIDE = { 'import-is-undefined': 'error' };
