// The bin switches on a compile cache before loading the CLI bundle (ADR 0011): V8's code cache of
// the package's own bundles, taken at exit, on every Node line; Node's own cache too on 22.1+. It
// is only a speed-up: the command works the same with the cache cold, warm, damaged, stale or
// refused.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adr, cliPath, tmpRepo } from './support/cli.js';

const nodeHasCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
const uid = process.getuid?.() ?? 0;
const temp = () => mkdtempSync(path.join(os.tmpdir(), 'adr-cache-'));

function run(tmp: string, title: string) {
  const dir = tmpRepo();
  const r = adr(dir, ['new', title, '--template', 'nygard'], { TMPDIR: tmp, NODE_COMPILE_CACHE: undefined });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout.trim()).toBe(path.join('docs', 'adr', `0001-${title.toLowerCase()}.md`));
}

const ownCache = (tmp: string) =>
  path.join(tmp, `distroless-adr-compile-cache-${uid}`, `${process.version}-${process.arch}`);

/** Each entry's name and content. */
const entries = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]),
  );

describe("V8's code cache of the bundles", () => {
  it('is written by the first run, used as it is by the next, and rewritten when damaged', () => {
    const tmp = temp();
    run(tmp, 'Cold');
    const cache = ownCache(tmp);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    const cold = entries(cache);
    expect(Object.keys(cold).some((f) => f.startsWith('main.cjs-') && f.endsWith('.bin'))).toBe(true);
    run(tmp, 'Warm');
    expect(entries(cache)).toEqual(cold);
    // V8's part damaged, the source part intact: V8 refuses it, the run rewrites it.
    for (const f of Object.keys(cold)) {
      const entry = readFileSync(path.join(cache, f));
      entry.fill(0x5a, entry.length - 64);
      writeFileSync(path.join(cache, f), entry);
    }
    run(tmp, 'Damaged');
    expect(entries(cache)).not.toEqual(cold);
    for (const f of Object.keys(cold)) writeFileSync(path.join(cache, f), 'not a cache entry');
    run(tmp, 'Garbage');
    run(tmp, 'Again');
    // Cut short (a full disk, a copy stopped halfway): refused by the length or the checksum.
    for (const f of Object.keys(entries(cache))) {
      const entry = readFileSync(path.join(cache, f));
      writeFileSync(path.join(cache, f), entry.subarray(0, entry.length - 1000));
    }
    const cut = entries(cache);
    run(tmp, 'Short');
    const rewritten = entries(cache);
    expect(Object.keys(rewritten)).toEqual(Object.keys(cut));
    for (const f of Object.keys(cut)) expect(rewritten[f]).not.toEqual(cut[f]);
    run(tmp, 'Whole');
    expect(entries(cache)).toEqual(rewritten);
  });

  it('adds the code of each kind of run the entry lacks, once: `--help` first, then `new`', () => {
    const tmp = temp();
    const help = () => expect(adr(tmpRepo(), ['--help'], { TMPDIR: tmp }).status).toBe(0);
    const main = () => {
      const cache = ownCache(tmp);
      const [entry, ...more] = readdirSync(cache).filter((f) => f.startsWith('main.cjs-'));
      expect(more).toEqual([]);
      return readFileSync(path.join(cache, entry!));
    };
    help();
    const helpOnly = main();
    run(tmp, 'First');
    const both = main();
    // `new`'s functions were compiled on top of those the entry gave, and kept with them.
    expect(both.length).toBeGreaterThan(helpOnly.length + 10_000);
    run(tmp, 'Second');
    help();
    expect(main().equals(both), 'rewritten by a kind of run it already holds').toBe(true);
    // A run that fails names no kind: it adds nothing.
    expect(adr(tmpRepo(), ['list', '--dir', 'nowhere'], { TMPDIR: tmp }).status).toBe(2);
    expect(main().equals(both)).toBe(true);
  });

  it("adds the code of a `new` that follows a folder's records to an entry made by a first `new` into an empty folder", () => {
    const tmp = temp();
    const repo = tmpRepo();
    const entry = () => {
      const cache = ownCache(tmp);
      const [file, ...more] = readdirSync(cache).filter((f) => f.startsWith('main.cjs-'));
      expect(more).toEqual([]);
      return readFileSync(path.join(cache, file!));
    };
    const next = (title: string) => {
      const r = adr(repo, ['new', title], { TMPDIR: tmp, NODE_COMPILE_CACHE: undefined });
      expect(r.status, r.stderr).toBe(0);
    };
    next('First'); // the folder made, the default template
    const empty = entry();
    next('Second'); // the dialect of the first record followed, its conventions too
    const following = entry();
    expect(following.length).toBeGreaterThan(empty.length + 10_000);
    next('Third');
    expect(entry().equals(following), 'rewritten by a kind of run it already holds').toBe(true);
  });

  it('keeps entries apart for runs given V8 flags, so runs with and without one do not rewrite each other', () => {
    const tmp = temp();
    const flagged = (title: string) => {
      const r = adr(tmpRepo(), ['new', title, '--template', 'nygard'], { TMPDIR: tmp, NODE_COMPILE_CACHE: undefined }, [
        '--max-old-space-size=200',
      ]);
      expect(r.status, r.stderr).toBe(0);
    };
    run(tmp, 'Plain');
    const cache = ownCache(tmp);
    const plain = entries(cache);
    flagged('Flagged');
    const both = entries(cache);
    // The plain run's entries are untouched and the flagged run added its own beside them.
    for (const f of Object.keys(plain)) expect(both[f]).toEqual(plain[f]);
    expect(Object.keys(both).length).toBe(2 * Object.keys(plain).length);
    run(tmp, 'Replain');
    flagged('Reflagged');
    expect(entries(cache)).toEqual(both);
  });

  it('is not used for a bundle whose content changed, even at the same size and mtime', () => {
    // npm gives every installed file the same mtime: two releases can match on name, size and mtime.
    const tmp = temp();
    const pkg = temp();
    cpSync(path.dirname(cliPath), path.join(pkg, 'dist'), { recursive: true });
    const bin = path.join(pkg, 'dist', 'cli.cjs');
    const main = path.join(pkg, 'dist', 'main.cjs');
    const runCopy = () => {
      const r = spawnSync(process.execPath, [bin, '--help'], {
        cwd: pkg,
        encoding: 'utf8',
        env: { ...process.env, TMPDIR: tmp },
      });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    expect(runCopy()).toMatch(/^Usage: distroless-adr/);
    expect(readdirSync(ownCache(tmp)).some((f) => f.startsWith('main.cjs-'))).toBe(true);
    const before = statSync(main);
    const source = readFileSync(main, 'utf8');
    expect(source.split('Usage: distroless-adr').length).toBe(2);
    writeFileSync(main, source.replace('Usage: distroless-adr', 'USAGE: distroless-adr'));
    utimesSync(main, before.atime, before.mtime);
    expect(statSync(main).size).toBe(before.size);
    expect(runCopy()).toMatch(/^USAGE: distroless-adr/);
  });

  it('is not used in a folder others can write to', () => {
    const tmp = temp();
    const top = path.join(tmp, `distroless-adr-compile-cache-${uid}`);
    mkdirSync(top);
    chmodSync(top, 0o777);
    run(tmp, 'Refused');
    expect(readdirSync(top)).toEqual([]);
  });

  it('is skipped where no folder can be made for it', () => {
    const tmp = temp();
    const notAFolder = path.join(tmp, 'file');
    writeFileSync(notAFolder, '');
    run(notAFolder, 'Nowhere');
    expect(readdirSync(tmp)).toEqual(['file']);
  });

  it('loses entries a month old when a run writes one, and keeps those in use', () => {
    const tmp = temp();
    run(tmp, 'First');
    const cache = ownCache(tmp);
    const top = path.dirname(cache);
    const real = readdirSync(cache);
    const old = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000);
    const stale = (file: string) => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, 'an entry of another install');
      utimesSync(file, old, old);
    };
    // Another install's entry, a killed run's temporary file, a Node version no longer run; and a
    // recent entry of another install, which stays.
    stale(path.join(cache, 'main.cjs-0badf00d.bin'));
    stale(path.join(cache, 'main.cjs-0badf00d.bin.4242.tmp'));
    stale(path.join(top, 'v18.0.0-x64', 'main.cjs-0badf00d.bin'));
    writeFileSync(path.join(cache, 'main.cjs-f00d0bad.bin'), 'a recent entry of another install');
    // This install's entries, as old: a warm run reads them and prunes nothing.
    for (const f of real) utimesSync(path.join(cache, f), old, old);
    run(tmp, 'Warm');
    expect(readdirSync(cache).sort()).toEqual(
      [...real, 'main.cjs-0badf00d.bin', 'main.cjs-0badf00d.bin.4242.tmp', 'main.cjs-f00d0bad.bin'].sort(),
    );
    expect(readdirSync(top).sort()).toEqual([path.basename(cache), 'v18.0.0-x64'].sort());
    // One entry missing: the run writes it, then prunes what is old and not its own.
    const main = real.find((f) => f.startsWith('main.cjs-'))!;
    const rewritten = real.find((f) => f !== main) ?? main;
    writeFileSync(path.join(cache, rewritten), 'not a cache entry');
    run(tmp, 'Pruned');
    expect(readdirSync(cache).sort()).toEqual([...real, 'main.cjs-f00d0bad.bin'].sort());
    expect(readdirSync(top)).toEqual([path.basename(cache)]);
    expect(statSync(path.join(cache, rewritten)).mtimeMs).toBeGreaterThan(old.getTime());
  });

  it('stays off with NODE_DISABLE_COMPILE_CACHE=1', () => {
    const tmp = temp();
    const dir = tmpRepo();
    const r = adr(dir, ['new', 'Off'], { TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(path.join(tmp, `distroless-adr-compile-cache-${uid}`))).toBe(false);
  });
});

describe.skipIf(!nodeHasCache)("Node's own compile cache (22.1+)", () => {
  // Switched on only when inquirer (outside the bundles) loads to prompt: at start-up it costs
  // every run and holds nothing a run without a prompt loads.
  it('stays off in a run that prompts nothing', () => {
    const tmp = temp();
    const r = adr(tmpRepo(), ['new', 'Cached'], { TMPDIR: tmp, NODE_COMPILE_CACHE: undefined });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(tmp)).toEqual([`distroless-adr-compile-cache-${uid}`]);
  });
});
