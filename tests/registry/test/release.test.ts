// What a release needs before anything is published: metadata, licences, changelogs, one version
// for the packages released together, and the validator pinned wherever it is installed by version.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { readPins, writePins } from '../../../scripts/release-pins.mjs';
import { publishedPackages, readJson, ROOT, tempDir } from './support/repo.js';

const packages = publishedPackages();
const rootLicense = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
const validator = packages.find((p) => p.manifest.name === '@distroless-service/validator')!;

describe('published packages', () => {
  it('are the five the project releases', () => {
    expect(packages.map((p) => p.manifest.name)).toEqual([
      '@distroless-service/adr',
      '@distroless-service/record',
      '@distroless-service/templates',
      '@distroless-service/validator',
      'create-distroless-service',
    ]);
  });

  it.each(packages.map((p) => [p.manifest.name, p] as const))('%s carries its metadata', (_name, { dir, manifest }) => {
    expect(manifest.license).toBe('Apache-2.0');
    expect(manifest.repository?.type).toBe('git');
    // npm provenance checks that the package's repository is the one the workflow runs in.
    expect(manifest.repository?.url).toMatch(/^git\+https:\/\/github\.com\/[^/]+\/[^/]+\.git$/);
    expect(manifest.repository?.directory).toBe(path.relative(ROOT, dir));
    expect(manifest.engines?.node).toBe(
      readJson<{ engines: { node: string } }>(path.join(ROOT, 'package.json')).engines.node,
    );
    // A library entry comes with its types; a CLI-only package has neither.
    const entry = manifest.main ?? (manifest.exports as Record<string, unknown> | undefined)?.['.'];
    if (entry) expect(manifest.types).toMatch(/\.d\.ts$/);
    else expect(manifest.types).toBeUndefined();
    expect(manifest.publishConfig).toEqual({ access: 'public', provenance: true });
    expect(fs.readFileSync(path.join(dir, 'LICENSE'), 'utf8')).toBe(rootLicense);
    expect(fs.readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^# ${manifest.name}\\n`));
  });

  it('the root LICENSE is the Apache License 2.0 that package.json names', () => {
    expect(rootLicense).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    expect(rootLicense).toContain('END OF TERMS AND CONDITIONS');
  });
});

describe('versioning', () => {
  const config = readJson<{ fixed: string[][]; access: string }>(path.join(ROOT, '.changeset/config.json'));

  it('releases every published package together, at one version', () => {
    // The generator writes its own (template) version into each service's CI as the validator
    // version to install: that is only true while they are released in lockstep.
    expect(config.fixed).toHaveLength(1);
    expect([...config.fixed[0]!].sort()).toEqual(packages.map((p) => p.manifest.name).sort());
    expect(new Set(packages.map((p) => p.manifest.version)).size).toBe(1);
    expect(config.access).toBe('public');
  });

  it('changesets reads the configuration and the pending changesets', () => {
    const r = spawnSync(path.join(ROOT, 'node_modules/.bin/changeset'), ['status', '--output', 'status.json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const file = path.join(ROOT, 'status.json');
    try {
      // `status` exits 1 when packages changed without a changeset; the JSON is what matters here.
      expect(fs.existsSync(file), r.stderr).toBe(true);
      const status = readJson<{ releases: { name: string; type: string; newVersion: string }[] }>(file);
      const released = status.releases.filter((r) => r.type !== 'none');
      // Pending changesets release the packages together, at one new version.
      if (released.length > 0) expect(released.map((r) => r.name).sort()).toEqual([...config.fixed[0]!].sort());
      expect(new Set(released.map((r) => r.newVersion)).size).toBeLessThanOrEqual(1);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});

describe('the validator is pinned wherever it is installed by version', () => {
  it('action.yml and .pre-commit-hooks.yaml pin the released version', () => {
    for (const pin of readPins(ROOT))
      expect(pin, pin.file).toEqual({ file: pin.file, version: validator.manifest.version });
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/release-pins.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
  });

  it('release-pins rewrites both pins, and --check then fails against the old version', () => {
    const dir = tempDir('release-pins-');
    for (const file of ['action.yml', '.pre-commit-hooks.yaml'])
      fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
    writePins(dir, '9.8.7-rc.1');
    expect(readPins(dir).map((p) => p.version)).toEqual(['9.8.7-rc.1', '9.8.7-rc.1']);
    // Nothing else in the files moved.
    const before = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8').split('\n');
    const after = fs.readFileSync(path.join(dir, 'action.yml'), 'utf8').split('\n');
    expect(after.filter((line, i) => line !== before[i])).toEqual(["    default: '9.8.7-rc.1'"]);
    fs.mkdirSync(path.join(dir, 'packages/validator'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'packages/validator/package.json'), JSON.stringify({ version: '1.0.0' }));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/release-pins.mjs'), '--check', '--root', dir], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('action.yml: validator pinned at 9.8.7-rc.1, released version is 1.0.0');
  });

  it('release-pins refuses a version that is not exact', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/release-pins.mjs'), '--version', 'latest'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('not an exact version: latest');
  });

  it('nothing the project ships installs the validator at a floating version', () => {
    const files = [
      'action.yml',
      '.pre-commit-hooks.yaml',
      'templates/shared/_github/workflows/ci.yml.hbs',
      ...fs.readdirSync(path.join(ROOT, '.github/workflows')).map((f) => `.github/workflows/${f}`),
    ];
    for (const file of files) {
      // One deliberate exception: the generated template-drift job asks the registry what is newest.
      const text = fs
        .readFileSync(path.join(ROOT, file), 'utf8')
        .replaceAll('create-distroless-service@latest update', '');
      expect(text, file).not.toMatch(/@latest\b/);
      // Every mention of the validator package that installs it names a version.
      for (const m of text.matchAll(/@distroless-service\/validator(@\S+)?/g))
        if (/npx|additional_dependencies|--package/.test(text.slice(Math.max(0, m.index - 80), m.index)))
          expect(m[1], `${file}: ${m[0]}`).toBeDefined();
    }
    const ci = fs.readFileSync(path.join(ROOT, 'templates/shared/_github/workflows/ci.yml.hbs'), 'utf8');
    expect(ci).toContain('--package=@distroless-service/validator@{{validatorVersion}} ');
  });
});

describe('release workflow', () => {
  const workflow = YAML.parse(fs.readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8'));
  const job = workflow.jobs.release;

  it('publishes from main only, with an OIDC identity for provenance', () => {
    expect(workflow.on).toEqual({ push: { branches: ['main'] } });
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(job.permissions['id-token']).toBe('write');
    const publish = job.steps.find((s: { uses?: string }) => s.uses?.startsWith('changesets/action@'));
    expect(publish.env.NPM_CONFIG_PROVENANCE).toBe('true');
    expect(publish.with['publish-script']).toMatch(/run release$/);
    expect(publish.with['version-script']).toMatch(/run version-packages$/);
  });

  it('runs scripts the root package.json defines', () => {
    const scripts = readJson<{ scripts: Record<string, string> }>(path.join(ROOT, 'package.json')).scripts;
    expect(scripts.release).toContain('changeset publish');
    expect(scripts['version-packages']).toContain('changeset version');
    expect(scripts['version-packages']).toContain('scripts/release-pins.mjs');
    // The commands in the workflow parse as the shell would run them.
    for (const step of job.steps as { run?: string }[]) if (step.run) execFileSync('bash', ['-n', '-c', step.run]);
  });
});
