// Builds the published package: the CLI bundled for a fast start (CommonJS, no Markdown parser)
// behind a tiny bin that switches on a compile cache first, the record reader bundled apart and
// loaded on demand, and the ADR templates copied in and
// precompiled, so the tarball carries them and `new` compiles nothing.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { buildLauncher } from '@distroless-service/compile-cache/build';
import { assertAscii } from '../../../scripts/esbuild/ascii.mjs';
import { nodePlopTrimmed } from '../../../scripts/esbuild/node-plop.mjs';
import { BUILTINS_LOG_OVERRIDE, builtinsWithoutCopies } from '../../../scripts/esbuild/builtins.mjs';
import {
  FRONT_MATTER_PARSERS,
  frontMatterParsersEntry,
  lazyFrontMatterParsers,
  lazyNamedCharacterReferences,
  NAMED_CHARACTER_REFERENCES,
} from '../../../scripts/esbuild/lazy-bundles.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const require = createRequire(import.meta.url);
// The options src/render.ts compiles with.
const COMPILE_OPTIONS = { noEscape: true, strict: true };
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// 1. The templates, as files (readable next to the CLI), and precompiled.
const templates = path.join(path.dirname(require.resolve('@distroless-service/templates/package.json')), 'adr');
cpSync(templates, path.join(dist, 'templates', 'adr'), { recursive: true });
const Handlebars = (await import('handlebars')).default;
const specs = readdirSync(templates)
  .filter((f) => f.endsWith('.md.hbs'))
  .sort()
  .map((f) => {
    const spec = Handlebars.precompile(readFileSync(path.join(templates, f), 'utf8'), COMPILE_OPTIONS);
    return `  ${JSON.stringify(f.slice(0, -'.md.hbs'.length))}: ${spec},`;
  });
const compiledSource = `export default {\n${specs.join('\n')}\n};\n`;

const compiledModule = path.join(root, 'src/compiled.ts');
const lazyInquirer = path.join(root, 'src/lazy-inquirer.ts');
const validatorDist = path.dirname(require.resolve('@distroless-service/validator/package.json'));

const plugins = [
  {
    name: 'precompiled-templates',
    setup(build) {
      build.onLoad({ filter: /[/\\]src[/\\]compiled\.ts$/ }, (args) =>
        args.path === compiledModule ? { contents: compiledSource, loader: 'js' } : undefined,
      );
    },
  },
  {
    // The validator's index re-exports all of it (ADR lint, service verification); its modules have
    // no import-time effects we need, so let esbuild drop every one the CLI does not use.
    name: 'validator-side-effect-free',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'seen' || !args.resolveDir.startsWith(validatorDist)) return undefined;
        if (!args.path.startsWith('.')) return undefined;
        const r = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: 'seen',
        });
        return { ...r, sideEffects: false };
      });
    },
  },
  nodePlopTrimmed('distroless-adr'),
  builtinsWithoutCopies(),
  {
    name: 'lazy-inquirer',
    setup(build) {
      build.onResolve({ filter: /^inquirer$/ }, (args) =>
        args.importer === lazyInquirer ? { path: 'inquirer', external: true } : { path: lazyInquirer },
      );
    },
  },
  {
    // The CLI loads the record reader and the dialect detector from their own bundles, on demand.
    name: 'bundles-apart',
    setup(build) {
      build.onResolve({ filter: /^\.\/(records|detect)\.js$/ }, (args) => {
        const name = args.path.slice(2, -3);
        const entry = path.basename(build.initialOptions.entryPoints[0], '.ts');
        return entry === name || (entry === 'records' && name === 'detect')
          ? undefined
          : { path: `./${name}.cjs`, external: true };
      });
    },
  },
];

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: !process.env.NO_MINIFY,
  legalComments: 'linked',
  metafile: true,
  logOverride: BUILTINS_LOG_OVERRIDE,
  plugins,
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
const cli = await esbuild.build({
  ...shared,
  entryPoints: [path.join(root, 'src/cli.ts')],
  outfile: path.join(dist, 'main.cjs'),
  // Templates are precompiled: the CLI needs only the Handlebars runtime.
  alias: { handlebars: 'handlebars/runtime' },
});
// The bin: switches on the compile cache, then loads main.cjs (@distroless-service/compile-cache, ADR 0011).
await buildLauncher({ name: 'distroless-adr', outfile: path.join(dist, 'cli.cjs') });
// The validator's parser reads front matter with yaml and smol-toml, a third of the parser bundles'
// code; records of most dialects (adr-tools', MADR 2, bold fields) have none, so `new` following
// their dialect would load and set up both for nothing. Both go into a bundle of their own that
// the parser bundles require on first use (the plugin shared with the validator's bundles; only the
// parser's imports are redirected: records.ts's own yaml stays in its bundle).
const lazyFrontMatter = lazyFrontMatterParsers(/[\\/]validator[\\/]dist[\\/]adr[\\/]readers[\\/]front-matter\.js$/);
await esbuild.build({
  ...shared,
  stdin: frontMatterParsersEntry(validatorDist),
  outfile: path.join(dist, FRONT_MATTER_PARSERS),
});
// micromark's named character references (`&amp;`) in a bundle of their own too, on first use.
const namedReferences = lazyNamedCharacterReferences();
const records = await esbuild.build({
  ...shared,
  plugins: [...plugins, lazyFrontMatter, namedReferences.plugin],
  entryPoints: [path.join(root, 'src/records.ts')],
  outfile: path.join(dist, 'records.cjs'),
});
const detect = await esbuild.build({
  ...shared,
  plugins: [...plugins, lazyFrontMatter, namedReferences.plugin],
  entryPoints: [path.join(root, 'src/detect.ts')],
  outfile: path.join(dist, 'detect.cjs'),
});
await esbuild.build({
  ...shared,
  entryPoints: [namedReferences.resolved()],
  outfile: path.join(dist, NAMED_CHARACTER_REFERENCES),
});
assertAscii(
  ['cli.cjs', 'main.cjs', 'records.cjs', 'detect.cjs', FRONT_MATTER_PARSERS, NAMED_CHARACTER_REFERENCES].map((f) =>
    path.join(dist, f),
  ),
);
if (process.env.BUILD_REPORT) {
  console.log(await esbuild.analyzeMetafile(cli.metafile));
  console.log(await esbuild.analyzeMetafile(records.metafile));
  console.log(await esbuild.analyzeMetafile(detect.metafile));
}
