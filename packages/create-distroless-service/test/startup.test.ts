// What a scaffold loads: start-up is most of its cost, so the non-interactive path must not load
// Node built-ins it does not use (issue 15). Asserted on the modules loaded, not on time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as LibraryModule from '../src/index.js';
import { listFiles } from '../src/templates.js';
import { CLI, listTree, runCli, tempDir } from './support/cli.js';

type Library = typeof LibraryModule;

const PROBE = fileURLToPath(new URL('./support/module-list.cjs', import.meta.url));
const PATH_PROBE = fileURLToPath(new URL('./support/path-calls.cjs', import.meta.url));
const LIB = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** Runs the built CLI and returns the built-ins it loaded (`NativeModule <name>` lines). */
function modulesLoaded(args: string[]): { code: number | null; stderr: string; modules: Set<string> } {
  const cwd = tempDir('startup-');
  const list = path.join(cwd, 'modules.txt');
  const env: NodeJS.ProcessEnv = { ...process.env, MODULE_LIST_FILE: list };
  delete env.CI;
  const r = spawnSync(process.execPath, ['--require', PROBE, CLI, ...args], {
    cwd,
    env,
    input: '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = fs.existsSync(list) ? fs.readFileSync(list, 'utf8').split('\n') : [];
  const modules = new Set(lines.filter((l) => l.startsWith('NativeModule ')).map((l) => l.slice(13)));
  return { code: r.status, stderr: r.stderr, modules };
}

/** A go scaffold into `cwd`/svc with `probe` preloaded (--require). */
function goScaffoldWith(probe: string, cwd: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  delete env.CI;
  return spawnSync(process.execPath, ['--require', probe, CLI, 'svc', '--lang', 'go', '--yes', '--no-git'], {
    cwd,
    env,
    input: '',
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('start-up of a non-interactive scaffold', () => {
  it('loads no node:crypto, child_process, fs/promises or streams (with --no-git)', () => {
    for (const lang of ['go', 'node', 'python']) {
      const r = modulesLoaded(['svc', '--lang', lang, '--yes', '--no-git']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.modules.has('fs'), 'the probe lists built-ins').toBe(true);
      for (const unwanted of ['crypto', 'child_process', 'internal/fs/promises', 'stream', 'readline', 'net'])
        expect(r.modules.has(unwanted), `${lang} scaffold loaded ${unwanted}`).toBe(false);
    }
  });

  // node:module brings the ES module loader's internals and source maps; it came with the bin's
  // launcher, node-plop's and lazy-inquirer's createRequire, and Node's own compile cache (22.1+),
  // which is switched on only when inquirer loads (@distroless-service/compile-cache/outside).
  it("loads no node:module, so switches on no Node's compile cache", () => {
    const r = modulesLoaded(['svc', '--lang', 'go', '--yes', '--no-git']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.modules.has('module'), 'loaded node:module').toBe(false);
  });

  it("reads no package.json of the working directory (node-plop's pkg helper, which the templates cannot call)", () => {
    const cwd = tempDir('startup-pkg-');
    fs.writeFileSync(path.join(cwd, 'package.json'), '{"name": "the-users-own"}\n');
    const probe = path.join(cwd, 'probe.cjs');
    const out = path.join(cwd, 'required.json');
    fs.writeFileSync(
      probe,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));\n`,
    );
    const r = goScaffoldWith(probe, cwd);
    expect(r.status, r.stderr).toBe(0);
    const required = JSON.parse(fs.readFileSync(out, 'utf8')) as string[];
    expect(
      required.some((file) => file.endsWith('main.cjs')),
      'the probe lists required files',
    ).toBe(true);
    expect(required).not.toContain(path.join(fs.realpathSync(cwd), 'package.json'));
    expect(required).not.toContain(path.join(cwd, 'package.json'));
  });

  // Node's path normalisation walks a path character by character: over a long install path (npx's
  // cache) for every template, V8 optimised it in the middle of the scaffold (13 million
  // instructions on Node 22, bench/README.md). Template paths are concatenated instead.
  it('normalises no path under its own templates folder', () => {
    const cwd = tempDir('startup-paths-');
    const out = path.join(cwd, 'calls.jsonl');
    const r = goScaffoldWith(PATH_PROBE, cwd, { PATH_CALLS_FILE: out });
    expect(r.status, r.stderr).toBe(0);
    const calls = fs
      .readFileSync(out, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as string[]);
    expect(calls.length, 'the probe sees the CLI resolve its target').toBeGreaterThan(0);
    const templates = path.join(path.dirname(CLI), 'templates');
    expect(calls.filter((args) => args.some((a) => a.startsWith(templates)))).toEqual([]);
  });

  it('loads child_process only when it runs git', () => {
    const r = modulesLoaded(['svc', '--lang', 'go', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.modules.has('child_process')).toBe(true);
    expect(r.modules.has('crypto')).toBe(false);
  });
});

describe('the build', () => {
  it("ships each variant's template hash (each language, node-fastify), equal to the hash of the files it ships", async () => {
    const lib = (await import(LIB)) as Library;
    const own = lib.locateTemplates();
    const variants = ['go', 'node', 'node-fastify', 'python'];
    expect(Object.keys(own.hashes ?? {}).sort()).toEqual(variants);
    const fromFiles = lib.locateTemplates(own.root, own.version);
    expect(fromFiles.hashes).toBeUndefined();
    for (const variant of variants) expect(own.hashes![variant], variant).toBe(lib.hashTemplates(fromFiles, variant));
    // node-fastify is node/ overlaid: its own hash, not node's.
    expect(own.hashes!['node-fastify']).not.toBe(own.hashes!.node);
  });

  it("lists each layer's files as the folders hold them (files.json), so a scaffold reads no folder", async () => {
    const lib = (await import(LIB)) as Library;
    const own = lib.locateTemplates();
    const layers = fs
      .readdirSync(own.root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'compiled')
      .map((e) => e.name)
      .sort();
    expect(Object.keys(own.files ?? {}).sort()).toEqual(layers);
    for (const layer of layers)
      expect(own.files![layer], layer).toEqual(
        listFiles(path.join(own.root, layer)).map((f) => f.split(path.sep).join('/')),
      );
    // A root given by a caller is read from its folders.
    expect(lib.locateTemplates(own.root, own.version).files).toBeUndefined();
  });

  it("precompiles each layer apart, so a scaffold loads only shared/ and its language's", async () => {
    const lib = (await import(LIB)) as Library;
    const root = lib.locateTemplates().root;
    expect(fs.readdirSync(path.join(root, 'compiled')).sort()).toEqual([
      'go.cjs',
      'node-fastify.cjs',
      'node.cjs',
      'python.cjs',
      'shared.cjs',
    ]);
  });

  it("ships the code a scaffold loads as ASCII (one byte per character in V8), its templates' text unchanged", () => {
    const dist = path.dirname(LIB);
    const compiled = path.join(dist, 'templates', 'compiled');
    const code = ['cli.cjs', 'main.cjs'].map((f) => path.join(dist, f));
    code.push(...fs.readdirSync(compiled).map((f) => path.join(compiled, f)));
    for (const file of code) expect(fs.readFileSync(file, 'utf8'), file).toMatch(/^[\0-\x7f]*$/);
    // go's README template holds an em dash and a less-than-or-equal sign, escaped in go.cjs.
    const template = fs.readFileSync(path.join(dist, 'templates', 'go', 'README.md.hbs'), 'utf8');
    expect(template).toMatch(/[\u2014\u2264]/);
    const cwd = tempDir('ascii-');
    const r = runCli(['svc', '--lang', 'go', '--yes', '--no-git'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const readme = fs.readFileSync(path.join(cwd, 'svc', 'README.md'), 'utf8');
    for (const c of ['\u2014', '\u2264']) expect(readme).toContain(c);
  });
});

describe("the bin's compile cache (ADR 0011, ADR 0017)", () => {
  const nodeHasCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  const uid = process.getuid?.() ?? 0;
  const scaffold = (env: NodeJS.ProcessEnv) => {
    const cwd = tempDir('startup-cache-');
    const r = runCli(['svc', '--lang', 'go', '--yes', '--no-git'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    return listTree(path.join(cwd, 'svc'));
  };

  it('the first scaffold writes a V8 code cache of the bundles it ran, the next uses it as it is', () => {
    const tmp = tempDir('startup-tmp-');
    const cold = scaffold({ TMPDIR: tmp });
    const dir = path.join(tmp, `create-distroless-service-compile-cache-${uid}`, `${process.version}-${process.arch}`);
    const entries = () =>
      Object.fromEntries(
        fs
          .readdirSync(dir)
          .sort()
          .map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]),
      );
    const written = entries();
    for (const bundle of ['main.cjs', 'shared.cjs', 'go.cjs'])
      expect(
        Object.keys(written).some((f) => f.startsWith(`${bundle}-`)),
        bundle,
      ).toBe(true);
    // Only the language scaffolded.
    expect(Object.keys(written).some((f) => f.startsWith('python.cjs-'))).toBe(false);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(scaffold({ TMPDIR: tmp })).toEqual(cold);
    expect(entries()).toEqual(written);
  });

  it('an entry made by --help gains the code of the first scaffold after it, once', () => {
    const tmp = tempDir('startup-tmp-');
    const dir = path.join(tmp, `create-distroless-service-compile-cache-${uid}`, `${process.version}-${process.arch}`);
    const main = () => {
      const [entry, ...more] = fs.readdirSync(dir).filter((f) => f.startsWith('main.cjs-'));
      expect(more).toEqual([]);
      return fs.readFileSync(path.join(dir, entry!));
    };
    const help = () => {
      const r = runCli(['--help'], { env: { TMPDIR: tmp } });
      expect(r.code, r.stderr).toBe(0);
    };
    help();
    const helpOnly = main();
    scaffold({ TMPDIR: tmp });
    const both = main();
    // The scaffold's functions were compiled on top of those the entry gave, and kept with them.
    expect(both.length).toBeGreaterThan(helpOnly.length + 10_000);
    scaffold({ TMPDIR: tmp });
    help();
    expect(main().equals(both), 'rewritten by a kind of run it already holds').toBe(true);
    // A run that only reports bad input names no kind: it adds nothing.
    expect(runCli(['svc', '--lang', 'cobol'], { cwd: tmp, env: { TMPDIR: tmp } }).code).toBe(2);
    expect(main().equals(both)).toBe(true);
  });

  // Switched on for inquirer only (prompts.test.ts): a scaffold loads nothing outside the bundles.
  it.skipIf(!nodeHasCache)("Node 22.1+: Node's own cache stays off in a scaffold that prompts nothing", () => {
    const tmp = tempDir('startup-tmp-');
    scaffold({ TMPDIR: tmp, NODE_COMPILE_CACHE: undefined });
    expect(fs.readdirSync(tmp)).toEqual([`create-distroless-service-compile-cache-${uid}`]);
  });

  it('stays off with NODE_DISABLE_COMPILE_CACHE=1', () => {
    const tmp = tempDir('startup-tmp-');
    scaffold({ TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
