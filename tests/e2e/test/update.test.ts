// A service a team edited, updated with the generator's CLI to a newer template that changes the
// same line (a conflict the team then resolves), still builds, passes its own tests (the team's
// new one too) and the validator's native engine: a node:http service and a Fastify one (whose
// files come from the node-fastify/ overlay over node/, so version B changes both layers). The
// generator's own tests assert the merge in detail.
import fs from 'node:fs';
import path from 'node:path';
import { generate, type Answers, type TemplateSet } from 'create-distroless-service';
import { beforeAll, describe, expect, it } from 'vitest';
import { edit } from './support/edit.js';
import { runGenerator, tempDir } from './support/generator.js';
import { git } from './support/git.js';
import { findNpm, requireTool, skipWithout, withSandbox } from './support/toolchain.js';
import { expectVerified, keepTeamReplicaCount, teamReplicaCount, templateVersions } from './support/update.js';

const ANSWERS: Answers = {
  name: 'orders',
  lang: 'node',
  description: 'Orders API',
  owner: '@acme/payments',
  port: 8080,
  base: 'distroless',
  adrStatus: 'proposed',
};

/** The team's test of its endpoint; `stop` ends the started service as that framework's tests do. */
const ordersTest = (stop: string) => `
describe('orders', () => {
  it('counts no orders yet', async () => {
    const { service, port } = await started();
    try {
      const reply = await get(port, '/orders/count');
      assert.equal(reply.status, 200);
      assert.deepEqual(JSON.parse(reply.body), { count: 0 });
    } finally {
${stop}
    }
  });
});
`;

interface Variant {
  framework: 'http' | 'fastify';
  /** The team's endpoint, added to src/service.ts. */
  endpoint: (dir: string) => void;
  /** Its test, appended to test/service.test.ts. */
  test: string;
  /** A line of src/service.ts only that framework's has. */
  frameworkMarker: string;
}

const VARIANTS: Variant[] = [
  {
    framework: 'http',
    endpoint: (dir) => {
      edit(dir, 'src/service.ts', "const known = ['/healthz',", "const known = ['/orders/count', '/healthz',");
      edit(
        dir,
        'src/service.ts',
        "        case '/healthz':\n",
        "        case '/orders/count':\n          return send(200, { count: 0 });\n        case '/healthz':\n",
      );
    },
    test: ordersTest('      service.server.closeAllConnections();\n      service.server.close();'),
    frameworkMarker: "        case '/healthz':\n",
  },
  {
    framework: 'fastify',
    endpoint: (dir) =>
      edit(
        dir,
        'src/service.ts',
        "  app.get('/healthz', async () => ({ status: 'ok' }));\n",
        "  app.get('/orders/count', async () => ({ count: 0 }));\n  app.get('/healthz', async () => ({ status: 'ok' }));\n",
      ),
    test: ordersTest("      assert.equal(await service.shutdown('test'), 0);"),
    frameworkMarker: "from 'fastify';",
  },
];

describe.each(VARIANTS)('update of an edited Node ($framework) service, then verify', (variant) => {
  let A: TemplateSet;
  let B: TemplateSet;

  beforeAll(() => {
    ({ A, B } = templateVersions(`update-verify-${variant.framework}-`));
    // Version B changes the line the team changes, the file the team adds an endpoint to (in the
    // layer that variant's src/service.ts comes from), and a file both variants take from node/.
    edit(
      B.root,
      'node/src/service.ts',
      'so tests can run several in one process.',
      'so tests can run several at once.',
    );
    edit(
      B.root,
      'node-fastify/src/service.ts',
      'so tests can run several in one process.',
      'so tests can run several at once.',
    );
    edit(
      B.root,
      'node/src/server.ts',
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
    variant.endpoint(dir);
    fs.appendFileSync(path.join(dir, 'test/service.test.ts'), variant.test);
    teamReplicaCount(dir);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'Team edits');

    const updated = runGenerator(['update', dir, '--from', A.root, '--to', B.root]);
    // Exit 1: updated, with the replica count to resolve.
    expect(updated.code, updated.stderr).toBe(1);
    expect(updated.stdout).toMatch(/conflict +deploy\/chart\/values\.yaml/);
    expect(updated.stdout).toMatch(/merged +src\/service\.ts/);
    expect(updated.stdout).toMatch(/updated +src\/server\.ts/);
    // Both sides' changes, on the same framework.
    const merged = fs.readFileSync(service, 'utf8');
    expect(merged).toContain('so tests can run several at once.');
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
    keepTeamReplicaCount(dir);

    // Verified: its build step ran the service's tests, the team's new one among them.
    if (!(await expectVerified(dir, `update: verify the merged ${variant.framework} service`))) return;
    expect(fs.readFileSync(path.join(dir, 'test/service.test.ts'), 'utf8')).toContain("'/orders/count'");
  });
});
