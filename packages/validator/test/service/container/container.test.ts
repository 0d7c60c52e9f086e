// Container-mode verification with podman (or docker), against base images that must already be on
// the machine: here, the offline stand-ins .ci/containers/ builds (--pull=never). Generated
// services pass; copies that break one thing a real image would expose fail with the right finding.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyService, type VerifyResult } from '../../../src/service/verify.js';
import { edit, generatedService, variant } from '../static/support.js';

// The distroless set the generated Dockerfiles use (templates/images.json).
const imagesJson = JSON.parse(
  fs.readFileSync(new URL('../../../../../templates/images.json', import.meta.url), 'utf8'),
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

/** Containers and images named by the verifier; compared before and after these tests. */
function leftovers(name: 'podman' | 'docker'): string[] {
  const list = (args: string[]) =>
    execFileSync(name, args, { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes('distroless-validate'));
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
      expect(r.steps.find((s) => s.name.startsWith('drain'))!.detail).toMatch(/^exit 0, \d+ ms after SIGTERM$/);
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
    expect(errors(r)).toEqual(['dockerfile-exec-form', 'image-entrypoint', 'start']);
    expect(r.findings.find((f) => f.ruleId === 'start')!.message).toMatch(/sh/);
  }, 300_000);

  it('catches RUN in the final stage: there is no shell to run it', async () => {
    const dir = variant('python', (d) =>
      edit(d, 'Dockerfile', 'USER 65532:65532', 'RUN mkdir -p /app/cache\nUSER 65532:65532'),
    );
    const r = await verify(dir, 10);
    expect(errors(r)).toEqual(['build', 'dockerfile-final-run']);
  }, 300_000);

  it('catches USER root', async () => {
    const dir = variant('python', (d) => edit(d, 'Dockerfile', 'USER 65532:65532', 'USER 0'));
    const r = await verify(dir, 10);
    expect(errors(r)).toEqual(['dockerfile-user', 'image-user']);
  }, 300_000);

  it('catches a service that ignores SIGTERM as PID 1: killed after the grace period, exit 137', async () => {
    const dir = variant('python', (d) => {
      edit(d, 'app/main.py', 'signal.signal(signal.SIGTERM, on_signal)', 'pass  # no SIGTERM handler');
      edit(d, 'Dockerfile', /^RUN python -m unittest.*\n/m, '');
    });
    const r = await verify(dir, 8);
    expect(errors(r)).toEqual(['drain-exit', 'drain-readiness']);
    expect(r.findings.find((f) => f.ruleId === 'drain-exit')!.message).toContain('was killed (exit 137)');
  }, 300_000);

  it('leaves no image or container of its own behind', () => {
    if (!engine) throw new Error(reason!);
    expect(leftovers(engine)).toEqual(before);
  });
});
