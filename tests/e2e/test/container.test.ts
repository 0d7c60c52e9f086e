// Container-mode verification with podman (or docker), against base images that must already be on
// the machine: here, the offline stand-ins .ci/containers/ builds (--pull=never). Generated
// services pass; copies that break one thing a real image would expose fail with the right finding.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  CannotRunError,
  OWNER_LABEL_KEY,
  verifyService,
  type VerifyResult,
} from '@distroless-service/validator/service';
import { describe, expect, it } from 'vitest';
import { edit, generatedService, lineMatching, variant } from './support/services.js';

// The distroless set the generated Dockerfiles use (the templates package's images.json).
const imagesJson = JSON.parse(
  fs.readFileSync(createRequire(import.meta.url).resolve('@distroless-service/templates/images.json'), 'utf8'),
) as Record<string, Record<string, Record<string, string>> | string>;
const IMAGES = Object.values(imagesJson).flatMap((lang) =>
  typeof lang === 'string' ? [] : Object.values(lang.distroless!),
);

function availability(): { engine: 'podman' | 'docker' | null; reason: string | null } {
  for (const engine of ['podman', 'docker'] as const) {
    if (spawnSync(engine, ['info'], { stdio: 'ignore', timeout: 20_000 }).status !== 0) continue;
    const missing = IMAGES.filter(
      (image) => spawnSync(engine, ['image', 'inspect', image], { stdio: 'ignore' }).status !== 0,
    );
    if (missing.length === 0) return { engine, reason: null };
    return {
      engine: null,
      reason: `${engine} works but lacks ${missing.join(', ')} (build them: .ci/containers/build-standins.sh)`,
    };
  }
  return { engine: null, reason: 'no working podman or docker (.ci/containers/setup-podman.sh sets podman up)' };
}

const { engine, reason } = availability();
const skip = reason !== null && !process.env.CI;
if (skip) console.warn(`SKIP container verification: ${reason}`);

/** Containers and images this process's verifications made (other runs may share the engine meanwhile). */
function leftovers(name: 'podman' | 'docker'): string[] {
  const mine = `label=${OWNER_LABEL_KEY}=${process.pid}`;
  const list = (args: string[]) =>
    execFileSync(name, [...args, '--filter', mine], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  return [
    ...list(['ps', '-a', '--format', '{{.Names}}']),
    ...list(['images', '--format', '{{.Repository}}:{{.Tag}}']),
  ].sort();
}
const before = engine ? leftovers(engine) : [];

const errors = (r: VerifyResult) =>
  r.findings
    .filter((f) => f.severity === 'error')
    .map((f) => f.ruleId)
    .sort();

async function verify(dir: string, timeoutSeconds = 30): Promise<VerifyResult> {
  if (!engine) throw new Error(`${reason} — required because CI=true`);
  return verifyService(dir, { engine, pull: 'never', timeoutSeconds });
}

describe.skipIf(skip)('container engine', () => {
  it.each(['go', 'node', 'python'] as const)(
    'verifies a generated %s service: image facts, probes, drain',
    async (lang) => {
      const r = await verify(generatedService(lang));
      expect(errors(r), JSON.stringify(r.findings, null, 2)).toEqual([]);
      expect(r.engine).toBe(engine);
      const facts = r.steps.find((s) => s.name === 'image facts')!;
      expect(facts.detail).toMatch(/^user 65532(:65532)?, [\d.]+ MB, shell absent$/);
      expect(r.steps.find((s) => s.name.startsWith('drain'))!.detail).toMatch(
        /^exit 0, \d+ ms after SIGTERM \(delivered in \d+ ms, \/readyz 503 after \d+ ms\)$/,
      );
      expect(r.steps.filter((s) => !s.ok).map((s) => s.name)).toEqual([]);
      console.log(
        `${lang}: ${r.steps.map((s) => `${s.name} ${s.ms} ms${s.detail ? ` (${s.detail})` : ''}`).join('; ')}`,
      );
    },
    600_000,
  );

  it('catches a shell-form ENTRYPOINT: statically, and because the container cannot start', async () => {
    const dir = variant('python', (d) =>
      edit(d, 'Dockerfile', 'ENTRYPOINT ["/usr/bin/python3", "-m", "app"]', 'ENTRYPOINT /usr/bin/python3 -m app'),
    );
    const r = await verify(dir, 10);
    expect(errors(r), JSON.stringify(r.findings, null, 2)).toEqual([
      'dockerfile-exec-form',
      'image-entrypoint',
      'start',
    ]);
    expect(r.findings.find((f) => f.ruleId === 'start')!.message).toMatch(/sh/);
    const entrypoint = lineMatching(dir, 'Dockerfile', /^ENTRYPOINT /);
    for (const id of ['image-entrypoint', 'start'])
      expect(r.findings.find((f) => f.ruleId === id)).toMatchObject({ file: 'Dockerfile', line: entrypoint });
    expect(r.steps.find((s) => s.name === 'image facts')).toMatchObject({ ok: false, findings: ['image-entrypoint'] });
  }, 300_000);

  it('catches RUN in the final stage: there is no shell to run it', async () => {
    const dir = variant('python', (d) =>
      edit(d, 'Dockerfile', 'USER 65532:65532', 'RUN mkdir -p /app/cache\nUSER 65532:65532'),
    );
    const r = await verify(dir, 10);
    expect(errors(r), JSON.stringify(r.findings, null, 2)).toEqual(['build', 'dockerfile-final-run']);
    // The step the engine named as failing, not the Dockerfile as a whole.
    const build = r.findings.find((f) => f.ruleId === 'build');
    expect(build, build?.message).toMatchObject({
      file: 'Dockerfile',
      line: lineMatching(dir, 'Dockerfile', /^RUN mkdir -p \/app\/cache/),
    });
  }, 300_000);

  it('catches USER root', async () => {
    const dir = variant('python', (d) => edit(d, 'Dockerfile', 'USER 65532:65532', 'USER 0'));
    const r = await verify(dir, 10);
    expect(errors(r), JSON.stringify(r.findings, null, 2)).toEqual(['dockerfile-user', 'image-user']);
    expect(r.findings.find((f) => f.ruleId === 'image-user')).toMatchObject({
      file: 'Dockerfile',
      line: lineMatching(dir, 'Dockerfile', /^USER 0/),
    });
  }, 300_000);

  it('catches a service that ignores SIGTERM as PID 1: killed after the grace period, exit 137', async () => {
    const dir = variant('python', (d) => {
      edit(d, 'app/server.py', 'for sig in (signal.SIGTERM, signal.SIGINT)}', 'for sig in (signal.SIGINT,)}');
      edit(d, 'Dockerfile', /^RUN venv\/bin\/python -m unittest.*\n/m, '');
    });
    const r = await verify(dir, 8);
    expect(errors(r), JSON.stringify(r.findings, null, 2)).toEqual(['drain-exit', 'drain-readiness']);
    const exit = r.findings.find((f) => f.ruleId === 'drain-exit')!;
    expect(exit.message).toContain('was killed (exit 137)');
    expect(exit.message).toContain('as PID 1 a process has no default handler');
    expect(exit).toMatchObject({
      file: 'app/server.py',
      line: lineMatching(dir, 'app/server.py', /signal\.signal\(sig, /),
    });
    const drained = r.steps.find((s) => s.name.startsWith('drain'))!;
    expect(drained.ok).toBe(false);
    expect(drained.detail).toMatch(/^exit 137, /);
  }, 300_000);

  it('catches /readyz that never turns 503, however long podman takes to deliver SIGTERM', async () => {
    const dir = variant('python', (d) => {
      edit(
        d,
        'app/server.py',
        'if state.draining:\n            return _json(503',
        'if False:\n            return _json(503',
      );
      edit(d, 'Dockerfile', /^RUN venv\/bin\/python -m unittest.*\n/m, '');
    });
    const r = await verify(dir, 10);
    expect(errors(r), JSON.stringify(r.findings, null, 2)).toEqual(['drain-readiness']);
    const finding = r.findings.find((f) => f.ruleId === 'drain-readiness')!;
    expect(finding.message).toMatch(/^after SIGTERM was delivered, \/readyz kept answering 200/);
    expect(finding).toMatchObject({ file: 'app/server.py', line: lineMatching(dir, 'app/server.py', /"\/readyz"/) });
  }, 300_000);

  it('cannot run without the base image under --pull never, and still reports the static findings', async () => {
    const dir = variant('python', (d) => {
      edit(d, 'Dockerfile', 'USER 65532:65532', 'USER 0');
      edit(
        d,
        'Dockerfile',
        /^FROM gcr.io\/distroless\/python3-debian13:nonroot/m,
        'FROM gcr.io/distroless/python3-debian13:absent',
      );
    });
    const error = await verify(dir, 10).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CannotRunError);
    const { message, result } = error as CannotRunError;
    expect(message).toContain('gcr.io/distroless/python3-debian13:absent is not on this machine');
    expect(result!.ok).toBe(false);
    expect(result!.error).toContain('is not on this machine, and --pull never forbids pulling it');
    expect(result!.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'dockerfile-user', line: lineMatching(dir, 'Dockerfile', /^USER 0/) }),
    );
    expect(result!.steps.map((s) => [s.name, s.ok])).toEqual([
      ['static checks', false],
      [`build (${engine})`, false],
      ['cleanup', true],
    ]);
  }, 300_000);

  it('leaves no image or container of its own behind', async () => {
    if (!engine) throw new Error(reason!);
    expect(before).toEqual([]);
    expect(leftovers(engine)).toEqual([]);
    // The filter does see what this process makes: --keep leaves the image and the container.
    // A file no earlier build had makes podman build the builder stage again (no layer cache), so
    // this build commits a stage image of its own, which must not be left behind either.
    const dir = variant('python', (d) => {
      edit(d, 'Dockerfile', 'ENTRYPOINT ["/usr/bin/python3", "-m", "app"]', 'ENTRYPOINT /usr/bin/python3 -m app');
      fs.writeFileSync(path.join(d, 'app', 'build_id.py'), `BUILD_ID = "${process.pid}-${Date.now()}"\n`);
    });
    await verifyService(dir, { engine, pull: 'never', timeoutSeconds: 10, keep: true });
    const kept = leftovers(engine);
    expect(kept.filter((n) => n.startsWith('distroless-validate-')).length).toBe(1);
    expect(kept.filter((n) => n.startsWith('localhost/distroless-validate:')).length).toBe(1);
    for (const c of kept.filter((n) => n.startsWith('distroless-validate-'))) execFileSync(engine, ['rm', '-f', c]);
    for (const i of kept.filter((n) => n.startsWith('localhost/'))) execFileSync(engine, ['rmi', '-f', i]);
    expect(leftovers(engine)).toEqual([]);
  }, 300_000);
});
