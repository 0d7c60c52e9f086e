// esbuild plugin for the CommonJS bundles: `import fs from 'node:fs'` (in our sources and in
// bundled ES module dependencies) bundles as `__toESM(require('node:fs'))`, which copies every
// property of the module onto a new object as a getter, for each importing module: about half a
// millisecond per copy of node:fs on Node 22, several per run (issue 15). Here the import resolves
// to a module that exports the built-in itself as default and each of its plain (non-accessor)
// properties by name, each read by a call marked pure: esbuild drops every one the bundle does not
// import, so a run reads only the names the bundle imports (never, say, fs.F_OK, a plain value on
// the Node that builds and a deprecated getter that warns on newer lines). A namespace import that
// reads an accessor (fs.promises) would find nothing, so the bundles turn esbuild's
// `import-is-undefined` warning into an error (BUILTINS_LOG_OVERRIDE).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
/** The built-ins whose copies showed in profiles; node:process has accessors that change (exitCode). */
const BUILTINS = /^(node:)?(fs|path|os)$/;
const NAMESPACE_IMPORT_SOURCE = String.raw`\bimport\s*\*\s*as\s+([A-Za-z_$][\w$]*)\s+from\s*(["'](?:node:)?(?:fs|path|os)["'])`;
const NAMESPACE_IMPORT = new RegExp(NAMESPACE_IMPORT_SOURCE);
const NAMESPACE_IMPORT_ALL = new RegExp(NAMESPACE_IMPORT_SOURCE, 'g');

/** Names that can be bound by `export const` in a module (strict mode). */
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
      // A namespace import that is used as a value (fdir's `import * as nativeFs from "fs"`, passed
      // on as its default file system) makes esbuild build the namespace object, which needs every
      // name: it becomes a default import, the built-in module itself, read by property at use.
      build.onLoad({ filter: /\.(mjs|js|cjs)$/ }, async (args) => {
        if (!args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!NAMESPACE_IMPORT.test(text)) return undefined;
        return {
          contents: text.replace(NAMESPACE_IMPORT_ALL, 'import $1 from $2'),
          loader: 'js',
          resolveDir: path.dirname(args.path),
        };
      });
      build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
        const mod = require(`node:${args.path}`);
        const names = Object.getOwnPropertyNames(mod).filter(
          (n) => n !== 'default' && bindable(n) && 'value' in Object.getOwnPropertyDescriptor(mod, n),
        );
        // One statement per name, with no side effect esbuild must keep: unused ones are dropped.
        const binds = names.map((n) => `export const ${n} = /* @__PURE__ */ get(${JSON.stringify(n)});`);
        return {
          contents: `const m = require("node:${args.path}");\nconst get = (name) => m[name];\nexport default m;\n${binds.join('\n')}\n`,
          loader: 'js',
        };
      });
    },
  };
}

/** esbuild's logOverride for bundles built with builtinsWithoutCopies. */
export const BUILTINS_LOG_OVERRIDE = { 'import-is-undefined': 'error' };
