// esbuild plugin shared by the bundles that embed node-plop (create-distroless-service, adr): the
// parts of node-plop those CLIs never run stay out of their start-up.
// - resolve, tinyglobby, isbinaryfile serve plop.load (plop-packs) and the built-in add/addMany
//   actions; both CLIs register their own actions only, so these become stand-ins that throw.
// - node-plop takes Node's fs/promises at import for its built-in file actions; fs/promises is
//   costly to load (on Node 22 it brings readline and streams), so its imports are sent to
//   stand-ins that reach fs.promises only when called.
// - node-plop registers its baked-in case helpers (change-case, title-case) at import; their
//   modules build Unicode-property regular expressions at load (about 1 ms on Node 22), and
//   neither CLI's templates call them. Each helper becomes a stand-in that loads its module on
//   its first call and hands it the same arguments.
// - node-plop requires the working directory's package.json on every run, for a `pkg` helper on
//   its own Handlebars, which neither CLI's templates (a private Handlebars) can call: a file read,
//   a JSON parse or a thrown MODULE_NOT_FOUND for nothing. Here it is read when the helper is first
//   called, and node-plop's require (node:module) and node:url are made then too, so a run loads
//   neither.

import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Edits to node-plop's src/node-plop.js (0.32), each checked so an upgrade that moves one fails the build. */
const LAZY_PACKAGE_JSON = [
  [
    `import { createRequire } from "node:module";
import { pathToFileURL } from "url";
const require = createRequire(import.meta.url);
`,
    `const require = (id) => process.getBuiltinModule("node:module").createRequire(import.meta.url)(id);
const pathToFileURL = (file) => process.getBuiltinModule("node:url").pathToFileURL(file);
`,
  ],
  ['  let pkgJson = {};\n', '  let pkgJson;\n'],
  [
    '      pkg: (propertyPath) => dlvBrackets(pkgJson, propertyPath, ""),\n',
    '      pkg: (propertyPath) => (pkgJson ?? loadPackageJson(), dlvBrackets(pkgJson, propertyPath, "")),\n',
  ],
  ['    loadPackageJson();\n', ''],
  ['    loadPackageJson();\n', ''],
];

/** @param {string} cli the bundle's command name, for the stand-ins' error message */
export function nodePlopTrimmed(cli) {
  return {
    name: 'node-plop-trimmed',
    setup(build) {
      build.onResolve({ filter: /^(resolve|tinyglobby|isbinaryfile)$/ }, (args) =>
        args.importer.includes('node-plop') ? { path: args.path, namespace: 'plop-unused' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'plop-unused' }, (args) => {
        const message = JSON.stringify(`${args.path} is not bundled: ${cli} uses only its own plop actions`);
        return {
          contents: `const unused = () => { throw new Error(${message}); };
export default unused; export const sync = unused; export const globSync = unused; export const isBinaryFileSync = unused;`,
        };
      });
      build.onResolve({ filter: /^node:fs\/promises$/ }, (args) =>
        args.importer.includes('node-plop') ? { path: 'fs/promises', namespace: 'plop-lazy-fs' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'plop-lazy-fs' }, () => ({
        contents: `import fs from 'node:fs'; export const rm = (...args) => fs.promises.rm(...args);`,
        loader: 'js',
      }));
      build.onLoad({ filter: /[/\\]node-plop[/\\]src[/\\]fs-promise-proxy\.js$/ }, () => ({
        contents: `import fs from 'node:fs';
const lazy = (name) => (...args) => fs.promises[name](...args);
export const makeDir = (path) => fs.promises.mkdir(path, { recursive: true });
export const readdir = lazy('readdir');
export const stat = lazy('stat');
export const chmod = lazy('chmod');
export const readFile = (path) => fs.promises.readFile(path, 'utf8');
export const writeFile = (path, data) => fs.promises.writeFile(path, data, 'utf8');
export const readFileRaw = (path) => fs.promises.readFile(path, null);
export const writeFileRaw = (path, data) => fs.promises.writeFile(path, data, null);
export const fileExists = (path) => fs.promises.access(path).then(() => true, () => false);
export const constants = fs.constants;`,
        loader: 'js',
      }));
      build.onLoad({ filter: /[/\\]node-plop[/\\]src[/\\]node-plop\.js$/ }, (args) => {
        let source = readFileSync(args.path, 'utf8');
        for (const [from, to] of LAZY_PACKAGE_JSON) {
          if (!source.includes(from))
            throw new Error(`${args.path} changed (no ${JSON.stringify(from)}): update this plugin`);
          source = source.replace(from, to);
        }
        return { contents: source, loader: 'js', resolveDir: path.dirname(args.path) };
      });
      build.onLoad({ filter: /[/\\]node-plop[/\\]src[/\\]baked-in-helpers\.js$/ }, (args) => ({
        contents: BAKED_IN_HELPERS,
        loader: 'js',
        resolveDir: path.dirname(args.path),
      }));
    },
  };
}

// node-plop's src/baked-in-helpers.js (0.32), each case function required on first use: esbuild
// turns a require of an ES module into a call that runs the module's top level then.
const BAKED_IN_HELPERS = `let changeCase, titleCase;
const from = (load, name) => function () { return load()[name].apply(this, arguments); };
const cc = (name) => from(() => (changeCase ??= require('change-case')), name);
const kebabCase = cc('kebabCase');
const pascalCase = cc('pascalCase');
export default {
  camelCase: cc('camelCase'),
  snakeCase: cc('snakeCase'),
  dotCase: cc('dotCase'),
  pathCase: cc('pathCase'),
  lowerCase: (str) => str.toLowerCase(),
  upperCase: (str) => str.toUpperCase(),
  sentenceCase: cc('sentenceCase'),
  constantCase: cc('constantCase'),
  titleCase: from(() => (titleCase ??= require('title-case')), 'titleCase'),
  dashCase: kebabCase,
  kabobCase: kebabCase,
  kebabCase: kebabCase,
  properCase: pascalCase,
  pascalCase: pascalCase,
};
`;
