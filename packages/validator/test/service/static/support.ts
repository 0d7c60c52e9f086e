// Generated services to mutate, and the renderer toolchain check. Services come from the real
// generator (its built CLI), once per language and base; each test copies one and breaks one thing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findGo, findHelm } from '../../../src/service/static/index.js';
import type { Finding } from '../../../src/service/types.js';

const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
const generatorCli = path.join(repoRoot, 'packages/create-distroless-service/dist/cli.cjs');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dv-static-'));
const generated = new Map<string, string>();

export type Lang = 'go' | 'node' | 'python';

/** A pristine generated service (cached for the test file). */
export function generatedService(lang: Lang, base: 'distroless' | 'chainguard' = 'distroless'): string {
  const key = `${lang}-${base}`;
  const hit = generated.get(key);
  if (hit) return hit;
  if (!fs.existsSync(generatorCli))
    throw new Error(
      `build the generator first (${generatorCli} is missing): pnpm --filter create-distroless-service build`,
    );
  const dir = path.join(work, 'pristine', key);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const r = spawnSync(process.execPath, [generatorCli, dir, '--lang', lang, '--base', base, '--yes', '--no-git'], {
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

/** Replaces exactly one occurrence of `from` in a file; fails loudly when the template changed. */
export function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const p = path.join(dir, file);
  const text = fs.readFileSync(p, 'utf8');
  const count =
    typeof from === 'string'
      ? text.split(from).length - 1
      : (text.match(new RegExp(from.source, from.flags.includes('g') ? from.flags : `${from.flags}g`)) ?? []).length;
  if (count !== 1) throw new Error(`${file}: expected one match of ${String(from)}, found ${count}`);
  fs.writeFileSync(p, text.replace(from, to));
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

export interface Renderer {
  ok: boolean;
  reason: string | null;
}

/** helm on PATH, or go plus Debian's sprig for the bundled renderer. */
export function findRenderer(): Renderer {
  if (findHelm({})) return { ok: true, reason: null };
  const go = findGo({});
  if (!go) return { ok: false, reason: 'no helm and no go toolchain (apt-get install golang-1.23-go)' };
  const gopaths = [...(process.env.GOPATH ?? '').split(':').filter(Boolean), '/usr/share/gocode'];
  if (!gopaths.some((g) => fs.existsSync(path.join(g, 'src/github.com/Masterminds/sprig')))) {
    return { ok: false, reason: 'go found but no sprig (apt-get install golang-github-masterminds-sprig-dev)' };
  }
  return { ok: true, reason: null };
}

/** True when tests needing a renderer should be skipped; prints why. Under CI=true never skips. */
export function skipWithoutRenderer(r: Renderer, what: string): boolean {
  if (r.ok || process.env.CI) return false;
  console.warn(`SKIP ${what}: ${r.reason}`);
  return true;
}
