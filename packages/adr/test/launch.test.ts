// The bin switches on a compile cache before loading the CLI bundle: Node's own on Node 22.1+, a
// V8 code cache of the package's bundles on Node 20. Either way it is only a speed-up: the command
// works the same with the cache cold, warm, damaged or refused.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adr, tmpRepo } from './support/cli.js';

const nodeHasCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
const uid = process.getuid?.() ?? 0;

function run(tmp: string, title: string) {
  const dir = tmpRepo();
  const r = adr(dir, ['new', title, '--template', 'nygard'], { TMPDIR: tmp, NODE_COMPILE_CACHE: undefined });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout.trim()).toBe(path.join('docs', 'adr', `0001-${title.toLowerCase()}.md`));
}

const ownCache = (tmp: string) =>
  path.join(tmp, `distroless-adr-compile-cache-${uid}`, `${process.version}-${process.arch}`);

describe.skipIf(nodeHasCache)('the Node 20 code cache', () => {
  it('is written by the first run, read by the next, and rebuilt when damaged', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'adr-cache-'));
    run(tmp, 'Cold');
    const cache = ownCache(tmp);
    const files = readdirSync(cache);
    expect(files.some((f) => f.startsWith('main.cjs-') && f.endsWith('.bin'))).toBe(true);
    run(tmp, 'Warm');
    expect(readdirSync(cache)).toEqual(files);
    for (const f of files) writeFileSync(path.join(cache, f), 'not V8 code cache');
    run(tmp, 'Damaged');
    run(tmp, 'Again');
  });

  it('is not used in a folder others can write to', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'adr-cache-'));
    const top = path.join(tmp, `distroless-adr-compile-cache-${uid}`);
    mkdirSync(top);
    chmodSync(top, 0o777);
    run(tmp, 'Refused');
    expect(readdirSync(top)).toEqual([]);
  });

  it('stays off with NODE_DISABLE_COMPILE_CACHE=1', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'adr-cache-'));
    const dir = tmpRepo();
    const r = adr(dir, ['new', 'Off'], { TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(path.join(tmp, `distroless-adr-compile-cache-${uid}`))).toBe(false);
  });
});

describe.skipIf(!nodeHasCache)("Node's own compile cache", () => {
  it('holds the CLI bundle after a run', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'adr-cache-'));
    const dir = tmpRepo();
    const cacheDir = path.join(tmp, 'node-cache');
    const r = adr(dir, ['new', 'Cached'], { NODE_COMPILE_CACHE: cacheDir });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(cacheDir).length).toBeGreaterThan(0);
  });
});
