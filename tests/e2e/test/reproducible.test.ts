// Reproducible images: each generated service, built twice from scratch (--no-cache) with the same
// timestamp, gives the same image ID. Needs podman and the base images (offline stand-ins in CI:
// .ci/containers/build-standins.sh); skipped with the reason where they are missing, except under CI=true.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { onPath } from '@distroless-service/validator/service';
import { describe, expect, it } from 'vitest';
import { runGenerator, tempDir } from './support/generator.js';
import { requireTool, skipWithout, type Tool } from './support/toolchain.js';

const TIMESTAMP = '1700000000';
const langs = ['go', 'node', 'python'] as const;

function findPodman(): Tool {
  const bin = onPath('podman');
  if (!bin) return { bin, reason: 'no podman on PATH (.ci/containers/setup-podman.sh installs it)' };
  const images = JSON.parse(
    fs.readFileSync(createRequire(import.meta.url).resolve('@distroless-service/templates/images.json'), 'utf8'),
  ) as Record<string, { distroless: { builder: string; runtime: string } }>;
  for (const lang of langs) {
    for (const ref of Object.values(images[lang]!.distroless)) {
      if (spawnSync(bin, ['image', 'exists', ref]).status !== 0)
        return { bin: null, reason: `podman has no ${ref} (.ci/containers/build-standins.sh builds it)` };
    }
  }
  return { bin, reason: null };
}

const podman = findPodman();
const skip = skipWithout(podman, 'reproducible image builds');

describe.each(langs)('%s image', (lang) => {
  it.skipIf(skip)(
    'is the same image twice from scratch with a fixed timestamp',
    () => {
      const bin = requireTool(podman);
      const cwd = tempDir(`repro-${lang}-`);
      const r = runGenerator([`repro-${lang}`, '--lang', lang, '--no-git', '--yes'], { cwd });
      expect(r.code, r.stderr).toBe(0);
      const dir = path.join(cwd, `repro-${lang}`);
      const build = () =>
        execFileSync(bin, ['build', '-q', '--pull=never', '--no-cache', '--timestamp', TIMESTAMP, dir], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 900_000,
        })
          .trim()
          .split('\n')
          .pop();
      const first = build();
      const second = build();
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(second).toBe(first);
      spawnSync(bin, ['rmi', '-f', first!]);
    },
    1_900_000,
  );
});
