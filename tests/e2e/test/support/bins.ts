// The packages' command-line entry points, found through their package.json `bin` as an installed
// user would run them (never a path into another package's build output).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function bin(pkg: string, name: string): string {
  const manifest = require.resolve(`${pkg}/package.json`);
  const bins = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin;
  const file = path.join(path.dirname(manifest), bins[name]!);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build ${pkg} first (turbo run test does)`);
  return file;
}

export const generatorCli = bin('create-distroless-service', 'create-distroless-service');
export const validatorCli = bin('@distroless-service/validator', 'distroless-validate');
