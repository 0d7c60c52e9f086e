// The repository as the release sees it: its root, and the packages it publishes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  types?: string;
  main?: string;
  exports?: unknown;
  bin?: Record<string, string>;
  files?: string[];
  engines?: { node?: string };
  repository?: { type: string; url: string; directory?: string };
  publishConfig?: { access?: string; provenance?: boolean };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  dir: string;
  manifest: Manifest;
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** Every workspace package that is published (not private), from pnpm-workspace.yaml's globs. */
export function publishedPackages(): WorkspacePackage[] {
  // pnpm lists the workspace with its own glob rules; no second implementation here.
  const out = execFileSync('npx', ['-y', 'pnpm@10', 'list', '--recursive', '--depth', '-1', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { path: string; private?: boolean }[])
    .filter((p) => !p.private && path.resolve(p.path) !== path.resolve(ROOT))
    .map((p) => ({ dir: p.path, manifest: readJson<Manifest>(path.join(p.path, 'package.json')) }))
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
