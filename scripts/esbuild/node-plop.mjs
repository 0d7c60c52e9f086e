// esbuild plugin shared by the bundles that embed node-plop (create-distroless-service, adr): the
// parts of node-plop those CLIs never run stay out of their start-up.
// - resolve, tinyglobby, isbinaryfile serve plop.load (plop-packs) and the built-in add/addMany
//   actions; both CLIs register their own actions only, so these become stand-ins that throw.
// - node-plop takes Node's fs/promises at import for its built-in file actions; fs/promises is
//   costly to load (on Node 22 it brings readline and streams), so its imports are sent to
//   stand-ins that reach fs.promises only when called.

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
    },
  };
}
