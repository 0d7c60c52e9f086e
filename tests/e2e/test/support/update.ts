// What the `update` end-to-end tests share: two versions of the templates to update between, the
// team's resolution of the one true conflict, and the verdict of the validator's native engine on
// the merged service.
import fs from 'node:fs';
import path from 'node:path';
import type { TemplateSet } from 'create-distroless-service';
import { CannotRunError, verifyService } from '@distroless-service/validator/service';
import { expect } from 'vitest';
import { edit } from './edit.js';
import { tempDir } from './generator.js';
import { copyTemplates } from './templates.js';

/**
 * Templates 1.0.0 (A) and 1.1.0 (B), B's values.yaml moving the replica count to 3: the line the
 * team's service changes too (to 4), so every update between them has that conflict to resolve.
 */
export function templateVersions(prefix: string): { A: TemplateSet; B: TemplateSet } {
  const work = tempDir(prefix);
  const A = copyTemplates(path.join(work, 'A'), '1.0.0');
  const B = copyTemplates(path.join(work, 'B'), '1.1.0');
  edit(B.root, 'shared/deploy/chart/values.yaml.hbs', 'replicaCount: 2\n', 'replicaCount: 3\n');
  return { A, B };
}

/** The team's own change that conflicts with version B. */
export function teamReplicaCount(dir: string): void {
  edit(dir, 'deploy/chart/values.yaml', 'replicaCount: 2\n', 'replicaCount: 4\n');
}

/** Resolves the replica count conflict as the team would, keeping theirs; no marker may remain. */
export function keepTeamReplicaCount(dir: string): void {
  const values = path.join(dir, 'deploy/chart/values.yaml');
  const resolved = fs
    .readFileSync(values, 'utf8')
    .replace(/<<<<<<< yours\n(replicaCount: 4\n)=======\n[^]*?>>>>>>> [^\n]*\n/, '$1');
  expect(resolved).not.toMatch(/<<<<<<<|>>>>>>>|=======/);
  fs.writeFileSync(values, resolved);
}

/**
 * Runs the native engine on the merged service and expects it to pass, its build step (which runs
 * the service's tests) among the steps. Returns false, printing why, where the engine cannot run
 * here, except under CI=true, where that fails.
 */
export async function expectVerified(dir: string, what: string): Promise<boolean> {
  let result;
  try {
    result = await verifyService(dir, { engine: 'native', timeoutSeconds: 20 });
  } catch (error) {
    if (error instanceof CannotRunError && !process.env.CI) {
      console.warn(`SKIP ${what}: ${error.message}`);
      return false;
    }
    throw error;
  }
  const failed = [
    ...result.steps.filter((s) => !s.ok).map((s) => `${s.name}: ${s.detail}`),
    ...result.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`),
  ];
  expect(failed).toEqual([]);
  expect(result.ok).toBe(true);
  expect(result.steps.map((s) => s.name)).toContain('build (native)');
  return true;
}
