// `update` with real edits on Go and Python services (the Node cases, node:http and Fastify, are
// in update.test.ts): a service generated from template version A gets a team's edits (an endpoint
// and its test, values.yaml, a workflow step, a deleted file), is updated to version B (which
// changes the same and other files, and adds one), the one true conflict is resolved as a team
// would, and the merged service must still build, pass its tests (the team's new one included) and
// pass `distroless-validate service` with the native engine.
import fs from 'node:fs';
import path from 'node:path';
import { checkAnswers, defaults, generate, type TemplateSet } from 'create-distroless-service';
import { beforeAll, describe, expect, it } from 'vitest';
import { edit } from './support/edit.js';
import { runGenerator, tempDir } from './support/generator.js';
import { git } from './support/git.js';
import { findGo, findPython, requireTool, skipWithout, withSandbox, type Tool } from './support/toolchain.js';
import { expectVerified, keepTeamReplicaCount, teamReplicaCount, templateVersions } from './support/update.js';

interface Language {
  lang: 'go' | 'python';
  tool: () => Tool;
  /** Version B's change to the file the team adds an endpoint to, away from the endpoint. */
  server: { file: string; from: string; to: string };
  /** The team's endpoint, its test, and where the workflow runs the tests. */
  endpoint: (dir: string) => void;
  test: { file: string; text: string };
  testsStep: string;
}

const LANGUAGES: Language[] = [
  {
    lang: 'go',
    tool: findGo,
    server: {
      file: 'go/server.go',
      from: 'headersTimeout = 10 * time.Second',
      to: 'headersTimeout = 12 * time.Second',
    },
    endpoint: (dir) =>
      edit(
        dir,
        'server.go',
        '\thandle("/readyz", ',
        '\thandle("/orders/count", func(w http.ResponseWriter, _ *http.Request) {\n' +
          '\t\twriteJSON(w, http.StatusOK, map[string]int{"count": 0})\n\t})\n\thandle("/readyz", ',
      ),
    test: {
      file: 'server_test.go',
      text:
        '\nfunc TestOrdersCount(t *testing.T) {\n' +
        '\ts := New(testConfig(0, time.Second), quietLogger())\n' +
        '\tif got := status(t, s.Handler(), "/orders/count"); got != http.StatusOK {\n' +
        '\t\tt.Fatalf("/orders/count = %d, want 200", got)\n\t}\n}\n',
    },
    testsStep: '        run: go mod verify && go vet ./... && go test ./...\n',
  },
  {
    lang: 'python',
    tool: findPython,
    server: { file: 'python/app/server.py', from: 'HEADERS_TIMEOUT_SECONDS = 10', to: 'HEADERS_TIMEOUT_SECONDS = 12' },
    endpoint: (dir) => {
      edit(
        dir,
        'app/server.py',
        '    async def readyz(request):\n',
        '    async def orders_count(request):\n        return _json(200, {"count": 0})\n\n    async def readyz(request):\n',
      );
      edit(
        dir,
        'app/server.py',
        '        Route("/readyz", readyz, methods=["GET"]),\n',
        '        Route("/orders/count", orders_count, methods=["GET"]),\n        Route("/readyz", readyz, methods=["GET"]),\n',
      );
    },
    test: {
      file: 'tests/test_service.py',
      text:
        '\n\nclass OrdersTest(unittest.TestCase):\n' +
        '    def test_orders_count(self):\n' +
        '        running = Running()\n' +
        '        try:\n' +
        '            status, body = get(running.port, "/orders/count")\n' +
        '            self.assertEqual(status, 200)\n' +
        '            self.assertEqual(json.loads(body), {"count": 0})\n' +
        '        finally:\n' +
        '            running.stop()\n',
    },
    testsStep: '          .venv/bin/python -m unittest discover -s tests -v\n',
  },
];

describe.each(LANGUAGES)('update of an edited $lang service', (language) => {
  const tool = withSandbox(language.tool());
  const skipped = skipWithout(tool, `update of an edited ${language.lang} service, built and verified`);
  let A: TemplateSet;
  let B: TemplateSet;

  beforeAll(() => {
    ({ A, B } = templateVersions(`e2e-update-${language.lang}-`));
    edit(B.root, language.server.file, language.server.from, language.server.to);
    edit(B.root, 'shared/_github/workflows/ci.yml.hbs', 'timeout-minutes: 15', 'timeout-minutes: 25');
    fs.writeFileSync(
      path.join(B.root, 'shared/SECURITY.md.hbs'),
      '# Security\n\nReport vulnerabilities in {{name}} to {{owner}}.\n',
    );
  });

  it.skipIf(skipped)(
    'merges, and after the conflict is resolved builds, passes its tests and distroless-validate service',
    { timeout: 600_000 },
    async () => {
      requireTool(tool);
      const dir = path.join(tempDir(`e2e-update-svc-`), 'orders');
      const answers = checkAnswers({ ...defaults('orders'), lang: language.lang, owner: '@acme/payments' });
      await generate({ dir, answers, templates: A, git: true });
      // The team's edits, committed.
      language.endpoint(dir);
      fs.appendFileSync(path.join(dir, language.test.file), language.test.text);
      teamReplicaCount(dir);
      edit(
        dir,
        '.github/workflows/ci.yml',
        language.testsStep,
        language.testsStep + '      - name: Licence check\n        run: echo "licences reviewed"\n',
      );
      fs.rmSync(path.join(dir, 'catalog-info.yaml'));
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'Team edits');

      const r = runGenerator(['update', dir, '--from', A.root, '--to', B.root]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/conflict +deploy\/chart\/values\.yaml/);
      expect(r.stdout).toMatch(/merged +\.github\/workflows\/ci\.yml/);
      expect(r.stdout).toMatch(/added +SECURITY\.md/);

      // Both sides' changes are in the merged files.
      const server = path.join(dir, path.relative(language.lang, language.server.file));
      const merged = fs.readFileSync(server, 'utf8');
      expect(merged).toContain(language.server.to);
      expect(merged).toContain('/orders/count');
      const workflow = fs.readFileSync(path.join(dir, '.github/workflows/ci.yml'), 'utf8');
      expect(workflow).toContain('timeout-minutes: 25');
      expect(workflow).toContain('Licence check');
      expect(fs.existsSync(path.join(dir, 'catalog-info.yaml'))).toBe(false);
      expect(fs.readFileSync(path.join(dir, language.test.file), 'utf8')).toContain(language.test.text);

      // Resolved as the team would: keep their replica count.
      keepTeamReplicaCount(dir);

      // Verified: its build step ran the service's tests, the team's new one among them.
      await expectVerified(dir, `verify the merged ${language.lang} service`);
    },
  );
});
