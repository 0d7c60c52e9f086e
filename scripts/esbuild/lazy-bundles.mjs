// esbuild plugins shared by the CommonJS bundles that parse ADRs (the validator's `adr` command,
// distroless-adr's record reader and dialect detector): code that most runs never call goes into a
// bundle of its own, required on first use. A bundle's every module runs its top level when the
// bundle loads, and the compile cache (ADR 0017) deserializes what it holds: on a one-file check,
// both are start-up paid for nothing (issue 15).
// - yaml and smol-toml read front matter and YAML config; records of most dialects (adr-tools',
//   MADR 2, bold fields) have none, and most repositories have no config file.
// - micromark decodes named character references (`&amp;`) with character-entities, a table of
//   2,000 names built at load; few records hold one.

/** The side bundle yaml and smol-toml go into, next to the bundle that requires it. */
export const FRONT_MATTER_PARSERS = './front-matter-parsers.cjs';
/** The side bundle decode-named-character-reference (and its table) goes into. */
export const NAMED_CHARACTER_REFERENCES = './named-character-references.cjs';

const requireOnce = (file) => `let real; const load = () => (real ??= require(${JSON.stringify(file)}));`;

/**
 * Sends `yaml` and `smol-toml`, imported by a file whose path `importer` matches, to stand-ins that
 * require FRONT_MATTER_PARSERS on first call. Only the names the validator imports are forwarded.
 */
export function lazyFrontMatterParsers(importer) {
  return {
    name: 'lazy-front-matter-parsers',
    setup(build) {
      build.onResolve({ filter: /^(yaml|smol-toml)$/ }, (args) =>
        importer.test(args.importer) ? { path: args.path, namespace: 'lazy-fm' } : undefined,
      );
      build.onResolve({ filter: /^\.\/front-matter-parsers\.cjs$/ }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /^yaml$/, namespace: 'lazy-fm' }, () => ({
        contents: `${requireOnce(FRONT_MATTER_PARSERS)}
export const parseDocument = (...args) => load().parseDocument(...args);
export const isMap = (node) => load().isMap(node);
export const isScalar = (node) => load().isScalar(node);
export const stringify = (...args) => load().stringify(...args);
export class LineCounter { constructor() { return new (load().LineCounter)(); } }`,
        loader: 'js',
      }));
      build.onLoad({ filter: /^smol-toml$/, namespace: 'lazy-fm' }, () => ({
        contents: `${requireOnce(FRONT_MATTER_PARSERS)}\nexport const parse = (...args) => load().parseToml(...args);`,
        loader: 'js',
      }));
    },
  };
}

/** The entry of the FRONT_MATTER_PARSERS bundle (esbuild `stdin`, resolved from `resolveDir`). */
export function frontMatterParsersEntry(resolveDir) {
  return {
    contents:
      "export { isMap, isScalar, LineCounter, parseDocument, stringify } from 'yaml';\nexport { parse as parseToml } from 'smol-toml';",
    resolveDir,
    loader: 'js',
  };
}

/**
 * Sends decode-named-character-reference (micromark's, mdast-util-from-markdown's) to a stand-in
 * that requires NAMED_CHARACTER_REFERENCES on first call: `plugin`. After a build, `resolved()` is
 * the real module's path, the entry of that bundle (the package resolves only from its dependents'
 * folders).
 */
export function lazyNamedCharacterReferences() {
  let resolved;
  const plugin = {
    name: 'lazy-named-character-references',
    setup(build) {
      build.onResolve({ filter: /^decode-named-character-reference$/ }, async (args) => {
        if (args.pluginData === 'real') return undefined;
        const real = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: 'real',
        });
        if (real.errors.length > 0) return { errors: real.errors };
        resolved ??= real.path;
        return { path: args.path, namespace: 'lazy-ncr' };
      });
      build.onResolve({ filter: /^\.\/named-character-references\.cjs$/ }, (args) => ({
        path: args.path,
        external: true,
      }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-ncr' }, () => ({
        contents: `${requireOnce(NAMED_CHARACTER_REFERENCES)}
export const decodeNamedCharacterReference = (value) => load().decodeNamedCharacterReference(value);`,
        loader: 'js',
      }));
    },
  };
  return {
    plugin,
    resolved: () => {
      if (!resolved) throw new Error('decode-named-character-reference was not imported by the bundles built');
      return resolved;
    },
  };
}

/**
 * fdir (under tinyglobby) requires picomatch at load when it can resolve it, for a glob option
 * tinyglobby never uses: installed beside the validator, that is five unbundled files compiled on
 * every run. Its `createRequire` becomes one that resolves nothing, so fdir finds no picomatch.
 */
export function fdirWithoutOptionalPicomatch() {
  return {
    name: 'fdir-without-optional-picomatch',
    setup(build) {
      build.onResolve({ filter: /^(node:)?module$/ }, (args) =>
        /[\\/]fdir[\\/]/.test(args.importer) ? { path: 'module', namespace: 'fdir-no-require' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'fdir-no-require' }, () => ({
        contents: `export function createRequire() {
  const none = (id) => { const e = new Error("Cannot find module '" + id + "'"); e.code = 'MODULE_NOT_FOUND'; throw e; };
  none.resolve = none;
  return none;
}`,
        loader: 'js',
      }));
    },
  };
}
