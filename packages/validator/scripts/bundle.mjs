// Bundles the `adr` subcommand over tsc's output (dist/adr/command.js) so that a run on one
// ADR loads one file instead of ~200 small ES modules (unified, micromark, mdast utilities):
// on a pre-commit hook, start-up is the whole cost. The file stays in dist/adr/, so the
// worker URL (./worker.js) resolves as before. The worker thread (dist/adr/worker.js), which
// every run starts, is bundled the same way: it parses, so unbundled it would load those ~200
// modules again, in a thread of its own.
// The bin (dist/bin.cjs) and the `adr` command as the bin runs it (dist/adr/main.cjs) are CommonJS
// bundles: no ES module loader starts for them, and the bin's compile cache
// (@distroless-service/compile-cache, ADR 0017) covers main.cjs, including what a run compiles.
// The lint child processes (ADR 0019, 0022) run dist/adr/child-bin.cjs, which switches the same
// cache on for their bundle, dist/adr/child.cjs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { assertAscii } from '../../../scripts/esbuild/ascii.mjs';
import { BUILTINS_LOG_OVERRIDE, builtinsWithoutCopies } from '../../../scripts/esbuild/builtins.mjs';
import {
  fdirWithoutOptionalPicomatch,
  FRONT_MATTER_PARSERS,
  frontMatterParsersEntry,
  lazyFrontMatterParsers,
  lazyNamedCharacterReferences,
  NAMED_CHARACTER_REFERENCES,
} from '../../../scripts/esbuild/lazy-bundles.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * The side bundle picomatch and tinyglobby go into, next to main.cjs. They match globs: the paths
 * and ignore globs of a folder scan or a glob argument, the config's `overrides`, and the on-disk
 * records that share a number with a linted one (unique-number). A one-file check (a pre-commit
 * hook's) does none of that, and compiled and ran their code at every start (issue 15).
 */
const GLOBS = './globs.cjs';
const lazyGlobs = {
  name: 'lazy-globs',
  setup(build) {
    build.onResolve({ filter: /^(picomatch|tinyglobby)$/ }, (args) =>
      /[\\/]src[\\/]adr[\\/]/.test(args.importer) ? { path: args.path, namespace: 'lazy-globs' } : undefined,
    );
    build.onResolve({ filter: /^\.\/globs\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    const load = `let real; const load = () => (real ??= require(${JSON.stringify(GLOBS)}));`;
    build.onLoad({ filter: /^picomatch$/, namespace: 'lazy-globs' }, () => ({
      contents: `${load}\nexport default function picomatch(...args) { return load().picomatch(...args); }`,
      loader: 'js',
    }));
    build.onLoad({ filter: /^tinyglobby$/, namespace: 'lazy-globs' }, () => ({
      contents: `${load}
export const glob = (...args) => load().glob(...args);
export const isDynamicPattern = (...args) => load().isDynamicPattern(...args);`,
      loader: 'js',
    }));
  },
};
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const inlineVersion = {
  // version.ts reads ../package.json relative to itself, which from dist/adr/ would miss.
  name: 'inline-version',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({
      contents: `export const version = ${JSON.stringify(version)};`,
      loader: 'ts',
    }));
  },
};

const bundle = (entry) =>
  esbuild.build({
    entryPoints: [path.join(root, `src/adr/${entry}.ts`)],
    outfile: path.join(root, `dist/adr/${entry}.js`),
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // Some dependencies (yaml) are CommonJS and require Node built-ins; an ES module has no
    // `require` of its own, so the bundle gets one.
    banner: {
      js:
        "import { createRequire as __createRequire } from 'node:module';\nconst require = " +
        '__createRequire(import.meta.url);',
    },
    plugins: [inlineVersion],
  });
const cjs = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  minify: !process.env.NO_MINIFY, // NO_MINIFY=1 gives readable CPU profiles
  logOverride: BUILTINS_LOG_OVERRIDE,
};
const namedReferences = lazyNamedCharacterReferences();
/** A CommonJS bundle of src/adr/<entry>.ts, as the bin and the lint children load it. */
const adrBundle = (entry) =>
  esbuild.build({
    ...cjs,
    entryPoints: [path.join(root, `src/adr/${entry}.ts`)],
    outfile: path.join(root, `dist/adr/${entry}.cjs`),
    // yaml, smol-toml and micromark's named character references in bundles of their own, loaded
    // on first use (scripts/esbuild/lazy-bundles.mjs): a one-file check of a record without front
    // matter or entities, in a repository without a YAML config, loads neither.
    plugins: [
      inlineVersion,
      lazyFrontMatterParsers(/[\\/]src[\\/]adr[\\/]/),
      namedReferences.plugin,
      lazyGlobs,
      builtinsWithoutCopies(),
    ],
    // The lint engine finds its worker script and ajv next to import.meta.url: here, the URL of
    // the ES module bundle beside this one (dist/adr/command.js), as from that bundle.
    // picomatch asks navigator.platform before process.platform: in Node that getter loads a
    // module of its own (internal/navigator) on every run.
    define: { 'import.meta.url': '__importMetaUrl', navigator: 'undefined' },
    banner: {
      js: "const __importMetaUrl = require('node:url').pathToFileURL(__dirname + '/command.js').href;",
    },
  });
await Promise.all([
  bundle('command'),
  bundle('worker'),
  // main.cjs, and child.cjs for the lint child processes (ADR 0019, 0022), which the compile
  // cache covers too (child-bin.cjs).
  ...['main', 'child'].map((entry) => adrBundle(entry)),
  esbuild.build({
    ...cjs,
    entryPoints: [path.join(root, 'src/adr/child-bin.cts')],
    outfile: path.join(root, 'dist/adr/child-bin.cjs'),
    external: ['./child.cjs'],
    plugins: [builtinsWithoutCopies()],
  }),
  esbuild.build({
    ...cjs,
    entryPoints: [path.join(root, 'src/bin.cts')],
    outfile: path.join(root, 'dist/bin.cjs'),
    external: ['./adr/main.cjs', './cli.js'],
    plugins: [builtinsWithoutCopies()],
  }),
]);

// The side bundles main.cjs requires on first use, next to it (yaml and smol-toml, named character
// references, globs).
await Promise.all([
  esbuild.build({
    ...cjs,
    stdin: frontMatterParsersEntry(path.join(root, 'src/adr')),
    outfile: path.join(root, 'dist/adr', FRONT_MATTER_PARSERS),
  }),
  esbuild.build({
    ...cjs,
    entryPoints: [namedReferences.resolved()],
    outfile: path.join(root, 'dist/adr', NAMED_CHARACTER_REFERENCES),
  }),
  esbuild.build({
    ...cjs,
    stdin: {
      contents:
        "export { default as picomatch } from 'picomatch';\nexport { glob, isDynamicPattern } from 'tinyglobby';",
      resolveDir: path.join(root, 'src/adr'),
      loader: 'js',
    },
    outfile: path.join(root, 'dist/adr', GLOBS),
    define: { navigator: 'undefined' },
    plugins: [fdirWithoutOptionalPicomatch(), builtinsWithoutCopies()],
  }),
]);
// The CommonJS bundles `adr` and `--version` start from; the ES module bundles (a folder's lint)
// keep their dependencies' comments.
assertAscii(
  [
    'bin.cjs',
    'adr/main.cjs',
    'adr/child.cjs',
    'adr/child-bin.cjs',
    `adr/${FRONT_MATTER_PARSERS}`,
    `adr/${NAMED_CHARACTER_REFERENCES}`,
    `adr/${GLOBS}`,
  ].map((f) => path.join(root, 'dist', f)),
);
