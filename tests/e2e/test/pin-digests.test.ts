// --pin-digests against a real OCI registry: the distribution registry (`.ci/tools.sh registry`) on
// loopback, into which podman pushes the Chainguard stand-ins (.ci/containers/build-standins.sh).
// Each generated Chainguard service names its bases as tag@digest of what that registry holds, and
// passes the validator's static checks, which refuse the same service unpinned (free Chainguard
// images only have `latest` tags); `update` keeps those pins and pins a tag the template moves to,
// and `update --pin-digests` pins a service generated without them.
// Skipped with the reason where registry, podman or the stand-ins
// are missing, except under CI=true.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { checkStatic, onPath } from '@distroless-service/validator/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGenerator, tempDir } from './support/generator.js';
import { git } from './support/git.js';
import { push, startRegistry, type LocalRegistry } from './support/registry.js';
import { copyTemplates } from './support/templates.js';
import { requireTool, skipWithout, type Tool } from './support/toolchain.js';

const LANGS = ['go', 'node', 'python'] as const;
// The Chainguard bases of each language, as the generator writes them.
const images = JSON.parse(
  fs.readFileSync(createRequire(import.meta.url).resolve('@distroless-service/templates/images.json'), 'utf8'),
) as Record<(typeof LANGS)[number], { chainguard: { builder: string; runtime: string } }>;
const IMAGES = Object.fromEntries(
  LANGS.map((lang) => [lang, [images[lang].chainguard.builder, images[lang].chainguard.runtime]]),
) as Record<(typeof LANGS)[number], [string, string]>;

function findTools(): { registry: Tool; podman: Tool } {
  const registry = onPath('registry');
  const podman = onPath('podman');
  const missing =
    podman &&
    Object.values(IMAGES)
      .flat()
      .find((ref) => spawnSync(podman, ['image', 'exists', ref]).status !== 0);
  return {
    registry: {
      bin: registry,
      reason: registry ? null : 'no registry on PATH (eval "$(.ci/tools.sh registry)" installs it)',
    },
    podman: {
      bin: podman && !missing ? podman : null,
      reason: !podman
        ? 'no podman on PATH (.ci/containers/setup-podman.sh installs it)'
        : missing
          ? `podman has no ${missing} (.ci/containers/build-standins.sh builds it)`
          : null,
    },
  };
}

const tools = findTools();
const skip =
  skipWithout(tools.registry, '--pin-digests against a local registry') ||
  skipWithout(tools.podman, '--pin-digests against a local registry');

/** Every file below dir (.git included) with its content's hash: equal before and after means untouched. */
function fingerprint(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .map((file) => `${path.relative(dir, file)} ${createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`)
    .join('\n');
}

/** The FROM lines of a service's Dockerfile. */
function froms(dir: string): string[] {
  return fs
    .readFileSync(path.join(dir, 'Dockerfile'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('FROM '));
}

describe.skipIf(skip)('--pin-digests against the distribution registry', () => {
  let registry: LocalRegistry | undefined;
  let mirror = '';
  const pushed = new Map<string, string>();
  /** The generator's arguments that pin the Chainguard bases from the local registry. */
  const pinFromRegistry = () => ['--base', 'chainguard', '--pin-digests', '--registry-mirror', `cgr.dev=${mirror}`];

  beforeAll(async () => {
    const bin = requireTool(tools.registry);
    const podman = requireTool(tools.podman);
    registry = await startRegistry(bin, tempDir('pin-digests-'));
    mirror = registry.url;
    for (const ref of Object.values(IMAGES).flat()) pushed.set(ref, push(podman, registry, ref));
  }, 900_000);

  afterAll(() => {
    registry?.stop();
  });

  it.each(LANGS)(
    'a %s Chainguard service names each base by the digest the registry holds and passes the static checks',
    async (lang) => {
      const cwd = tempDir(`pin-${lang}-`);
      const r = runGenerator([`pin-${lang}`, '--lang', lang, ...pinFromRegistry(), '--no-git', '--yes'], { cwd });
      expect(r.code, r.stderr).toBe(0);
      const dir = path.join(cwd, `pin-${lang}`);
      const [builder, runtime] = IMAGES[lang];
      expect(pushed.get(builder)).toMatch(/^sha256:[a-f0-9]{64}$/);
      // Node installs its production dependencies in a stage of their own, which the build stage extends.
      expect(froms(dir)).toEqual([
        ...(lang === 'node'
          ? [`FROM ${builder}@${pushed.get(builder)} AS deps`, 'FROM deps AS build']
          : [`FROM ${builder}@${pushed.get(builder)} AS build`]),
        `FROM ${runtime}@${pushed.get(runtime)}`,
      ]);

      const pinned = await checkStatic(dir, { skipAdr: true });
      const ids = pinned.findings.map((f) => f.ruleId);
      expect(pinned.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(ids).not.toContain('dockerfile-image-tag');
      expect(ids).not.toContain('dockerfile-digest-pin');
      // The same service unpinned: the floating tags are errors.
      const plain = runGenerator([`plain-${lang}`, '--lang', lang, '--base', 'chainguard', '--no-git', '--yes'], {
        cwd,
      });
      expect(plain.code, plain.stderr).toBe(0);
      const unpinned = await checkStatic(path.join(cwd, `plain-${lang}`), { skipAdr: true });
      expect(unpinned.findings.filter((f) => f.ruleId === 'dockerfile-image-tag')).toHaveLength(2);
    },
    120_000,
  );

  it('update keeps the pins it recorded and pins a tag the template moved to, from the registry', async () => {
    const podman = requireTool(tools.podman);
    const cwd = tempDir('pin-update-');
    const r = runGenerator(['svc', '--lang', 'go', ...pinFromRegistry(), '--no-git', '--yes'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const dir = path.join(cwd, 'svc');
    const [builder, runtime] = IMAGES.go;
    // A template release that moves the runtime to another tag, which the registry holds.
    const movedTo = runtime.replace(/:[^:]+$/, ':moved');
    // The same image under the new tag: the same digest.
    expect(push(podman, registry!, runtime, movedTo)).toBe(pushed.get(runtime));
    const templates = copyTemplates(path.join(cwd, 'templates'), '9.9.9').root;
    const moved = JSON.parse(fs.readFileSync(path.join(templates, 'images.json'), 'utf8'));
    moved.go.chainguard.runtime = movedTo;
    fs.writeFileSync(path.join(templates, 'images.json'), JSON.stringify(moved, null, 2) + '\n');

    const u = runGenerator(['update', dir, '--to', templates, '--registry-mirror', `cgr.dev=${mirror}`], { cwd });
    expect(u.code, u.stdout + u.stderr).toBe(0);
    expect(froms(dir)).toEqual([
      `FROM ${builder}@${pushed.get(builder)} AS build`,
      `FROM ${movedTo}@${pushed.get(runtime)}`,
    ]);
    const record = JSON.parse(fs.readFileSync(path.join(dir, '.distroless-service.json'), 'utf8'));
    expect(record.digests).toEqual({ [builder]: pushed.get(builder), [movedTo]: pushed.get(runtime) });
    const checked = await checkStatic(dir, { skipAdr: true });
    expect(checked.findings.filter((f) => f.severity === 'error')).toEqual([]);
  }, 600_000);

  it('update --pin-digests pins a service generated unpinned, keeping its edits, as generation pins', async () => {
    const cwd = tempDir('pin-later-');
    const r = runGenerator(['svc', '--lang', 'node', '--base', 'chainguard', '--yes'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const dir = path.join(cwd, 'svc');
    // Unpinned Chainguard bases: the validator refuses their floating tags.
    const before = await checkStatic(dir, { skipAdr: true });
    expect(before.findings.filter((f) => f.ruleId === 'dockerfile-image-tag')).toHaveLength(2);
    // The team's edits, committed.
    const dockerfile = path.join(dir, 'Dockerfile');
    const edited = fs
      .readFileSync(dockerfile, 'utf8')
      .replace('USER 65532:65532\n', 'USER 65532:65532\nLABEL org.example.team="payments"\n');
    expect(edited).toContain('LABEL org.example.team');
    fs.writeFileSync(dockerfile, edited);
    const values = path.join(dir, 'deploy/chart/values.yaml');
    fs.writeFileSync(values, fs.readFileSync(values, 'utf8').replace('replicaCount: 2\n', 'replicaCount: 4\n'));
    git(dir, 'commit', '-qam', 'Team edits');

    const u = runGenerator(['update', '--pin-digests', '--answers-only', '--registry-mirror', `cgr.dev=${mirror}`], {
      cwd: dir,
    });
    expect(u.code, u.stdout + u.stderr).toBe(0);
    expect(u.stdout).toMatch(/merged +Dockerfile/);
    const [builder, runtime] = IMAGES.node;
    expect(froms(dir)).toEqual([
      `FROM ${builder}@${pushed.get(builder)} AS deps`,
      'FROM deps AS build',
      `FROM ${runtime}@${pushed.get(runtime)}`,
    ]);
    expect(fs.readFileSync(dockerfile, 'utf8')).toContain('LABEL org.example.team="payments"\n');
    expect(fs.readFileSync(values, 'utf8')).toContain('replicaCount: 4\n');
    const record = JSON.parse(fs.readFileSync(path.join(dir, '.distroless-service.json'), 'utf8'));
    expect(record.digests).toEqual({ [builder]: pushed.get(builder), [runtime]: pushed.get(runtime) });

    // The same files as `--pin-digests` at generation writes, but for the team's two edits.
    const fresh = runGenerator(
      ['fresh', '--lang', 'node', '--name', 'svc', ...pinFromRegistry(), '--no-git', '--yes'],
      { cwd },
    );
    expect(fresh.code, fresh.stderr).toBe(0);
    for (const file of ['renovate.json', 'README.md', 'docs/adr/0001-use-chainguard-base-images.md']) {
      expect(fs.readFileSync(path.join(dir, file), 'utf8'), file).toBe(
        fs.readFileSync(path.join(cwd, 'fresh', file), 'utf8'),
      );
    }
    const pinned = await checkStatic(dir, { skipAdr: true });
    expect(pinned.findings.filter((f) => f.severity === 'error')).toEqual([]);
  }, 120_000);

  it('update --pin-digests exits 3 naming the image when the registry lacks a tag, and writes nothing', async () => {
    const cwd = tempDir('pin-later-missing-');
    const r = runGenerator(['svc', '--lang', 'go', '--yes'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const dir = path.join(cwd, 'svc');
    const print = () => fingerprint(dir);
    const before = print();
    // The distroless Go bases are not in this registry.
    const u = runGenerator(
      [
        'update',
        '--pin-digests',
        '--answers-only',
        '--registry-mirror',
        `docker.io=${mirror}`,
        '--registry-mirror',
        `gcr.io=${mirror}`,
      ],
      { cwd: dir },
    );
    expect(u.code, u.stdout + u.stderr).toBe(3);
    expect(u.stderr).toMatch(
      /create-distroless-service update: cannot pin the base images by digest: (golang:\S+|gcr\.io\/distroless\/static\S+): no such image or tag in its registry \(404\); nothing was changed/,
    );
    expect(print()).toBe(before);
  }, 120_000);

  it('fails with exit 1 naming the image when the registry lacks a tag, and writes nothing', async () => {
    const cwd = tempDir('pin-missing-');
    // The distroless Go bases are not in this registry.
    const r = runGenerator(
      [
        'svc',
        '--lang',
        'go',
        '--pin-digests',
        '--registry-mirror',
        `docker.io=${mirror}`,
        '--registry-mirror',
        `gcr.io=${mirror}`,
        '--no-git',
        '--yes',
      ],
      { cwd },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /create-distroless-service: (golang:\S+|gcr\.io\/distroless\/static\S+): no such image or tag in its registry \(404\)/,
    );
    expect(fs.existsSync(path.join(cwd, 'svc'))).toBe(false);
  });
});
