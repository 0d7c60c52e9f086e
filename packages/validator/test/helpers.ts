import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdrResult } from '../src/index.js';

export const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const pkgRoot = fileURLToPath(new URL('../', import.meta.url));
export const cliPath = path.join(pkgRoot, 'dist', 'cli.js');

export function tmpDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'adr-lint-test-'));
}

/** `line:column ruleId` per finding, the shape most assertions compare. */
export function brief(r: AdrResult | undefined): string[] {
  return (r?.messages ?? []).map((m) => `${m.line}:${m.column} ${m.severity} ${m.ruleId}`);
}

export function byFile(results: AdrResult[], name: string): AdrResult {
  const r = results.find((x) => x.file.endsWith(name));
  if (!r) throw new Error(`no result for ${name}; have ${results.map((x) => x.file).join(', ')}`);
  return r;
}
