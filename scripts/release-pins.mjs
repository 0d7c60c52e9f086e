#!/usr/bin/env node
// Keeps the entry points that install the validator by version (action.yml's `version` input,
// the pre-commit hook's additional_dependencies) at the validator's released version, so neither
// floats. Run after `changeset version` (see `pnpm version-packages`); `--check` only verifies.
//
//   node scripts/release-pins.mjs [--check] [--root <dir>] [--version <semver>]
//
// Exit codes: 0 pins match (or were written), 1 a pin differs (--check), 2 bad usage or a file
// that no longer has the expected shape.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import YAML from 'yaml';

const PACKAGE = '@distroless-service/validator';
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** Each pinned file: how to read the pinned version and how to rewrite it. */
export const PINS = [
  {
    file: 'action.yml',
    read: (doc) => doc.inputs?.version?.default,
    // The `default:` line inside the `version:` input block.
    pattern: /(\n {2}version:\n(?: {4}.*\n)*? {4}default: )'?[^'\n]*'?/,
    replace: (v) => `$1'${v}'`,
  },
  {
    file: '.pre-commit-hooks.yaml',
    read: (doc) => {
      const deps = doc?.[0]?.additional_dependencies ?? [];
      const dep = deps.find((d) => String(d).startsWith(`${PACKAGE}@`));
      return dep ? String(dep).slice(PACKAGE.length + 1) : undefined;
    },
    pattern: /('@distroless-service\/validator@)[^']*'/,
    replace: (v) => `$1${v}'`,
  },
];

export function readPins(root) {
  return PINS.map((pin) => {
    const text = readFileSync(path.join(root, pin.file), 'utf8');
    return { file: pin.file, version: pin.read(YAML.parse(text)) ?? null };
  });
}

export function writePins(root, version) {
  for (const pin of PINS) {
    const file = path.join(root, pin.file);
    const before = readFileSync(file, 'utf8');
    if (!pin.pattern.test(before)) throw new UsageError(`${pin.file}: cannot find the validator pin to rewrite`);
    const after = before.replace(pin.pattern, pin.replace(version));
    if (pin.read(YAML.parse(after)) !== version) throw new UsageError(`${pin.file}: rewriting the pin did not take`);
    if (after === before) continue;
    writeFileSync(`${file}.tmp`, after); // rename: a failed write never leaves half a file
    renameSync(`${file}.tmp`, file);
  }
}

class UsageError extends Error {}

function main() {
  const { values } = parseArgs({
    options: { check: { type: 'boolean', default: false }, root: { type: 'string' }, version: { type: 'string' } },
  });
  const root = path.resolve(values.root ?? path.dirname(path.dirname(fileURLToPath(import.meta.url))));
  const version =
    values.version ?? JSON.parse(readFileSync(path.join(root, 'packages/validator/package.json'), 'utf8')).version;
  if (!SEMVER.test(version)) throw new UsageError(`not an exact version: ${version}`);
  if (!values.check) {
    writePins(root, version);
    console.log(`validator pinned at ${version} in ${PINS.map((p) => p.file).join(', ')}`);
    return 0;
  }
  let code = 0;
  for (const { file, version: pinned } of readPins(root)) {
    if (pinned === version) continue;
    console.error(`${file}: validator pinned at ${pinned ?? '(nothing)'}, released version is ${version}`);
    code = 1;
  }
  return code;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (error) {
    console.error(`release-pins: ${error instanceof UsageError ? error.message : error}`);
    process.exitCode = 2;
  }
}
