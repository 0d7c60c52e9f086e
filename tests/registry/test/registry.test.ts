// Installable the way users install it: every published package goes to a real registry (Verdaccio
// on loopback), then a clean directory with a fresh npm/pnpm/yarn configuration pointing at it runs
// each create command and each entry point of the validator, as the README tells users to.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findGoToolchain, onPath } from '@distroless-service/validator/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { writePins } from '../../../scripts/release-pins.mjs';
import { startRegistry, type Registry } from './support/registry.js';
import { publishedPackages, ROOT, tempDir } from './support/repo.js';

const packages = publishedPackages();
const names = new Set(packages.map((p) => p.manifest.name));
// One version for all of them (they are released together), distinct from anything on a public registry.
const VERSION = `${packages[0]!.manifest.version}-registry.${Date.now()}`;
const VALIDATOR = '@distroless-service/validator';

// The native engine builds and runs the services: Go for the Go ones, Python 3.11+ for the others.
function toolchainReason(): string | null {
  if (!findGoToolchain()) return 'no go toolchain (.ci/run installs one)';
  const python = onPath('python3');
  if (!python) return 'no python3 on PATH';
  const v = spawnSync(python, ['-c', 'import sys; print(sys.version_info >= (3, 11))'], { encoding: 'utf8' });
  if (v.stdout.trim() !== 'True') return `${python} is older than 3.11`;
  // ...inside its bubblewrap sandbox.
  // A generous bound: on a loaded machine starting a sandbox has taken over 20 s.
  const sandbox = spawnSync('bwrap', ['--unshare-user', '--unshare-net', '--ro-bind', '/', '/', 'true'], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
  if (sandbox.status === 0) return null;
  const code = (sandbox.error as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === 'ENOENT'
      ? 'no bwrap on PATH'
      : (sandbox.error?.message ?? `exit ${sandbox.status}: ${sandbox.stderr.trim()}`);
  return `the native engine's sandbox cannot start (${why}; .ci/install-sandbox.sh installs bubblewrap)`;
}
/** What makes a folder above dir a project for npm (its local prefix): a package.json or node_modules. */
function enclosingProject(dir: string): string | undefined {
  for (let up = path.dirname(dir); ; up = path.dirname(up)) {
    const found = ['package.json', 'node_modules'].map((f) => path.join(up, f)).find((f) => fs.existsSync(f));
    if (found) return found;
    if (path.dirname(up) === up) return undefined;
  }
}
const missing = toolchainReason();
if (missing && !process.env.CI) console.warn(`SKIP registry test: ${missing}`);

const transcript: string[] = [];
function note(line: string) {
  transcript.push(line);
  console.log(`[registry] ${line}`);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe.skipIf(missing && !process.env.CI)('through a real registry', () => {
  let work: string;
  let registry: Registry | undefined;
  let env: NodeJS.ProcessEnv;
  let user: string;
  const listings = new Map<string, string[]>();

  /** Runs a command as a user would in the clean directory; prints it with its time. */
  function run(
    cmd: string,
    args: string[],
    options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number; label?: string } = {},
  ): Run {
    const started = performance.now();
    const r = spawnSync(cmd, args, {
      cwd: options.cwd ?? user,
      env: { ...env, ...options.env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: (options.timeout ?? 300) * 1000,
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    note(`$ ${options.label ?? [cmd, ...args].join(' ')}  → exit ${r.status ?? r.signal}, ${seconds}s`);
    return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }
  const show = (r: Run) => `${r.stdout}\n${r.stderr}`.slice(-4000);

  beforeAll(async () => {
    if (missing) throw new Error(`${missing} — required because CI=true (a skip would hide a missing feature)`);
    work = tempDir('registry-');
    let started = performance.now();
    registry = await startRegistry(path.join(work, 'verdaccio'));
    note(
      `Verdaccio listening at ${registry.url} (storage empty), ${((performance.now() - started) / 1000).toFixed(1)}s`,
    );

    // A fresh home: npm, pnpm and yarn read their configuration and caches from here only.
    const home = path.join(work, 'home');
    fs.mkdirSync(home);
    const host = registry.url.replace(/^http:/, '');
    fs.writeFileSync(path.join(home, '.npmrc'), `registry=${registry.url}\n${host}:_authToken=${registry.token}\n`);
    env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_|PNPM_|INIT_CWD$|TURBO_|VITEST)/i.test(k)),
    );
    // Go's build cache stays where it is, so a changed HOME does not mean a cold build of the stdlib.
    const goEnv = spawnSync(findGoToolchain()!, ['env', 'GOCACHE', 'GOMODCACHE', 'GOPATH'], {
      encoding: 'utf8',
    }).stdout.split('\n');
    Object.assign(env, {
      HOME: home,
      npm_config_userconfig: path.join(home, '.npmrc'),
      npm_config_cache: path.join(work, 'npm-cache'),
      npm_config_update_notifier: 'false',
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      XDG_DATA_HOME: path.join(home, '.local/share'),
      XDG_STATE_HOME: path.join(home, '.local/state'),
      GOCACHE: goEnv[0],
      GOMODCACHE: goEnv[1],
      GOPATH: goEnv[2],
      // The native engine's sandbox keeps its own toolchain caches: the same warm one as outside.
      DISTROLESS_VALIDATE_CACHE: path.join(
        process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
        'distroless-validate',
        'sandbox',
      ),
      GOTOOLCHAIN: 'local',
      // `yarn create` installs globally; without this its bin link lands in the prefix of the Node
      // running it (/usr/bin here), outside the test's folder, and dangles once the folder is gone.
      PREFIX: path.join(work, 'global'),
      PATH: `${path.dirname(findGoToolchain()!)}${path.delimiter}${process.env.PATH}`,
    });
    user = path.join(work, 'user');
    fs.mkdirSync(user);
    // npm init and npx run in the nearest folder above with a package.json or node_modules as in a
    // project: one left in the temporary directory would make them run that project's bins.
    const project = enclosingProject(user);
    if (project) throw new Error(`${project} makes ${user} part of a project for npm: remove it (or set TMPDIR)`);

    // Publish: each package packed as pnpm publishes it (workspace: ranges resolved, `files` applied),
    // given the test version, then published with npm to the registry.
    started = performance.now();
    const packs = path.join(work, 'packs');
    fs.mkdirSync(packs);
    for (const { dir, manifest } of packages) {
      const before = new Set(fs.readdirSync(packs));
      const packed = pnpm(['pack', '--pack-destination', packs], dir);
      expect(packed.code, show(packed)).toBe(0);
      const tarball = path.join(
        packs,
        fs.readdirSync(packs).find((f) => !before.has(f))!,
      );
      const listing = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.trim().split('\n').sort();
      listings.set(manifest.name, listing);
      const stage = path.join(work, 'stage', manifest.name);
      fs.mkdirSync(stage, { recursive: true });
      expect(spawnSync('tar', ['-xzf', tarball, '-C', stage]).status).toBe(0);
      // The version the release would have given it (`changeset version`); the generator carries a
      // copy of the templates' package.json (its build copies it), which the release bumps too.
      // Dependencies between the packages move with them, as `changeset version` moves them.
      for (const file of ['package/package.json', 'package/dist/templates/package.json']) {
        const f = path.join(stage, file);
        if (!fs.existsSync(f)) continue;
        const json = JSON.parse(fs.readFileSync(f, 'utf8'));
        json.version = VERSION;
        for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies'])
          for (const dep of Object.keys(json[field] ?? {})) if (names.has(dep)) json[field][dep] = VERSION;
        fs.writeFileSync(f, JSON.stringify(json, null, 2) + '\n');
      }
      // Provenance needs CI's OIDC identity: without it publishing must fail, so nobody publishes by hand.
      if (manifest.name === VALIDATOR) {
        const local = run('npm', ['publish', path.join(stage, 'package'), '--tag', 'latest'], { cwd: work });
        expect(local.code).not.toBe(0);
        expect(local.stderr).toMatch(/provenance/i);
      }
      const pub = run('npm', ['publish', path.join(stage, 'package'), '--tag', 'latest', '--provenance=false'], {
        cwd: work,
      });
      expect(pub.code, show(pub)).toBe(0);
    }
    note(
      `published ${packages.map((p) => `${p.manifest.name}@${VERSION}`).join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)}s`,
    );
  }, 600_000);

  afterAll(async () => {
    await registry?.stop();
    console.log(`\n[registry] transcript\n${transcript.join('\n')}\n`);
    // Removing the caches and installs (tens of thousands of files) takes minutes on a busy disk.
    if (work) fs.rmSync(work, { recursive: true, force: true });
  }, 900_000);

  function pnpm(args: string[], cwd: string): Run {
    return run('npx', ['-y', 'pnpm@10', ...args], { cwd });
  }

  it.each(packages.map((p) => [p.manifest.name, p] as const))(
    '%s: the tarball holds exactly its files',
    async (name, { manifest }) => {
      const listing = listings.get(name)!;
      await expect(listing.join('\n') + '\n').toMatchFileSnapshot(`__snapshots__/${name.replace('/', '__')}.files.txt`);
      for (const f of ['package/package.json', 'package/LICENSE', 'package/README.md', 'package/CHANGELOG.md'])
        expect(listing, f).toContain(f);
      if (manifest.types) expect(listing).toContain(`package/${manifest.types.replace(/^\.\//, '')}`);
      for (const bin of Object.values(manifest.bin ?? {})) expect(listing).toContain(`package/${bin}`);
      // Sources, tests and build configuration stay home (the templates carry their own tsconfig files).
      const unwanted = /^package\/(src\/|test\/|scripts\/|tsconfig|vitest)|\.tsbuildinfo$/;
      expect(listing.filter((f) => unwanted.test(f))).toEqual([]);
    },
  );

  it('the registry serves the published metadata: repository, license, engines, types', async () => {
    for (const { manifest } of packages) {
      const res = await fetch(`${registry!.url}${manifest.name.replace('/', '%2f')}`, {
        signal: AbortSignal.timeout(30_000),
      });
      const doc = (await res.json()) as {
        'dist-tags': Record<string, string>;
        versions: Record<string, Record<string, unknown>>;
      };
      expect(doc['dist-tags'].latest).toBe(VERSION);
      const published = doc.versions[VERSION]!;
      expect(published.license).toBe('Apache-2.0');
      expect(published.repository).toEqual(manifest.repository);
      expect(published.engines).toEqual(manifest.engines);
      expect(published.types).toBe(manifest.types);
      // No workspace: ranges leak into a published manifest; dependencies between the packages are exact.
      expect(JSON.stringify(published)).not.toContain('workspace:');
      for (const [dep, range] of Object.entries((published.dependencies ?? {}) as Record<string, string>))
        if (names.has(dep)) expect(range, `${manifest.name} → ${dep}`).toBe(VERSION);
    }
  });

  it('installs from the registry without a warning, and its types compile in a strict project', () => {
    const project = path.join(work, 'consumer');
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    const r = run('npm', ['install', '--no-audit', '--no-fund', ...names], { cwd: project });
    expect(r.code, show(r)).toBe(0);
    expect(r.stderr.split('\n').filter((l) => /warn/i.test(l))).toEqual([]);
    note(`  installed without warnings on Node ${process.version}`);
    for (const name of names) {
      const installed = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', name, 'package.json'), 'utf8'));
      expect(installed.version).toBe(VERSION);
    }
    // Every package with a library entry, imported by a TypeScript project as users would write it.
    const typed = packages.filter((p) => p.manifest.types).map((p) => p.manifest.name);
    fs.writeFileSync(
      path.join(project, 'index.ts'),
      typed
        .map((name, i) => `import * as m${i} from '${name}';\nexport const k${i}: string[] = Object.keys(m${i});\n`)
        .join(''),
    );
    const tsc = run(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/typescript/bin/tsc'),
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--skipLibCheck',
        'index.ts',
      ],
      { cwd: project },
    );
    expect(tsc.code, show(tsc)).toBe(0);
  });

  // Each create command as the README gives it; each scaffolds a service the native engine passes.
  const creates: [string, string, string, string[]][] = [
    [
      'pnpm create',
      'svc-pnpm',
      'go',
      ['npx', '-y', 'pnpm@10', 'create', 'distroless-service', 'svc-pnpm', '--lang', 'go', '--yes'],
    ],
    [
      'npm init',
      'svc-npm',
      'python',
      ['npm', 'init', 'distroless-service', 'svc-npm', '--', '--lang', 'python', '--yes'],
    ],
    ['npx', 'svc-npx', 'go', ['npx', 'create-distroless-service', 'svc-npx', '--lang', 'go', '--yes']],
    [
      'yarn create',
      'svc-yarn',
      'python',
      ['npx', '-y', 'yarn@1', 'create', 'distroless-service', 'svc-yarn', '--lang', 'python', '--yes'],
    ],
  ];

  it.each(creates)(
    '%s scaffolds %s (%s) and the validator from the registry passes it',
    (how, name, lang, [cmd, ...args]) => {
      const created = run(cmd!, args);
      expect(created.code, show(created)).toBe(0);
      if (how === 'yarn create')
        expect(fs.existsSync(path.join(work, 'global', 'bin', 'create-distroless-service'))).toBe(true);
      const dir = path.join(user, name);
      // The service records the generator that made it: the one just published.
      const record = JSON.parse(fs.readFileSync(path.join(dir, '.distroless-service.json'), 'utf8'));
      expect(record).toMatchObject({
        generator: 'create-distroless-service',
        templateVersion: VERSION,
        answers: { name, lang },
      });
      // The generated CI installs exactly the validator released with this generator.
      const ci = fs.readFileSync(path.join(dir, '.github/workflows/ci.yml'), 'utf8');
      expect(ci).toContain(`--package=${VALIDATOR}@${VERSION} `);
      // Nothing else floats (the template-drift job asks for the newest generator by design).
      expect(ci.replaceAll('create-distroless-service@latest update', '')).not.toMatch(/@latest\b/);

      const verified = run('npx', [VALIDATOR, 'service', dir, '--engine', 'native'], { timeout: 400 });
      expect(verified.code, show(verified)).toBe(0);
    },
  );

  it('npx @distroless-service/validator adr lints ADRs, and fails a broken one', () => {
    const adr = path.join(user, 'svc-pnpm', 'docs', 'adr');
    const good = run('npx', [VALIDATOR, 'adr', adr]);
    expect(good.code, show(good)).toBe(0);
    const broken = path.join(work, 'broken-adr');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, '0001-use-x.md'), '# 1. Use X\n\n## Status\n\nMaybe\n\n## Context\n\nx\n');
    // Findings in a new ADR are warnings by default; --max-warnings 0 is how a team makes them fail.
    const bad = run('npx', [VALIDATOR, 'adr', broken, '--max-warnings', '0']);
    expect(bad.code, show(bad)).toBe(1);
    const version = run('npx', [VALIDATOR, '--version']);
    expect(version.stdout.trim()).toBe(VERSION);
  });

  it('distroless-adr installed on its own reads a repository config (its bundle loads ajv at run time)', () => {
    const project = path.join(work, 'adr-alone');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'adr-alone', private: true }));
    const r = run('npm', ['install', '--no-audit', '--no-fund', `@distroless-service/adr@${VERSION}`], {
      cwd: project,
    });
    expect(r.code, show(r)).toBe(0);
    const repo = path.join(work, 'adr-repo');
    fs.mkdirSync(path.join(repo, 'docs', 'adr'), { recursive: true });
    fs.mkdirSync(path.join(repo, '.git'));
    fs.writeFileSync(path.join(repo, '.adrlintrc.json'), JSON.stringify({ statuses: ['accepted', 'shipped'] }));
    fs.writeFileSync(
      path.join(repo, 'docs', 'adr', '0001-use-x.md'),
      '# 1. Use X\n\nDate: 2024-01-01\n\n## Status\n\nShipped\n\n## Context\n\nc\n',
    );
    const list = run(path.join(project, 'node_modules', '.bin', 'distroless-adr'), ['list'], { cwd: repo });
    expect(list.code, show(list)).toBe(0);
    expect(list.stdout).toMatch(/^0001\s+shipped\s+2024-01-01\s+Use X/m);
  });

  it("action.yml's steps, run as a script, resolve the pinned published version", () => {
    // The release pins the action at its version (scripts/release-pins.mjs); do that to a copy.
    const repo = path.join(work, 'action');
    fs.mkdirSync(repo);
    for (const f of ['action.yml', '.pre-commit-hooks.yaml']) fs.copyFileSync(path.join(ROOT, f), path.join(repo, f));
    writePins(repo, VERSION);
    const action = YAML.parse(fs.readFileSync(path.join(repo, 'action.yml'), 'utf8'));
    expect(fs.readFileSync(path.join(repo, 'action.yml'), 'utf8')).not.toMatch(/@latest\b/);
    const inputs = Object.fromEntries(
      Object.entries(action.inputs as Record<string, { default: string }>).map(([k, v]) => [k, String(v.default)]),
    );
    expect(inputs.version).toBe(VERSION);
    // actions/setup-node is the runner's business; the Node running this test stands in for it.
    const steps = (
      action.runs.steps as {
        name?: string;
        uses?: string;
        run?: string;
        shell?: string;
        env?: Record<string, string>;
      }[]
    ).filter((s) => s.run);
    expect(steps).toHaveLength(1);
    const step = steps[0]!;
    const stepEnv = (paths: string) =>
      Object.fromEntries(
        Object.entries(step.env!).map(([k, v]) => {
          const input = /\$\{\{ inputs\.([a-z-]+) \}\}/.exec(v)![1]!;
          return [k, input === 'paths' ? paths : inputs[input]!];
        }),
      );
    // GitHub runs a bash step as `bash --noprofile --norc -eo pipefail {0}`.
    const bash = ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!];
    const label = (paths: string) => `action.yml step "${step.name}" with paths=${paths} version=${inputs.version}`;
    const good = run('bash', bash, {
      cwd: path.join(user, 'svc-pnpm'),
      env: stepEnv('docs/adr'),
      label: label('docs/adr'),
    });
    expect(good.code, show(good)).toBe(0);
    const strict = { ...stepEnv('broken-adr'), ADR_MAX_WARNINGS: '0' };
    const bad = run('bash', bash, { cwd: work, env: strict, label: `${label('broken-adr')} max-warnings=0` });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^::(warning|error) file=broken-adr\/0001-use-x\.md/m);
  });

  it('the pre-commit hook installs the pinned published version and lints the staged ADRs', () => {
    const repo = path.join(work, 'action');
    const [hook] = YAML.parse(fs.readFileSync(path.join(repo, '.pre-commit-hooks.yaml'), 'utf8')) as {
      entry: string;
      language: string;
      additional_dependencies: string[];
      files: string;
      exclude: string;
    }[];
    expect(hook!.language).toBe('node');
    expect(hook!.additional_dependencies).toEqual([`${VALIDATOR}@${VERSION}`]);
    // What pre-commit does for a node hook: install the dependencies into the hook's environment,
    // put its bin on PATH, and run the entry with the matching files.
    const prefix = path.join(work, 'pre-commit-env');
    const install = run('npm', [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      ...hook!.additional_dependencies,
    ]);
    expect(install.code, show(install)).toBe(0);
    const service = path.join(user, 'svc-npm');
    const files = fs
      .readdirSync(service, { recursive: true })
      .map(String)
      .filter((f) => new RegExp(hook!.files).test(f) && !new RegExp(hook!.exclude).test(f));
    expect(files.length).toBeGreaterThan(0);
    const [bin, ...args] = hook!.entry.split(' ');
    const r = run(path.join(prefix, 'bin', bin!), [...args, ...files], { cwd: service });
    expect(r.code, show(r)).toBe(0);
    const version = run(path.join(prefix, 'bin', bin!), ['--version']);
    expect(version.stdout.trim()).toBe(VERSION);
  });
});
