// Output formats shared by `adr` and `service`. Each is fed a RunReport, the results of one run.
import { github } from './github.js';
import { json } from './json.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Reporter } from './types.js';

export type { Reporter, RunReport } from './types.js';
export { escapeData, escapeProperty, stepSummary, splitAnnotations, ANNOTATIONS_PER_SEVERITY } from './github.js';
export { printable, printableLine } from './types.js';

export const reporters: Readonly<Record<string, Reporter>> = { stylish, json, sarif, github };
export const formats: readonly string[] = Object.keys(reporters);

/** The reporter for a `--format` value, or undefined (never an inherited property like `constructor`). */
export function reporterFor(format: string): Reporter | undefined {
  return Object.hasOwn(reporters, format) ? reporters[format] : undefined;
}
