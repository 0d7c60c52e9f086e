// Generated services to mutate, and the helm check (tests that need helm skip without it).
// Services come from the real generator (its CLI), once per language and base; each test copies
// one and breaks one thing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findHelm, type Finding } from '@distroless-service/validator/service';
import { generatorCli } from './bins.js';
import type { Tool } from './toolchain.js';

export { edit } from './edit.js';
export { requireTool, skipWithout, type Tool } from './toolchain.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dv-static-'));
const generated = new Map<string, string>();

export type Lang = 'go' | 'node' | 'python';

/** A pristine generated service (cached for the test file); `framework` for a Node variant (--framework). */
export function generatedService(
  lang: Lang,
  base: 'distroless' | 'chainguard' = 'distroless',
  framework?: 'fastify',
): string {
  const key = `${lang}-${base}${framework ? `-${framework}` : ''}`;
  const hit = generated.get(key);
  if (hit) return hit;
  const dir = path.join(work, 'pristine', key);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const args = [dir, '--lang', lang, '--base', base, ...(framework ? ['--framework', framework] : [])];
  const r = spawnSync(process.execPath, [generatorCli, ...args, '--yes', '--no-git'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`generator failed: ${r.stderr}`);
  generated.set(key, dir);
  return dir;
}

let n = 0;
/** A copy of a generated service with `mutate` applied to it. */
export function variant(
  lang: Lang,
  mutate: (dir: string) => void,
  base: 'distroless' | 'chainguard' = 'distroless',
): string {
  const dir = path.join(work, `v${++n}-${lang}`);
  fs.cpSync(generatedService(lang, base), dir, { recursive: true });
  mutate(dir);
  return dir;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests reach into arbitrary schema paths
type Json = any;

export function editJson(dir: string, file: string, mutate: (o: Json) => void): void {
  const p = path.join(dir, file);
  const o = JSON.parse(fs.readFileSync(p, 'utf8')) as Json;
  mutate(o);
  fs.writeFileSync(p, JSON.stringify(o, null, 2));
}

/** 1-based line of the first line matching `re` (the expectation is computed, never guessed). */
export function lineMatching(dir: string, file: string, re: RegExp): number {
  const i = fs
    .readFileSync(path.join(dir, file), 'utf8')
    .split('\n')
    .findIndex((l) => re.test(l));
  if (i < 0) throw new Error(`${file}: no line matches ${String(re)}`);
  return i + 1;
}

/** Findings other than the digest-pin warnings every tag-pinned generated Dockerfile has. */
export function notable(findings: Finding[]): string[] {
  return findings
    .filter((f) => f.ruleId !== 'dockerfile-digest-pin')
    .map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}`);
}

/** The helm the static checks would use: `helm` on PATH. */
export function findHelmTool(): Tool {
  const bin = findHelm({});
  return {
    bin,
    reason: bin ? null : 'no helm on PATH (`eval "$(.ci/tools.sh helm)"` installs the pinned one; .ci/run does)',
  };
}
