// The published bin (dist/bin.cjs): `--version` answered from CommonJS without Node's ES module
// loader (issue 15: start-up), `adr` run by its own CommonJS bundle under the compile cache (ADR
// 0017), every other command by the ES module CLI. Asserted on output, on the built-ins and files
// the process loaded (process.moduleLoadList, require.cache) and on the cache's files, not on time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};
const BIN = fileURLToPath(new URL(`../${pkg.bin['distroless-validate']}`, import.meta.url));
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Runs script with args; returns its output, the built-ins it loaded and the CommonJS files it ran. */
function run(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  stdout: 'pipe' | 'ignore' = 'pipe',
  cwd?: string,
) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'validator-bin-'));
  const list = path.join(dir, 'modules.txt');
  const probe = path.join(dir, 'probe.cjs');
  writeFileSync(
    probe,
    "const fs = require('node:fs');\n" +
      "const files = () => Object.keys(require.cache).map((f) => 'File ' + f);\n" +
      "process.on('exit', () =>\n" +
      "  fs.writeFileSync(process.env.MODULE_LIST_FILE, [...process.moduleLoadList, ...files()].join('\\n')));",
  );
  const r = spawnSync(process.execPath, ['--require', probe, script, ...args], {
    cwd: cwd ?? dir,
    env: { ...process.env, MODULE_LIST_FILE: list, ...env },
    encoding: 'utf8',
    stdio: ['ignore', stdout, 'pipe'],
  });
  const lines = readFileSync(list, 'utf8').split('\n');
  const modules = new Set(lines.filter((l) => l.startsWith('NativeModule ')).map((l) => l.slice(13)));
  const files = lines.filter((l) => l.startsWith('File ')).map((l) => l.slice(5));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, modules, files, dir };
}

/** What a run loaded beyond an empty CommonJS script on the same Node (Node 24 starts its ES module
 * loader for every script, so the loader's modules alone say nothing there). */
function loadedBeyondBaseline(r: ReturnType<typeof run>): Set<string> {
  const empty = path.join(r.dir, 'empty.cjs');
  writeFileSync(empty, '');
  const base = run(empty, []).modules;
  return new Set([...r.modules].filter((m) => !base.has(m)));
}

const UNWANTED = ['internal/modules/esm/translators', 'internal/fs/promises', 'stream'];
const DIST = path.dirname(BIN);

/** A clean adr-tools record numbered n in dir; returns its path. */
function goodAdr(dir: string, n: number): string {
  const file = path.join(dir, `${String(n).padStart(4, '0')}-use-postgres-${n}.md`);
  writeFileSync(
    file,
    [
      `# ${n}. Use PostgreSQL ${n}`,
      'Date: 2026-01-05',
      '## Status',
      'Accepted',
      '## Context',
      'We need a store.',
      '## Decision',
      'We use PostgreSQL.',
      '## Consequences',
      'One database.',
    ].join('\n\n') + '\n',
  );
  return file;
}

describe('distroless-validate bin', () => {
  it('is CommonJS', () => {
    expect(BIN.endsWith('.cjs')).toBe(true);
  });

  for (const flag of ['--version', '-v']) {
    it(`${flag} prints the version without the ES module loader or streams`, () => {
      const r = run(BIN, [flag]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
      const extra = loadedBeyondBaseline(r);
      for (const unwanted of UNWANTED) expect(extra.has(unwanted), unwanted).toBe(false);
      // node:module, the public one (its ES module loader internals), only for the other commands.
      expect(extra.has('module'), 'node:module').toBe(false);
    });
  }

  it('the ES module entry does load them (so the check above can fail)', () => {
    const r = run(CLI, ['--version']);
    expect(r.stdout).toBe(`${pkg.version}\n`);
    const extra = loadedBeyondBaseline(r);
    expect(UNWANTED.filter((m) => extra.has(m))).toEqual(expect.arrayContaining(['internal/fs/promises', 'stream']));
  });

  it('runs every other command as the ES module CLI does', () => {
    const good = goodAdr(mkdtempSync(path.join(os.tmpdir(), 'validator-bin-adr-')), 1);
    const broken = path.join(path.dirname(good), 'broken.md');
    writeFileSync(broken, 'no heading\n');
    for (const args of [['adr', good], ['adr', broken], ['nope'], ['--help']]) {
      const viaBin = run(BIN, args);
      const direct = run(CLI, args);
      expect({ code: viaBin.code, stdout: viaBin.stdout, stderr: viaBin.stderr }, args.join(' ')).toEqual({
        code: direct.code,
        stdout: direct.stdout,
        stderr: direct.stderr,
      });
    }
    expect(run(BIN, ['adr', good]).code).toBe(0);
    expect(run(BIN, ['adr', broken]).stdout).toContain('title-present');
    expect(run(BIN, ['nope']).code).toBe(2);
  });
});

describe('distroless-validate adr through the bin', () => {
  const uid = process.getuid?.() ?? 0;
  const cacheOf = (tmp: string) =>
    path.join(tmp, `distroless-validate-compile-cache-${uid}`, `${process.version}-${process.arch}`);

  it('on one file runs its CommonJS bundle: no ES module loader, no worker thread, no service code', () => {
    const good = goodAdr(mkdtempSync(path.join(os.tmpdir(), 'validator-bin-one-')), 1);
    const r = run(BIN, ['adr', good], { TMPDIR: mkdtempSync(path.join(os.tmpdir(), 'validator-bin-tmp-')) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 ADR checked, no problems');
    const extra = loadedBeyondBaseline(r);
    for (const unwanted of [
      'internal/modules/esm/translators',
      'worker_threads',
      'child_process',
      'crypto',
      'internal/fs/promises',
      // node:module: Ajv is required (for a config) with the bundle's own require.
      'module',
    ])
      expect(extra.has(unwanted), unwanted).toBe(false);
    const own = r.files.filter((f) => f.startsWith(DIST)).map((f) => path.relative(DIST, f));
    expect(own.sort()).toEqual(['adr/main.cjs', 'bin.cjs']);
    // Nothing from node_modules either: fdir would require the installed picomatch at load.
    expect(r.files.filter((f) => f.includes(`${path.sep}node_modules${path.sep}`))).toEqual([]);
    // Output to a pipe or to /dev/null: no stream, and no tty to ask whether it is a terminal.
    const thrownAway = run(BIN, ['adr', good], {}, 'ignore');
    expect(thrownAway.code, thrownAway.stderr).toBe(0);
    for (const r2 of [r, thrownAway])
      for (const unwanted of ['tty', 'net', 'stream']) expect(r2.modules.has(unwanted), unwanted).toBe(false);
  });

  it('loads the front-matter parsers and the named character references only for a record that uses them', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'validator-bin-side-'));
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'validator-bin-tmp-'));
    const own = (r: ReturnType<typeof run>) =>
      r.files.filter((f) => f.startsWith(DIST)).map((f) => path.relative(DIST, f));
    // A title with an entity and a status in YAML front matter: the report shows them decoded and
    // parsed, which only the side bundles do.
    const bodyFile = goodAdr(dir, 1);
    writeFileSync(bodyFile, readFileSync(bodyFile, 'utf8').replace('Use PostgreSQL 1', 'Use PostgreSQL &amp; Redis'));
    const body = run(BIN, ['adr', bodyFile, '--format', 'json'], { TMPDIR: tmp });
    expect(body.code, body.stderr).toBe(0);
    expect(JSON.parse(body.stdout)[0].title).toBe('1. Use PostgreSQL & Redis');
    expect(own(body).sort()).toEqual(['adr/main.cjs', 'adr/named-character-references.cjs', 'bin.cjs']);
    const fmFile = path.join(dir, '0002-use-yaml.md');
    writeFileSync(
      fmFile,
      '---\nstatus: shipped-ish\ndate: 2026-01-05\n---\n\n# Use YAML\n\n## Context and Problem Statement\n\nWhy.\n\n' +
        '## Considered Options\n\n* YAML\n\n## Decision Outcome\n\nChosen option: "YAML", because it fits.\n',
    );
    const fm = run(BIN, ['adr', fmFile, '--format', 'json'], { TMPDIR: tmp });
    expect(fm.code, fm.stderr).toBe(0);
    expect(fm.stdout).toContain("unknown status 'shipped-ish'");
    expect(own(fm).sort()).toEqual(['adr/front-matter-parsers.cjs', 'adr/main.cjs', 'bin.cjs']);
  });

  it('still finds its worker script: a file too large to parse without a heap limit goes to a worker', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'validator-bin-large-'));
    // fileMemoryLimit 64 MB: over about 67 KB a file is parsed in a worker thread whose heap is capped.
    writeFileSync(path.join(dir, '.adrlintrc.json'), JSON.stringify({ fileMemoryLimit: 64 }));
    const big = goodAdr(dir, 1);
    writeFileSync(big, readFileSync(big, 'utf8') + `\n${'A long rationale, written out in full. '.repeat(3000)}\n`);
    const r = run(BIN, ['adr', big], {}, 'pipe', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 ADR checked, no problems');
    expect(r.modules.has('worker_threads')).toBe(true);
  });

  it('keeps a code cache of its bundle that the next run uses as it is', () => {
    const good = goodAdr(mkdtempSync(path.join(os.tmpdir(), 'validator-bin-one-')), 1);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'validator-bin-tmp-'));
    const entries = () =>
      readdirSync(cacheOf(tmp))
        .sort()
        .map((f) => ({ f, data: readFileSync(path.join(cacheOf(tmp), f)).toString('base64') }));
    const cold = run(BIN, ['adr', good], { TMPDIR: tmp });
    expect(cold.code, cold.stderr).toBe(0);
    const written = entries();
    expect(written.map(({ f }) => f.replace(/-[0-9a-f]{8}(-flags)?\.bin$/, ''))).toEqual(['main.cjs']);
    const warm = run(BIN, ['adr', good], { TMPDIR: tmp });
    expect({ code: warm.code, stdout: warm.stdout }).toEqual({ code: cold.code, stdout: cold.stdout });
    expect(entries()).toEqual(written);
  });

  it("adds a lint's code to an entry `adr --help` made, once", () => {
    const good = goodAdr(mkdtempSync(path.join(os.tmpdir(), 'validator-bin-one-')), 1);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'validator-bin-tmp-'));
    const main = () => {
      const [entry, ...more] = readdirSync(cacheOf(tmp)).filter((f) => f.startsWith('main.cjs-'));
      expect(more).toEqual([]);
      return readFileSync(path.join(cacheOf(tmp), entry!));
    };
    const lint = () => expect(run(BIN, ['adr', good], { TMPDIR: tmp }).code).toBe(0);
    expect(run(BIN, ['adr', '--help'], { TMPDIR: tmp }).code).toBe(0);
    const helpOnly = main();
    lint();
    const both = main();
    // The lint's functions were compiled on top of those the entry gave, and kept with them.
    expect(both.length).toBeGreaterThan(helpOnly.length + 10_000);
    lint();
    expect(main().equals(both), 'rewritten by a kind of run it already holds').toBe(true);
  });

  // On one CPU a run is linted in threads, with no child (autoProcesses).
  it.skipIf(os.availableParallelism() < 2)(
    "a run's lint child processes use the code cache too: one entry, which the next run uses as it is",
    () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'validator-bin-many-'));
      // 100 records: linted in child processes by default on 2 CPUs or more (ADR 0022).
      for (let n = 1; n <= 100; n++) goodAdr(dir, n);
      const tmp = mkdtempSync(path.join(os.tmpdir(), 'validator-bin-tmp-'));
      const childEntries = () =>
        readdirSync(cacheOf(tmp))
          .filter((f) => f.startsWith('child.cjs-'))
          .map((f) => ({ f, data: readFileSync(path.join(cacheOf(tmp), f)).toString('base64') }));
      const cold = run(BIN, ['adr', dir, '--format', 'json'], { TMPDIR: tmp }, 'pipe', dir);
      expect(cold.code, cold.stderr).toBe(0);
      expect(JSON.parse(cold.stdout)).toHaveLength(100);
      const written = childEntries();
      // The children run with V8 flags: an entry of their own, apart from a plain run's.
      expect(written.map(({ f }) => f.replace(/-[0-9a-f]{8}-flags\.bin$/, ''))).toEqual(['child.cjs']);
      const warm = run(BIN, ['adr', dir, '--format', 'json'], { TMPDIR: tmp }, 'pipe', dir);
      expect({ code: warm.code, stdout: warm.stdout }).toEqual({ code: cold.code, stdout: cold.stdout });
      expect(childEntries()).toEqual(written);
    },
  );

  it('keeps none with NODE_DISABLE_COMPILE_CACHE=1', () => {
    const good = goodAdr(mkdtempSync(path.join(os.tmpdir(), 'validator-bin-one-')), 1);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'validator-bin-tmp-'));
    const r = run(BIN, ['adr', good], { TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
