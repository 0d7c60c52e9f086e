// A service a team edited, updated with the generator's CLI to a newer template that changes the
// same line (a conflict the team then resolves), still builds, passes its own tests (the team's
// new one too) and the validator's native engine: a node:http service and a Fastify one (whose
// files come from the node-fastify/ overlay over node/, so version B changes both layers). The
// generator's own tests assert the merge in detail.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generate, type Answers, type TemplateSet } from 'create-distroless-service';
import { CannotRunError, verifyService } from '@distroless-service/validator/service';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatorCli } from './support/bins.js';
import { tempDir } from './support/generator.js';
import { copyTemplates } from './support/templates.js';
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

interface Variant {
  framework: 'http' | 'fastify';
  /** The team's endpoint, added to src/service.ts. */
  endpoint: (file: string) => void;
  /** Its test, appended to test/service.test.ts. */
  test: string;
  /** A line of src/service.ts only that framework's has. */
  frameworkMarker: string;
}

const VARIANTS: Variant[] = [
  {
    framework: 'http',
    endpoint: (file) => {
      editFile(file, "const known = ['/healthz',", "const known = ['/orders/count', '/healthz',");
      editFile(
        file,
        "        case '/healthz':\n",
        "        case '/orders/count':\n          return send(200, { count: 0 });\n        case '/healthz':\n",
      );
    },
    test: `
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
`,
    frameworkMarker: "        case '/healthz':\n",
  },
  {
    framework: 'fastify',
    endpoint: (file) =>
      editFile(
        file,
        "  app.get('/healthz', async () => ({ status: 'ok' }));\n",
        "  app.get('/orders/count', async () => ({ count: 0 }));\n  app.get('/healthz', async () => ({ status: 'ok' }));\n",
      ),
    test: `
describe('orders', () => {
  it('counts no orders yet', async () => {
    const { service, port } = await started();
    try {
      const reply = await get(port, '/orders/count');
      assert.equal(reply.status, 200);
      assert.deepEqual(JSON.parse(reply.body), { count: 0 });
    } finally {
      assert.equal(await service.shutdown('test'), 0);
    }
  });
});
`,
    frameworkMarker: "from 'fastify';",
  },
];

describe.each(VARIANTS)('update of an edited Node ($framework) service, then verify', (variant) => {
  let A: TemplateSet;
  let B: TemplateSet;

  beforeAll(() => {
    const work = tempDir(`update-verify-${variant.framework}-`);
    A = copyTemplates(path.join(work, 'A'), '1.0.0');
    B = copyTemplates(path.join(work, 'B'), '1.1.0');
    const b = (file: string) => path.join(B.root, file);
    // Version B changes the line the team changes, the file the team adds an endpoint to (in the
    // layer that variant's src/service.ts comes from), and a file both variants take from node/.
    editFile(b('shared/deploy/chart/values.yaml.hbs'), 'replicaCount: 2\n', 'replicaCount: 3\n');
    editFile(b('node/src/service.ts'), 'REQUEST_TIMEOUT_MS = 90_000;', 'REQUEST_TIMEOUT_MS = 95_000;');
    editFile(b('node-fastify/src/service.ts'), 'REQUEST_TIMEOUT_MS = 90_000;', 'REQUEST_TIMEOUT_MS = 95_000;');
    editFile(
      b('node/src/server.ts'),
      '  runtime: `node ${process.version}`,\n',
      '  runtime: `node ${process.version}`,\n  pid: process.pid,\n',
    );
  });

  it('after the conflict is resolved, the service builds, passes its tests and the validator', async () => {
    const npm = withSandbox(findNpm());
    if (skipWithout(npm, `update: build and verify the merged ${variant.framework} service`)) return;
    requireTool(npm);
    const dir = path.join(tempDir(`update-svc-${variant.framework}-`), 'svc');
    const answers: Answers = { ...ANSWERS, framework: variant.framework };
    await generate({ dir, answers, templates: A, today: new Date('2026-01-15T12:00:00Z'), git: true });
    const service = path.join(dir, 'src/service.ts');
    expect(fs.readFileSync(service, 'utf8')).toContain(variant.frameworkMarker);
    variant.endpoint(service);
    fs.appendFileSync(path.join(dir, 'test/service.test.ts'), variant.test);
    const values = path.join(dir, 'deploy/chart/values.yaml');
    editFile(values, 'replicaCount: 2\n', 'replicaCount: 4\n');
    execFileSync('git', [...IDENTITY, 'add', '-A'], { cwd: dir, stdio: 'pipe' });
    execFileSync('git', [...IDENTITY, 'commit', '-q', '-m', 'Team edits'], { cwd: dir, stdio: 'pipe' });

    const updated = spawnSync(process.execPath, [generatorCli, 'update', dir, '--from', A.root, '--to', B.root], {
      encoding: 'utf8',
    });
    // Exit 1: updated, with the replica count to resolve.
    expect(updated.status, updated.stderr).toBe(1);
    expect(updated.stdout).toMatch(/conflict +deploy\/chart\/values\.yaml/);
    expect(updated.stdout).toMatch(/merged +src\/service\.ts/);
    expect(updated.stdout).toMatch(/updated +src\/server\.ts/);
    // Both sides' changes, on the same framework.
    const merged = fs.readFileSync(service, 'utf8');
    expect(merged).toContain('REQUEST_TIMEOUT_MS = 95_000;');
    expect(merged).toContain("'/orders/count'");
    expect(merged).toContain(variant.frameworkMarker);
    expect(merged.includes("from 'fastify'")).toBe(variant.framework === 'fastify');
    expect(fs.readFileSync(path.join(dir, 'src/server.ts'), 'utf8')).toContain('  pid: process.pid,\n');
    const record = JSON.parse(fs.readFileSync(path.join(dir, '.distroless-service.json'), 'utf8'));
    expect(record.templateVersion).toBe('1.1.0');
    expect(record.answers.framework).toBe(variant.framework);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies).includes('fastify')).toBe(variant.framework === 'fastify');
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
        console.warn(`SKIP update: verify the merged ${variant.framework} service: ${error.message}`);
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
    // The build step ran the service's tests, the team's new one among them.
    expect(result.steps.map((s) => s.name)).toContain('build (native)');
    expect(fs.readFileSync(path.join(dir, 'test/service.test.ts'), 'utf8')).toContain("'/orders/count'");
  });
});
