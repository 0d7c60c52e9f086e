// A service a team edited, updated with the generator's CLI to a newer template that changes the
// same line (a conflict the team then resolves), still builds, passes its own tests (the team's
// new one too) and the validator's native engine. The generator's own tests assert the merge.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generate, locateTemplates, type Answers, type TemplateSet } from 'create-distroless-service';
import { CannotRunError, verifyService } from '@distroless-service/validator/service';
import { describe, expect, it } from 'vitest';
import { generatorCli } from './support/bins.js';
import { tempDir } from './support/generator.js';
import { findNpm, requireTool, skipWithout, withSandbox } from './support/toolchain.js';

const ANSWERS: Answers = {
  name: 'orders',
  lang: 'node',
  description: 'Orders API',
  owner: '@acme/payments',
  port: 8080,
  base: 'distroless',
  adrStatus: 'proposed',
};
const IDENTITY = ['-c', 'user.name=Test', '-c', 'user.email=test@localhost', '-c', 'commit.gpgsign=false'];

/** Replaces exactly one occurrence of `from`, failing loudly when a template no longer has it. */
function editFile(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0)
    throw new Error(`${file}: expected exactly one ${JSON.stringify(from)}; the template moved on, pick a new anchor`);
  fs.writeFileSync(file, text.slice(0, at) + to + text.slice(at + from.length));
}

/** A copy of the repository's templates as version `version`. */
function copyTemplates(dest: string, version: string): TemplateSet {
  const src = locateTemplates().root;
  for (const entry of ['images.json', 'shared', 'node', 'go', 'python'])
    fs.cpSync(path.join(src, entry), path.join(dest, entry), { recursive: true });
  fs.writeFileSync(path.join(dest, 'package.json'), JSON.stringify({ name: 'templates', version }) + '\n');
  return locateTemplates(dest);
}

const ENDPOINT_TEST = `
describe('orders', () => {
  it('counts no orders yet', async () => {
    const { service, port } = await started();
    try {
      const reply = await get(port, '/orders/count');
      assert.equal(reply.status, 200);
      assert.deepEqual(JSON.parse(reply.body), { count: 0 });
    } finally {
      service.server.closeAllConnections();
      service.server.close();
    }
  });
});
`;

describe('update, then verify', () => {
  it('after the conflict is resolved, the service builds, passes its tests and the validator', async () => {
    const npm = withSandbox(findNpm());
    if (skipWithout(npm, 'update: build and verify the merged service')) return;
    requireTool(npm);
    const work = tempDir('update-verify-');
    const A = copyTemplates(path.join(work, 'A'), '1.0.0');
    const B = copyTemplates(path.join(work, 'B'), '1.1.0');
    // Version B changes the line the team changes, and the file the team adds an endpoint to.
    editFile(path.join(B.root, 'shared/deploy/chart/values.yaml.hbs'), 'replicaCount: 2\n', 'replicaCount: 3\n');
    editFile(path.join(B.root, 'node/src/service.ts'), 'REQUEST_TIMEOUT_MS = 90_000;', 'REQUEST_TIMEOUT_MS = 95_000;');

    const dir = path.join(work, 'svc');
    await generate({ dir, answers: ANSWERS, templates: A, today: new Date('2026-01-15T12:00:00Z'), git: true });
    const service = path.join(dir, 'src/service.ts');
    editFile(service, "const known = ['/healthz',", "const known = ['/orders/count', '/healthz',");
    editFile(
      service,
      "        case '/healthz':\n",
      "        case '/orders/count':\n          return send(200, { count: 0 });\n        case '/healthz':\n",
    );
    fs.appendFileSync(path.join(dir, 'test/service.test.ts'), ENDPOINT_TEST);
    const values = path.join(dir, 'deploy/chart/values.yaml');
    editFile(values, 'replicaCount: 2\n', 'replicaCount: 4\n');
    execFileSync('git', [...IDENTITY, 'add', '-A'], { cwd: dir, stdio: 'pipe' });
    execFileSync('git', [...IDENTITY, 'commit', '-q', '-m', 'Team edits'], { cwd: dir, stdio: 'pipe' });

    const updated = spawnSync(process.execPath, [generatorCli, 'update', dir, '--from', A.root, '--to', B.root], {
      encoding: 'utf8',
    });
    // Exit 1: updated, with the replica count to resolve.
    expect(updated.status, updated.stderr).toBe(1);
    expect(fs.readFileSync(service, 'utf8')).toContain('REQUEST_TIMEOUT_MS = 95_000;');
    // Resolved as the team would: keep their replica count.
    fs.writeFileSync(
      values,
      fs.readFileSync(values, 'utf8').replace(/<<<<<<< yours\n(replicaCount: 4\n)=======\n[^]*?>>>>>>> [^\n]*\n/, '$1'),
    );
    expect(fs.readFileSync(values, 'utf8')).not.toMatch(/<<<<<<<|>>>>>>>|=======/);

    let result;
    try {
      result = await verifyService(dir, { engine: 'native', timeoutSeconds: 20 });
    } catch (error) {
      if (error instanceof CannotRunError && !process.env.CI) {
        console.warn(`SKIP update: verify the merged service: ${error.message}`);
        return;
      }
      throw error;
    }
    const failed = [
      ...result.steps.filter((s) => !s.ok).map((s) => `${s.name}: ${s.detail}`),
      ...result.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`),
    ];
    expect(failed).toEqual([]);
    expect(result.ok).toBe(true);
    // The team's endpoint test ran with the service's own tests.
    expect(fs.readFileSync(path.join(dir, 'test/service.test.ts'), 'utf8')).toContain("'/orders/count'");
  });
});
