// --pin-digests against a real OCI registry: the distribution registry (`.ci/tools.sh registry`) on
// loopback, into which podman pushes the Chainguard stand-ins (.ci/containers/build-standins.sh).
// Each generated Chainguard service names its bases as tag@digest of what that registry holds, and
// passes the validator's static checks, which refuse the same service unpinned (free Chainguard
// images only have `latest` tags); `update` keeps those pins and pins a tag the template moves to,
// and `update --pin-digests` pins a service generated without them.
// Skipped with the reason where registry, podman or the stand-ins
// are missing, except under CI=true.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { checkStatic, onPath } from '@distroless-service/validator/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGenerator, tempDir } from './support/generator.js';
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

const git = (dir: string, ...args: string[]) =>
  execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@localhost', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd: dir,
      encoding: 'utf8',
      stdio: 'pipe',
    },
  );

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

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(skip)('--pin-digests against the distribution registry', () => {
  let child: ChildProcess | undefined;
  let mirror = '';
  const pushed = new Map<string, string>();

  beforeAll(async () => {
    const registry = requireTool(tools.registry);
    const podman = requireTool(tools.podman);
    const work = tempDir('pin-digests-');
    const port = await freePort();
    const config = path.join(work, 'config.yml');
    fs.writeFileSync(
      config,
      [
        'version: 0.1',
        'log:',
        '  level: error',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${path.join(work, 'data')}`,
        'http:',
        `  addr: 127.0.0.1:${port}`,
        '',
      ].join('\n'),
    );
    let output = '';
    child = spawn(registry, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    mirror = `http://127.0.0.1:${port}`;
    // Up when /v2/ answers; bounded, and a registry that exits fails at once with its output.
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`registry exited ${child.exitCode}: ${output}`);
      const ok = await fetch(`${mirror}/v2/`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`registry not up on ${mirror} within 30 s: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (const ref of Object.values(IMAGES).flat()) {
      const digestFile = path.join(work, 'digest');
      const target = `127.0.0.1:${port}/${ref.replace(/^cgr\.dev\//, '')}`;
      const r = spawnSync(podman, ['push', '--quiet', '--tls-verify=false', '--digestfile', digestFile, ref, target], {
        encoding: 'utf8',
        timeout: 600_000,
      });
      expect(r.status, `podman push ${ref}: ${r.stderr}`).toBe(0);
      pushed.set(ref, fs.readFileSync(digestFile, 'utf8').trim());
    }
  }, 900_000);

  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it.each(LANGS)(
    'a %s Chainguard service names each base by the digest the registry holds and passes the static checks',
    async (lang) => {
      const cwd = tempDir(`pin-${lang}-`);
      const r = runGenerator(
        [
          `pin-${lang}`,
          '--lang',
          lang,
          '--base',
          'chainguard',
          '--pin-digests',
          '--registry-mirror',
          `cgr.dev=${mirror}`,
          '--no-git',
          '--yes',
        ],
        { cwd },
      );
      expect(r.code, r.stderr).toBe(0);
      const dir = path.join(cwd, `pin-${lang}`);
      const froms = fs
        .readFileSync(path.join(dir, 'Dockerfile'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('FROM '));
      const [builder, runtime] = IMAGES[lang];
      expect(pushed.get(builder)).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(froms).toEqual([
        `FROM ${builder}@${pushed.get(builder)} AS build`,
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
    const r = runGenerator(
      [
        'svc',
        '--lang',
        'go',
        '--base',
        'chainguard',
        '--pin-digests',
        '--registry-mirror',
        `cgr.dev=${mirror}`,
        '--no-git',
        '--yes',
      ],
      { cwd },
    );
    expect(r.code, r.stderr).toBe(0);
    const dir = path.join(cwd, 'svc');
    const [builder, runtime] = IMAGES.go;
    // A template release that moves the runtime to another tag, which the registry holds.
    const movedTo = runtime.replace(/:[^:]+$/, ':moved');
    const push = spawnSync(
      podman,
      [
        'push',
        '--quiet',
        '--tls-verify=false',
        runtime,
        `${new URL(mirror).host}/${movedTo.replace(/^cgr\.dev\//, '')}`,
      ],
      { encoding: 'utf8', timeout: 600_000 },
    );
    expect(push.status, push.stderr).toBe(0);
    const templates = copyTemplates(path.join(cwd, 'templates'), '9.9.9').root;
    const moved = JSON.parse(fs.readFileSync(path.join(templates, 'images.json'), 'utf8'));
    moved.go.chainguard.runtime = movedTo;
    fs.writeFileSync(path.join(templates, 'images.json'), JSON.stringify(moved, null, 2) + '\n');

    const u = runGenerator(['update', dir, '--to', templates, '--registry-mirror', `cgr.dev=${mirror}`], { cwd });
    expect(u.code, u.stdout + u.stderr).toBe(0);
    const froms = fs
      .readFileSync(path.join(dir, 'Dockerfile'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('FROM '));
    expect(froms).toEqual([
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
    const text = fs.readFileSync(dockerfile, 'utf8');
    expect(text.split('\n').filter((l) => l.startsWith('FROM '))).toEqual([
      `FROM ${builder}@${pushed.get(builder)} AS build`,
      `FROM ${runtime}@${pushed.get(runtime)}`,
    ]);
    expect(text).toContain('LABEL org.example.team="payments"\n');
    expect(fs.readFileSync(values, 'utf8')).toContain('replicaCount: 4\n');
    const record = JSON.parse(fs.readFileSync(path.join(dir, '.distroless-service.json'), 'utf8'));
    expect(record.digests).toEqual({ [builder]: pushed.get(builder), [runtime]: pushed.get(runtime) });

    // The same files as `--pin-digests` at generation writes, but for the team's two edits.
    const fresh = runGenerator(
      [
        'fresh',
        '--lang',
        'node',
        '--base',
        'chainguard',
        '--name',
        'svc',
        '--pin-digests',
        '--registry-mirror',
        `cgr.dev=${mirror}`,
        '--no-git',
        '--yes',
      ],
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
