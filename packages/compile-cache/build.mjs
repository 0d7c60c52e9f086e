// The build step both CLIs share: bundles src/launch.ts into the package's bin, a few lines that
// switch on the compile cache before the CLI bundle (`./main.cjs`, next to it) is loaded.
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { BUILTINS_LOG_OVERRIDE, builtinsWithoutCopies } from '../../scripts/esbuild/builtins.mjs';

/** Writes `outfile` (the bin, executable) for the command `name`, which names its cache folder. */
export async function buildLauncher({ name, outfile }) {
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./src/launch.ts', import.meta.url))],
    define: { __CACHE_NAME__: JSON.stringify(name) },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: !process.env.NO_MINIFY,
    external: ['./main.cjs'],
    plugins: [builtinsWithoutCopies()],
    logOverride: BUILTINS_LOG_OVERRIDE,
    banner: { js: '#!/usr/bin/env node' },
  });
  chmodSync(outfile, 0o755);
}
