// `update` with real edits: a service generated from template version A is edited the way a team
// would (an endpoint and its test, a values.yaml change, a workflow step, a deleted file, a new
// file), then updated to version B, which changes some of the same files and others, adds, deletes
// and moves files. The merged tree is asserted file by file, conflict markers included. That such a
// result still builds and passes the validator is tested in tests/e2e (test/update.test.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseRecord, RECORD_FILE } from '@distroless-service/record';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Answers } from '../src/answers.js';
import { parseImage } from '../src/digests.js';
import { generate } from '../src/generate.js';
import { render } from '../src/render.js';
import { hashTemplates, locateTemplates, type ImageSet, type TemplateSet } from '../src/templates.js';
import { conflictStarts } from '../src/update/markers.js';
import { planMerge } from '../src/update/merge.js';
import { update, UpdateError } from '../src/update/update.js';
import { CLI, froms, listTree, runCli, runCliAsync, snapshot, tempDir } from './support/cli.js';
import { serve, type Loopback } from './support/loopback.js';
import { copyTemplates, editFile, replaceOnce, withNodeRuntime } from './support/templates.js';

const TODAY = new Date('2026-01-15T12:00:00Z');
const ANSWERS: Answers = {
  name: 'orders',
  lang: 'node',
  description: 'Orders "API" & co',
  owner: '@acme/payments',
  port: 8080,
  base: 'distroless',
  adrStatus: 'proposed',
};
const IDENTITY = ['-c', 'user.name=Test', '-c', 'user.email=test@localhost', '-c', 'commit.gpgsign=false'];

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', [...IDENTITY, ...args], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
}

/** Edits a service's record (as an older generator wrote it) and commits it; returns the record written. */
function editRecord(dir: string, change: (record: Record<string, unknown>) => void): Record<string, unknown> {
  const file = path.join(dir, RECORD_FILE);
  const record = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(record);
  fs.writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
  git(dir, 'commit', '-qam', 'an older record');
  return record;
}

// The team's edits, as functions of a file's text, so the expected merge can apply them to version B.
const team = {
  // A route is named in the list of known paths (its metrics label) and answered in the switch.
  endpoint: (text: string) =>
    replaceOnce(
      replaceOnce(text, "const known = ['/healthz',", "const known = ['/orders/count', '/healthz',", 'service.ts'),
      "        case '/healthz':\n",
      "        case '/orders/count':\n          return send(200, { count: 0 });\n        case '/healthz':\n",
      'service.ts',
    ),
  endpointTest: (text: string) =>
    text +
    `
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
  workflowStep: (text: string) =>
    replaceOnce(
      text,
      '        run: npm ci && npm run build && npm test\n',
      '        run: npm ci && npm run build && npm test\n      - name: Licence check\n        run: npx --yes license-checker --production --summary\n',
      'ci.yml',
    ),
  codeowners: (text: string) => text + '/deploy/ @acme/sre\n',
};

describe('update', () => {
  let work = '';
  let A: TemplateSet;
  let B: TemplateSet;

  beforeAll(() => {
    work = tempDir('update-');
    A = copyTemplates(path.join(work, 'A'), '1.0.0');
    B = copyTemplates(path.join(work, 'B'), '1.1.0');
    const b = (file: string) => path.join(B.root, file);
    // The same line the team changes (a true conflict), and another line in the same file.
    editFile(b('shared/deploy/chart/values.yaml.hbs'), 'replicaCount: 2\n', 'replicaCount: 3\n');
    editFile(
      b('shared/deploy/chart/values.yaml.hbs'),
      '# Pod-level switch; also set on the ServiceAccount above.',
      '# Pod-level switch, also set on the ServiceAccount above.',
    );
    // The file the team adds an endpoint to, away from the endpoint.
    editFile(b('node/src/service.ts'), 'so tests can run several in one process.', 'so tests can run several at once.');
    // The Fastify server, which an http service never gets.
    editFile(
      b('node-fastify/src/service.ts'),
      'so tests can run several in one process.',
      'so tests run several side by side.',
    );
    // A module node/ shares with the Fastify overlay: both variants get it.
    editFile(b('node/src/drain.ts'), 'REQUEST_TIMEOUT_MS = 90_000;', 'REQUEST_TIMEOUT_MS = 95_000;');
    // The workflow the team adds a step to, in another job setting.
    editFile(b('shared/_github/workflows/ci.yml.hbs'), 'timeout-minutes: 15', 'timeout-minutes: 20');
    // A file the team never touched.
    editFile(b('node/Dockerfile.hbs'), 'COPY test ./test\n', 'COPY test ./test\n# The unit tests gate the image.\n');
    // A file the team deleted.
    editFile(b('shared/catalog-info.yaml.hbs'), 'lifecycle: experimental', 'lifecycle: production');
    // Added, deleted and moved template files.
    fs.writeFileSync(b('shared/SECURITY.md.hbs'), '# Security\n\nReport vulnerabilities in {{name}} to {{owner}}.\n');
    fs.rmSync(b('shared/deploy/chart/templates/NOTES.txt'));
    fs.renameSync(b('shared/CODEOWNERS.hbs'), b('shared/_github/CODEOWNERS.hbs'));
  });

  /** A service from version A with the team's edits committed. */
  async function editedService(name = 'svc'): Promise<string> {
    const dir = path.join(tempDir('update-svc-'), name);
    await generate({ dir, answers: ANSWERS, templates: A, today: TODAY, git: true });
    const edit = (file: string, change: (text: string) => string) =>
      fs.writeFileSync(path.join(dir, file), change(fs.readFileSync(path.join(dir, file), 'utf8')));
    edit('src/service.ts', team.endpoint);
    edit('test/service.test.ts', team.endpointTest);
    edit('deploy/chart/values.yaml', (t) => replaceOnce(t, 'replicaCount: 2\n', 'replicaCount: 4\n', 'values.yaml'));
    edit('.github/workflows/ci.yml', team.workflowStep);
    edit('CODEOWNERS', team.codeowners);
    fs.rmSync(path.join(dir, 'catalog-info.yaml'));
    fs.mkdirSync(path.join(dir, 'docs', 'runbook'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'docs', 'runbook', 'index.md'), '# Runbook\n\nPage the payments on-call.\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'Team edits');
    return dir;
  }

  /** What the service must hold after the update: version B rendered, with the team's edits merged in. */
  async function expectedTree(): Promise<Map<string, string>> {
    const rendered = await render(ANSWERS, { templates: B, today: TODAY, precompiled: false });
    const tree = new Map([...rendered].map(([file, content]) => [file, content.toString('utf8')]));
    const change = (file: string, fn: (text: string) => string) => tree.set(file, fn(tree.get(file)!));
    change('src/service.ts', team.endpoint);
    change('test/service.test.ts', team.endpointTest);
    change('.github/workflows/ci.yml', team.workflowStep);
    change('.github/CODEOWNERS', team.codeowners);
    change('deploy/chart/values.yaml', (t) =>
      replaceOnce(
        t,
        'replicaCount: 3\n',
        `<<<<<<< yours\nreplicaCount: 4\n=======\nreplicaCount: 3\n>>>>>>> template 1.1.0 (${B.root})\n`,
        'values.yaml',
      ),
    );
    // Deleted by the team and changed by the template: the template's version is left beside it.
    tree.set('catalog-info.yaml.template-new', tree.get('catalog-info.yaml')!);
    tree.delete('catalog-info.yaml');
    tree.set('docs/runbook/index.md', '# Runbook\n\nPage the payments on-call.\n');
    tree.delete(RECORD_FILE);
    return tree;
  }

  /** Keeps "yours" in every conflict of a file, as a person resolving it might. */
  function resolveAsYours(file: string): void {
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace(/^<{7} .*\n([\s\S]*?)^={7}\n[\s\S]*?^>{7} .*\n/gm, '$1'));
  }

  const files = (dir: string) => listTree(dir).filter((f) => !f.startsWith(`.git${path.sep}`));

  it('merges version B into the edited service: exact tree, markers for the true conflict', async () => {
    const dir = await editedService();
    const result = await update({ dir, from: A.root, to: B.root });

    expect(result.status).toBe('conflicts');
    const outcomes = Object.fromEntries(
      result.changes.map((c) => [c.path, c.conflict ? `${c.outcome}:${c.conflict}` : c.outcome]),
    );
    expect(outcomes).toMatchObject({
      'deploy/chart/values.yaml': 'conflict:content',
      'catalog-info.yaml': 'conflict:deleted-modified',
      'src/service.ts': 'merged',
      '.github/workflows/ci.yml': 'merged',
      '.github/CODEOWNERS': 'renamed',
      'SECURITY.md': 'added',
      'deploy/chart/templates/NOTES.txt': 'deleted',
      Dockerfile: 'updated',
    });
    expect(result.changes.find((c) => c.path === '.github/CODEOWNERS')?.from).toBe('CODEOWNERS');
    // Files the team added or that neither side changed are not listed.
    expect(outcomes).not.toHaveProperty('docs/runbook/index.md');
    expect(outcomes).not.toHaveProperty('test/service.test.ts');

    const expected = await expectedTree();
    expect(files(dir)).toEqual([...expected.keys(), RECORD_FILE].map((f) => f.split('/').join(path.sep)).sort());
    for (const [file, content] of expected) {
      expect(fs.readFileSync(path.join(dir, file), 'utf8'), file).toBe(content);
    }
    const record = parseRecord(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8'));
    expect(record).toEqual({
      generator: 'create-distroless-service',
      templateVersion: '1.1.0',
      templateHash: hashTemplates(B, 'node'),
      generated: '2026-01-15',
      // A Node service's record names its framework, the default one included.
      answers: { ...ANSWERS, framework: 'http' },
    });
    // The team's commit is untouched: the update is there to review as a diff.
    expect(git(dir, 'log', '--format=%s')).toBe('Team edits\nInitial commit from create-distroless-service\n');
  });

  it('without git, merges with node-diff3 into the same tree', async () => {
    const dir = await editedService();
    const result = await update({ dir, from: A.root, to: B.root, git: 'no-such-git-here' });
    expect(result.notes).toContain('git not found: merging with node-diff3 instead of git merge-file');
    expect(result.status).toBe('conflicts');
    const expected = await expectedTree();
    expect(files(dir)).toEqual([...expected.keys(), RECORD_FILE].map((f) => f.split('/').join(path.sep)).sort());
    for (const [file, content] of expected) {
      expect(fs.readFileSync(path.join(dir, file), 'utf8'), file).toBe(content);
    }
  });

  it.each([
    ['git merge-file', 'git'],
    ['node-diff3', 'no-such-git-here'],
  ])('a CRLF checkout (core.autocrlf=true) is no edit: the same merge, written in CRLF (%s)', async (_, mergeGit) => {
    const dir = await editedService();
    // As a Windows clone: every text file checked out with CRLF, and git status clean.
    git(dir, 'config', 'core.autocrlf', 'true');
    git(dir, 'rm', '-rq', '--cached', '.');
    for (const file of git(dir, 'ls-tree', '-r', '--name-only', 'HEAD').trim().split('\n')) {
      fs.rmSync(path.join(dir, file));
    }
    git(dir, 'checkout', '-q', 'HEAD', '--', '.');
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('\r\n');
    expect(git(dir, 'status', '--porcelain')).toBe('');

    const result = await update({ dir, from: A.root, to: B.root, git: mergeGit });
    const outcomes = Object.fromEntries(
      result.changes.map((c) => [c.path, c.conflict ? `${c.outcome}:${c.conflict}` : c.outcome]),
    );
    expect(outcomes).toMatchObject({
      'deploy/chart/values.yaml': 'conflict:content',
      'src/service.ts': 'merged',
      '.github/workflows/ci.yml': 'merged',
      '.github/CODEOWNERS': 'renamed',
      'SECURITY.md': 'added',
      'deploy/chart/templates/NOTES.txt': 'deleted',
      Dockerfile: 'updated',
    });
    expect(result.changes.filter((c) => c.outcome === 'conflict').map((c) => c.path)).toEqual([
      'catalog-info.yaml',
      'deploy/chart/values.yaml',
    ]);
    // Every file the team has is CRLF, as it was; the one the template adds is as the template has it.
    const expected = await expectedTree();
    expect(files(dir)).toEqual([...expected.keys(), RECORD_FILE].map((f) => f.split('/').join(path.sep)).sort());
    for (const [file, content] of expected) {
      const written = file === 'SECURITY.md' || file.endsWith('.template-new');
      const crlf = written ? content : content.replaceAll('\n', '\r\n');
      expect(fs.readFileSync(path.join(dir, file), 'utf8'), file).toBe(crlf);
    }
    expect(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8')).toMatch(/^\{\r\n[^]*"1\.1\.0",\r\n[^]*\}\r\n$/);
  });

  it('a file an editor converted to CRLF, with one real edit: only that edit is merged, the file stays CRLF', async () => {
    const dir = await editedService();
    const file = path.join(dir, 'deploy/chart/values.yaml');
    const edited = fs.readFileSync(file, 'utf8').replace('cpu: 50m', 'cpu: 75m');
    expect(edited).toContain('cpu: 75m');
    fs.writeFileSync(file, edited.replaceAll('\n', '\r\n'));
    git(dir, 'commit', '-qam', 'CRLF values');
    await update({ dir, from: A.root, to: B.root });
    const expected = (await expectedTree()).get('deploy/chart/values.yaml')!.replace('cpu: 50m', 'cpu: 75m');
    expect(fs.readFileSync(file, 'utf8')).toBe(expected.replaceAll('\n', '\r\n'));
  });

  it('a file the team deleted and the template changed: the template version is left beside it, listed until removed', async () => {
    const dir = await editedService();
    const r = runCli(['update', '--from', A.root, '--to', B.root], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(
      "  conflict  catalog-info.yaml  (you deleted it, the template changed it: left deleted, the template's version is in catalog-info.yaml.template-new; apply what you need, then delete that file)\n",
    );
    expect(fs.existsSync(path.join(dir, 'catalog-info.yaml'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'catalog-info.yaml.template-new'), 'utf8')).toContain(
      'lifecycle: production',
    );
    // Committed as it is, the service is not current: --check lists the file, and update refuses.
    resolveAsYours(path.join(dir, 'deploy/chart/values.yaml'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'Update to 1.1.0');
    const check = await update({ dir, to: B.root, check: true });
    expect(check.markers).toEqual([{ path: 'catalog-info.yaml.template-new', line: 0 }]);
    await expect(update({ dir, to: B.root, set: { port: 9090 } })).rejects.toThrow(
      'unresolved conflicts from an earlier update in catalog-info.yaml.template-new; resolve them',
    );
    git(dir, 'rm', '-q', 'catalog-info.yaml.template-new');
    git(dir, 'commit', '-q', '-m', 'No catalog');
    expect((await update({ dir, to: B.root, check: true })).markers).toEqual([]);
  });

  it('a binary file both changed: yours is kept, the template version is left beside it, listed until removed', async () => {
    const root = tempDir('update-binary-');
    const bin = (text: string) => Buffer.from(`\0\n${text}`);
    const v1 = copyTemplates(path.join(root, '2.0.0'), '2.0.0');
    fs.writeFileSync(path.join(v1.root, 'node/logo.bin'), bin('v1'));
    fs.writeFileSync(path.join(v1.root, 'node/icon.bin'), bin('a\nb\nc\nv1\n'));
    const v2 = copyTemplates(path.join(root, '2.1.0'), '2.1.0');
    fs.writeFileSync(path.join(v2.root, 'node/logo.bin'), bin('v2'));
    // Moved as well as changed: the team's file stays where it is, the template's goes beside the new path.
    fs.mkdirSync(path.join(v2.root, 'node/img'));
    fs.writeFileSync(path.join(v2.root, 'node/img/icon.bin'), bin('a\nb\nc\nv2\n'));
    const dir = path.join(root, 'svc');
    await generate({ dir, answers: ANSWERS, templates: v1, today: TODAY, git: true });
    fs.writeFileSync(path.join(dir, 'logo.bin'), bin('team'));
    fs.writeFileSync(path.join(dir, 'icon.bin'), bin('a\nb\nc\nteam\n'));
    git(dir, 'commit', '-qam', 'Our logo and icon');

    const r = runCli(['update', 'svc', '--from', v1.root, '--to', v2.root], { cwd: root });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(
      "  conflict  logo.bin  (not text, changed on both sides: kept yours, the template's version is in logo.bin.template-new; apply what you need, then delete that file)\n",
    );
    expect(r.stdout).toContain(
      "  conflict  icon.bin -> img/icon.bin  (not text, changed on both sides: kept yours, the template's version is in img/icon.bin.template-new;",
    );
    expect(fs.readFileSync(path.join(dir, 'logo.bin'))).toEqual(bin('team'));
    expect(fs.readFileSync(path.join(dir, 'logo.bin.template-new'))).toEqual(bin('v2'));
    expect(fs.readFileSync(path.join(dir, 'icon.bin'))).toEqual(bin('a\nb\nc\nteam\n'));
    expect(fs.readFileSync(path.join(dir, 'img/icon.bin.template-new'))).toEqual(bin('a\nb\nc\nv2\n'));
    // Committed as they are, the service is not current until the files beside are deleted.
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'Update to 2.1.0');
    const check = runCli(['update', 'svc', '--check', '--to', v2.root], { cwd: root });
    expect([check.code, check.stdout]).toEqual([
      1,
      'svc holds unresolved conflicts from an earlier update; resolve them, then commit:\n' +
        '  img/icon.bin.template-new\n  logo.bin.template-new\n',
    ]);
    git(dir, 'rm', '-q', 'logo.bin.template-new', 'img/icon.bin.template-new');
    git(dir, 'commit', '-q', '-m', 'Our logo and icon stay');
    expect((await update({ dir, to: v2.root, check: true })).markers).toEqual([]);
  });

  it('a file the team moved (git mv) gets the template change at its new path, merged with its edits', async () => {
    const dir = await editedService();
    git(dir, 'mv', 'src/drain.ts', 'src/shutdown.ts');
    git(dir, 'mv', 'Dockerfile', 'Containerfile');
    git(dir, 'mv', 'deploy/chart/templates/NOTES.txt', 'deploy/chart/templates/INFO.txt');
    fs.appendFileSync(path.join(dir, 'Containerfile'), '# ours\n');
    git(dir, 'commit', '-qam', 'Moved');
    const result = await update({ dir, from: A.root, to: B.root });
    const of = (file: string) => result.changes.find((c) => c.path === file);
    expect(of('src/shutdown.ts')).toMatchObject({ outcome: 'updated', templatePath: 'src/drain.ts' });
    expect(of('Containerfile')).toMatchObject({ outcome: 'merged', templatePath: 'Dockerfile' });
    // The template removed NOTES.txt: the team's unchanged copy goes too.
    expect(of('deploy/chart/templates/INFO.txt')).toMatchObject({
      outcome: 'deleted',
      templatePath: 'deploy/chart/templates/NOTES.txt',
    });
    expect(result.changes.map((c) => c.path)).not.toContain('src/drain.ts');
    expect(fs.readFileSync(path.join(dir, 'src/shutdown.ts'), 'utf8')).toContain('REQUEST_TIMEOUT_MS = 95_000;');
    const containerfile = fs.readFileSync(path.join(dir, 'Containerfile'), 'utf8');
    expect(containerfile).toContain('# The unit tests gate the image.\n');
    expect(containerfile.endsWith('# ours\n')).toBe(true);
    for (const gone of [
      'src/drain.ts',
      'Dockerfile',
      'Dockerfile.template-new',
      'src/drain.ts.template-new',
      'deploy/chart/templates/INFO.txt',
    ]) {
      expect(fs.existsSync(path.join(dir, gone)), gone).toBe(false);
    }
  });

  it('without git, a moved file is found by walking the service (node_modules and .git left out)', async () => {
    const dir = await editedService();
    fs.renameSync(path.join(dir, 'src/drain.ts'), path.join(dir, 'src/shutdown.ts'));
    // A copy under node_modules is no candidate, even with the same name.
    fs.mkdirSync(path.join(dir, 'node_modules/x'), { recursive: true });
    fs.copyFileSync(path.join(dir, 'src/shutdown.ts'), path.join(dir, 'node_modules/x/drain.ts'));
    const result = await update({ dir, from: A.root, to: B.root, git: 'no-such-git-here', force: true });
    expect(result.changes.find((c) => c.templatePath === 'src/drain.ts')).toMatchObject({
      path: 'src/shutdown.ts',
      outcome: 'updated',
    });
    expect(fs.readFileSync(path.join(dir, 'src/shutdown.ts'), 'utf8')).toContain('REQUEST_TIMEOUT_MS = 95_000;');
    expect(fs.readFileSync(path.join(dir, 'node_modules/x/drain.ts'), 'utf8')).not.toContain('95_000');
  });

  it('a file the template adds in a folder the team moved goes into the moved folder; one the team removed gets it aside', async () => {
    const C = copyTemplates(path.join(tempDir('update-c-'), 'C'), '1.2.0');
    fs.cpSync(B.root, C.root, { recursive: true });
    fs.writeFileSync(path.join(C.root, 'package.json'), JSON.stringify({ name: 'templates', version: '1.2.0' }) + '\n');
    const configmap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: orders\n';
    fs.writeFileSync(path.join(C.root, 'shared/deploy/chart/templates/configmap.yaml'), configmap);

    const dir = await editedService();
    fs.mkdirSync(path.join(dir, 'charts'));
    git(dir, 'mv', 'deploy/chart', 'charts/mv');
    git(dir, 'commit', '-qm', 'Move the chart');
    const result = await update({ dir, from: A.root, to: C.root });
    const of = (file: string) => result.changes.find((c) => c.path === file);
    expect(of('charts/mv/templates/configmap.yaml')).toMatchObject({
      outcome: 'added',
      templatePath: 'deploy/chart/templates/configmap.yaml',
    });
    expect(of('charts/mv/values.yaml')).toMatchObject({
      outcome: 'conflict',
      conflict: 'content',
      templatePath: 'deploy/chart/values.yaml',
    });
    expect(fs.readFileSync(path.join(dir, 'charts/mv/templates/configmap.yaml'), 'utf8')).toBe(configmap);
    expect(fs.readFileSync(path.join(dir, 'charts/mv/values.yaml'), 'utf8')).toContain(
      '<<<<<<< yours\nreplicaCount: 4\n',
    );
    // No stray partial chart where the old one was (git mv leaves the empty deploy/ folder).
    expect(fs.existsSync(path.join(dir, 'deploy/chart'))).toBe(false);

    // Removed outright: a conflict, and the new file is left aside for a person.
    const gone = await editedService();
    git(gone, 'rm', '-rq', 'deploy/chart');
    git(gone, 'commit', '-qm', 'No chart: deployed by the platform');
    const r = runCli(['update', '--from', A.root, '--to', C.root], { cwd: gone });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(
      '  conflict  deploy/chart/templates/configmap.yaml  (the template added it in deploy/chart/templates/, which you removed: not written there, it is in deploy/chart/templates/configmap.yaml.template-new; move it where it belongs or delete it)\n',
    );
    expect(fs.existsSync(path.join(gone, 'deploy/chart/templates/configmap.yaml'))).toBe(false);
  });

  it('files the template leaves as they were are not read: one too large to merge, or a link, is no reason to refuse', async () => {
    // C adds a file in deploy/chart/templates/ and changes nothing else of A.
    const C = copyTemplates(path.join(tempDir('update-c-'), 'C'), '1.2.0');
    const configmap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: orders\n';
    fs.writeFileSync(path.join(C.root, 'shared/deploy/chart/templates/configmap.yaml'), configmap);
    const dir = path.join(tempDir('update-svc-'), 'svc');
    await generate({ dir, answers: ANSWERS, templates: A, today: TODAY, git: true });
    const at = (file: string) => path.join(dir, file);
    fs.appendFileSync(at('package-lock.json'), ' '.repeat(17 * 1024 * 1024));
    fs.renameSync(at('tsconfig.json'), at('tsconfig.base.json'));
    fs.symlinkSync('tsconfig.base.json', at('tsconfig.json'));
    // The folder C adds to still holds a template file, a link (looked at to tell whether the team removed the folder).
    fs.rmSync(at('deploy/chart/templates/NOTES.txt'));
    fs.renameSync(at('deploy/chart/templates/_helpers.tpl'), at('helpers.tpl'));
    fs.symlinkSync('../../../helpers.tpl', at('deploy/chart/templates/_helpers.tpl'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'A large lock file and links');
    const lockSize = fs.statSync(at('package-lock.json')).size;

    const result = await update({ dir, from: A.root, to: C.root });
    expect(result.status).toBe('updated');
    const outcomes = Object.fromEntries(result.changes.map((c) => [c.path, c.outcome]));
    expect(outcomes).toMatchObject({ 'deploy/chart/templates/configmap.yaml': 'added' });
    for (const file of ['package-lock.json', 'tsconfig.json', 'deploy/chart/templates/_helpers.tpl']) {
      expect(outcomes).not.toHaveProperty([file]);
    }
    expect(fs.readFileSync(at('deploy/chart/templates/configmap.yaml'), 'utf8')).toBe(configmap);
    expect(fs.statSync(at('package-lock.json')).size).toBe(lockSize);
    expect(fs.readlinkSync(at('tsconfig.json'))).toBe('tsconfig.base.json');
    expect(fs.readlinkSync(at('deploy/chart/templates/_helpers.tpl'))).toBe('../../../helpers.tpl');
  });

  it('a file the template changes is refused when it is a link or too large to merge, changing nothing', async () => {
    const dir = path.join(tempDir('update-svc-'), 'svc');
    await generate({ dir, answers: ANSWERS, templates: A, today: TODAY, git: true });
    const dockerfile = path.join(dir, 'Dockerfile');
    fs.renameSync(dockerfile, path.join(dir, 'Containerfile'));
    fs.symlinkSync('Containerfile', dockerfile);
    let before = snapshot(dir);
    await expect(update({ dir, from: A.root, to: B.root })).rejects.toThrow(
      `${dockerfile} is not a regular file, but the template has a file there; move it and retry`,
    );
    expect(snapshot(dir)).toBe(before);
    fs.rmSync(dockerfile);
    fs.renameSync(path.join(dir, 'Containerfile'), dockerfile);
    fs.appendFileSync(dockerfile, '#'.repeat(17 * 1024 * 1024) + '\n');
    before = snapshot(dir);
    await expect(update({ dir, from: A.root, to: B.root })).rejects.toThrow(
      `cannot merge ${dockerfile}: it is ${fs.statSync(dockerfile).size} bytes; the limit is 16777216`,
    );
    expect(snapshot(dir)).toBe(before);
  });

  it('--check says behind before the update and current after it; a second update is a no-op', async () => {
    const dir = await editedService();
    expect((await update({ dir, to: B.root, check: true })).status).toBe('behind');
    await update({ dir, from: A.root, to: B.root });
    resolveAsYours(path.join(dir, 'deploy/chart/values.yaml'));
    fs.rmSync(path.join(dir, 'catalog-info.yaml.template-new'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'Update to 1.1.0');
    const check = await update({ dir, to: B.root, check: true });
    expect([check.status, check.markers]).toEqual(['current', []]);
    const before = snapshot(dir);
    const again = await update({ dir, to: B.root });
    expect(again.status).toBe('current');
    expect(again.changes).toEqual([]);
    expect(snapshot(dir)).toBe(before);
  });

  it('--check lists the conflicts an earlier update left unresolved (exit 1); update refuses to merge over them without --force (exit 2)', async () => {
    const dir = await editedService();
    expect((await update({ dir, from: A.root, to: B.root })).status).toBe('conflicts');
    // Committed as they are, markers and all (the deleted catalog stays deleted).
    fs.rmSync(path.join(dir, 'catalog-info.yaml.template-new'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'Update to 1.1.0');
    const values = path.join(dir, 'deploy/chart/values.yaml');
    const line = fs.readFileSync(values, 'utf8').split('\n').indexOf('<<<<<<< yours') + 1;
    expect(line).toBeGreaterThan(0);
    // A Markdown heading underlined with seven '=' is no conflict.
    fs.appendFileSync(path.join(dir, 'README.md'), '\nNotes\n=======\n\nNone yet.\n');
    git(dir, 'commit', '-qam', 'Notes');
    const check = await update({ dir, to: B.root, check: true });
    expect([check.status, check.markers]).toEqual(['current', [{ path: 'deploy/chart/values.yaml', line }]]);
    let r = runCli(['update', '--check', '--to', B.root], { cwd: dir });
    expect([r.code, r.stdout.trim()]).toEqual([
      1,
      `. holds unresolved conflict markers from an earlier update; resolve them, then commit:\n  deploy/chart/values.yaml:${line}`,
    ]);

    // Any update that would merge (here a changed answer), its dry run too, refuses and writes nothing.
    const before = snapshot(dir);
    r = runCli(['update', '--to', B.root, '--set', 'port=9090'], { cwd: dir });
    expect([r.code, r.stderr.trim()]).toEqual([
      2,
      `create-distroless-service update: unresolved conflict markers from an earlier update in deploy/chart/values.yaml:${line}; ` +
        'resolve them (and commit) first, or pass --force to merge over them',
    ]);
    await expect(update({ dir, to: B.root, set: { port: 9090 }, dryRun: true })).rejects.toThrow(
      /unresolved conflict markers/,
    );
    expect(snapshot(dir)).toBe(before);
    const forced = await update({ dir, to: B.root, set: { port: 9090 }, force: true });
    expect(forced.status).toBe('updated');
    expect(forced.notes).toContain(
      `merging over unresolved conflict markers (--force): deploy/chart/values.yaml:${line}`,
    );

    // Resolved and committed: current again.
    git(dir, 'checkout', '-q', '--', '.');
    resolveAsYours(values);
    git(dir, 'commit', '-qam', 'Resolved');
    r = runCli(['update', '--check', '--to', B.root], { cwd: dir });
    expect([r.code, r.stdout.trim()]).toEqual([0, `. is up to date with template 1.1.0 (${B.root})`]);
  });

  it('--check tells templates of the same version apart by their hash', async () => {
    const dir = await editedService();
    const patched = copyTemplates(path.join(tempDir('update-same-'), 'A2'), '1.0.0');
    editFile(path.join(patched.root, 'node/Dockerfile.hbs'), 'COPY test ./test\n', 'COPY test ./test\n# patched\n');
    const result = await update({ dir, to: patched.root, check: true });
    expect(result.status).toBe('behind');
    expect(result.from).toBe(`1.0.0 (${hashTemplates(A, 'node').slice(0, 19)})`);
    expect(result.to).toBe(`1.0.0 (${patched.root}) (${hashTemplates(patched, 'node').slice(0, 19)})`);
  });

  it('--dry-run prints the unified diff, conflict markers included, and writes nothing', async () => {
    const dir = await editedService();
    const before = snapshot(dir);
    const result = await update({ dir, from: A.root, to: B.root, dryRun: true });
    expect(snapshot(dir)).toBe(before);
    expect(result.status).toBe('conflicts');
    expect(result.diff).toContain('--- a/deploy/chart/values.yaml\n+++ b/deploy/chart/values.yaml\n');
    expect(result.diff).toContain('+<<<<<<< yours\n replicaCount: 4\n+=======\n+replicaCount: 3\n');
    expect(result.diff).toContain('--- /dev/null\n+++ b/SECURITY.md\n');
    expect(result.diff).toContain('--- a/deploy/chart/templates/NOTES.txt\n+++ /dev/null\n');
    // A moved file shows as a deletion and an addition.
    expect(result.diff).toContain('--- a/CODEOWNERS\n+++ /dev/null\n');
    expect(result.diff).toContain('--- /dev/null\n+++ b/.github/CODEOWNERS\n');
  });

  it('refuses to run over uncommitted changes unless forced, changing nothing', async () => {
    const dir = await editedService();
    fs.appendFileSync(path.join(dir, 'README.md'), '\nwork in progress\n');
    const before = snapshot(dir);
    await expect(update({ dir, from: A.root, to: B.root })).rejects.toThrow(/uncommitted changes \(README\.md\)/);
    expect(snapshot(dir)).toBe(before);
    const forced = await update({ dir, from: A.root, to: B.root, force: true });
    expect(forced.status).toBe('conflicts');
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('work in progress');
  });

  it('leaves the service exactly as it was when writing fails half-way', async () => {
    const dir = await editedService();
    // A template that adds zz/added.md, and a file zz in the service where that needs a folder:
    // the write fails after the files sorted before it were already moved in.
    const C = copyTemplates(path.join(tempDir('update-c-'), 'C'), '1.2.0');
    fs.mkdirSync(path.join(C.root, 'shared', 'zz'));
    fs.writeFileSync(path.join(C.root, 'shared', 'zz', 'added.md'), 'new\n');
    fs.writeFileSync(path.join(dir, 'zz'), 'a file where the template wants a folder\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'zz');
    const before = snapshot(dir);
    await expect(update({ dir, from: A.root, to: C.root })).rejects.toThrow(/zz is a file/);
    expect(snapshot(dir)).toBe(before);
    // No staging or backup folder left beside it.
    expect(fs.readdirSync(path.dirname(dir))).toEqual([path.basename(dir)]);
  });

  it('--set port re-renders with the new answer and merges it like a template change', async () => {
    const dir = await editedService();
    const result = await update({ dir, from: A.root, answersOnly: true, set: { port: 9090 } });
    expect(result.status).toBe('updated');
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain('EXPOSE 9090');
    const values = fs.readFileSync(path.join(dir, 'deploy/chart/values.yaml'), 'utf8');
    expect(values).toContain('containerPort: 9090\n');
    expect(values).toContain('replicaCount: 4\n');
    // The team's edits stay; the template version does not move.
    expect(fs.readFileSync(path.join(dir, 'src/service.ts'), 'utf8')).toContain("'/orders/count'");
    const record = parseRecord(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8'));
    expect(record.templateVersion).toBe('1.0.0');
    expect(record.answers.port).toBe(9090);
  });

  it('--set base=chainguard moves the ADR to its new name and changes the images', async () => {
    const dir = await editedService();
    const result = await update({ dir, from: A.root, answersOnly: true, set: { base: 'chainguard' } });
    expect(result.changes.find((c) => c.outcome === 'renamed')).toMatchObject({
      from: 'docs/adr/0001-use-distroless-base-images.md',
      path: 'docs/adr/0001-use-chainguard-base-images.md',
    });
    expect(fs.existsSync(path.join(dir, 'docs/adr/0001-use-distroless-base-images.md'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain(A.images.node.chainguard.runtime);
  });

  it("updates a Fastify service from its own templates: node-fastify/ and node/'s shared modules' changes reach it, node/'s service.ts ones do not", async () => {
    const dir = path.join(tempDir('update-fastify-'), 'fz');
    const answers: Answers = { ...ANSWERS, framework: 'fastify' };
    await generate({ dir, answers, templates: A, today: TODAY, git: true });
    // The team adds a route next to the probes.
    editFile(
      path.join(dir, 'src/service.ts'),
      "  app.get('/healthz', async () => ({ status: 'ok' }));\n",
      "  app.get('/healthz', async () => ({ status: 'ok' }));\n  app.get('/orders/count', async () => ({ count: 0 }));\n",
    );
    git(dir, 'commit', '-qam', 'Team edits');
    const result = await update({ dir, from: A.root, to: B.root });
    expect(result.changes.filter((c) => c.outcome === 'conflict').map((c) => c.path)).toEqual([]);
    expect(result.status).toBe('updated');
    expect(result.notes.join('\n')).not.toContain('differ from the ones recorded'); // A's node-fastify hash
    const service = fs.readFileSync(path.join(dir, 'src/service.ts'), 'utf8');
    expect(service).toContain("from 'fastify'");
    expect(service).toContain("app.get('/orders/count'");
    expect(service).toContain('so tests run several side by side.');
    expect(service).not.toContain('so tests can run several at once.');
    expect(fs.readFileSync(path.join(dir, 'src/drain.ts'), 'utf8')).toContain('REQUEST_TIMEOUT_MS = 95_000;');
    const expected = await render(answers, { templates: B, today: TODAY, precompiled: false });
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(expected.get('Dockerfile')!.toString());
    const record = parseRecord(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8'));
    expect(record.answers.framework).toBe('fastify');
    expect(record.templateHash).toBe(hashTemplates(B, 'node-fastify'));
    expect(record.templateHash).not.toBe(hashTemplates(B, 'node'));
  });

  it('--set framework=fastify moves an http service onto Fastify; the edited server is a conflict to resolve', async () => {
    const dir = await editedService();
    const result = await update({ dir, from: A.root, answersOnly: true, set: { framework: 'fastify' } });
    expect(result.answers).toEqual([{ key: 'framework', from: 'http', to: 'fastify' }]);
    const outcome = (file: string) => result.changes.find((c) => c.path === file)?.outcome;
    expect(outcome('src/service.ts')).toBe('conflict');
    expect(outcome('docs/adr/0002-serve-http-with-fastify.md')).toBe('added');
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies.fastify).toMatch(/^5\./);
    const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/fastify'].version).toBe(pkg.dependencies.fastify);
    expect(parseRecord(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8')).answers.framework).toBe('fastify');
  });

  it('rejects what it cannot do with a message, changing nothing', async () => {
    const dir = await editedService();
    const before = snapshot(dir);
    await expect(update({ dir, from: A.root, set: { lang: 'go' } })).rejects.toThrow(/cannot change language/);
    await expect(update({ dir, from: A.root, set: { port: 80 } })).rejects.toThrow(/--set port must be an integer/);
    await expect(update({ dir, from: A.root, set: { framework: 'express' } })).rejects.toThrow(
      /--set framework must be http \(node:http, the default\) or fastify/,
    );
    await expect(update({ dir: path.join(dir, 'docs') })).rejects.toThrow(/has no \.distroless-service\.json/);
    await expect(update({ dir, from: A.root, to: path.join(work, 'nowhere') })).rejects.toThrow(/does not exist/);
    expect(snapshot(dir)).toBe(before);
  });

  it('a template with an unknown helper or variable fails naming it, the template file and its line', async () => {
    const bad = copyTemplates(path.join(tempDir('update-bad-'), 'bad'), '1.2.0');
    fs.writeFileSync(path.join(bad.root, 'node/README.md.hbs'), '# {{name}}\n\n  {{unknownHelper name}}\n');
    const dir = await editedService();
    const before = snapshot(dir);
    const failure = update({ dir, from: A.root, to: bad.root });
    await expect(failure).rejects.toThrow(
      'rendering the service failed: node/README.md.hbs:3:5: "unknownHelper" is not defined: no helper of that name',
    );
    await expect(update({ dir, from: A.root, to: bad.root })).rejects.not.toThrow('[object Object]');
    expect(snapshot(dir)).toBe(before);
  });

  it('asks for --from when the record names no template version', async () => {
    const dir = await editedService();
    editRecord(dir, (record) => {
      delete record.templateVersion;
      delete record.templateHash;
    });
    await expect(update({ dir, to: B.root })).rejects.toThrow(UpdateError);
    await expect(update({ dir, to: B.root })).rejects.toThrow(/records no template version.*--from/);
    const result = await update({ dir, from: A.root, to: B.root });
    expect(result.status).toBe('conflicts');
  });
});

describe('update of a service generated with --pin-digests', () => {
  const digest = (c: string) => `sha256:${c.repeat(64)}`;
  let work = '';
  let A: TemplateSet;
  let moved: TemplateSet;
  let registry: Loopback | undefined;
  let mirror = '';
  const asked: string[] = [];

  beforeAll(async () => {
    work = tempDir('update-pinned-');
    A = copyTemplates(path.join(work, 'A'), '1.0.0');
    // Version 1.1.0 moves the runtime to another tag, as a template release that bumps a base does.
    moved = withNodeRuntime(A, path.join(work, 'moved'), '1.1.0', `${A.images.node.distroless.runtime}-next`);
    // A loopback registry that knows the moved tag only (the resolver's protocol is in digests.test.ts).
    registry = await serve((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      const known = req.url!.endsWith(`/manifests/${moved.images.node.distroless.runtime.split(':').pop()}`);
      res.writeHead(known ? 200 : 404, known ? { 'docker-content-digest': digest('d') } : {});
      res.end();
    });
    mirror = registry.url;
  });

  afterAll(() => registry?.close());

  /** A service as --pin-digests renders it from version A, committed. */
  async function pinnedService(): Promise<{ dir: string; pinned: ImageSet }> {
    const images = A.images.node.distroless;
    const pinned = { builder: `${images.builder}@${digest('a')}`, runtime: `${images.runtime}@${digest('b')}` };
    const dir = path.join(tempDir('update-pinned-svc-'), 'svc');
    const tree = await render(ANSWERS, { templates: A, today: TODAY, pinned, precompiled: false });
    for (const [file, content] of tree) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'Generated');
    return { dir, pinned };
  }

  const record = (dir: string) => parseRecord(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8'));

  it('records the digests it pinned', async () => {
    const { dir, pinned } = await pinnedService();
    const images = A.images.node.distroless;
    expect(record(dir).digests).toEqual({ [images.builder]: digest('a'), [images.runtime]: digest('b') });
    expect(froms(dir)).toEqual([`FROM ${pinned.builder} AS deps`, 'FROM deps AS build', `FROM ${pinned.runtime}`]);
  });

  it('keeps the digest of a tag the template still names, and pins a moved tag to its registry digest', async () => {
    const { dir, pinned } = await pinnedService();
    // Renovate moved the builder's digest in the Dockerfile: the service's own edit.
    const renovated = `${A.images.node.distroless.builder}@${digest('c')}`;
    editFile(path.join(dir, 'Dockerfile'), `FROM ${pinned.builder} AS deps`, `FROM ${renovated} AS deps`);
    git(dir, 'commit', '-qam', 'Renovate');
    const result = await update({ dir, from: A.root, to: moved.root, mirrors: { 'gcr.io': mirror } });
    expect(result.changes.filter((c) => c.outcome === 'conflict').map((c) => [c.path, c.conflict])).toEqual([]);
    expect(result.status).toBe('updated');
    expect(froms(dir)).toEqual([
      `FROM ${renovated} AS deps`,
      'FROM deps AS build',
      `FROM ${moved.images.node.distroless.runtime}@${digest('d')}`,
    ]);
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).not.toContain('<<<<<<<');
    expect(record(dir).digests).toEqual({
      [A.images.node.distroless.builder]: digest('a'),
      [moved.images.node.distroless.runtime]: digest('d'),
    });
    expect(result.notes.join('\n')).toContain(`pinned ${moved.images.node.distroless.runtime} to the digest`);
  });

  it('fails with a DigestError when a moved tag cannot be resolved, changing nothing', async () => {
    const { dir } = await pinnedService();
    const before = snapshot(dir);
    const unknown = withNodeRuntime(A, path.join(work, 'unknown'), '1.2.0', `${A.images.node.distroless.runtime}-gone`);
    await expect(update({ dir, from: A.root, to: unknown.root, mirrors: { 'gcr.io': mirror } })).rejects.toThrow(
      /-gone: no such image or tag in its registry \(404\)/,
    );
    expect(snapshot(dir)).toBe(before);
  });
});

describe('update --pin-digests of a service generated without it', () => {
  // A loopback registry naming every tag by a digest of its manifest path, and none under `gone`.
  const digestOf = (url: string) => `sha256:${createHash('sha256').update(url).digest('hex')}`;
  const manifest = (ref: string) => {
    const image = parseImage(ref);
    return `/v2/${image.repository}/manifests/${image.tag}`;
  };
  let registry: Loopback | undefined;
  let mirrors: Record<string, string> = {};
  let A: TemplateSet;

  beforeAll(async () => {
    // The templates of this generator, as a service made by the CLI one runs.
    A = locateTemplates();
    registry = await serve((req, res) => {
      const known = /^\/v2\/.+\/manifests\/[^/]+$/.test(req.url!) && !req.url!.includes('gone');
      res.writeHead(known ? 200 : 404, known ? { 'docker-content-digest': digestOf(req.url!) } : {});
      res.end();
    });
    // Both registries the distroless Node bases live on.
    mirrors = { 'docker.io': registry.url, 'gcr.io': registry.url };
  });

  afterAll(() => registry?.close());

  /** An unpinned service from version A with a team's edits to the Dockerfile and README, committed. */
  async function unpinnedService(): Promise<string> {
    const dir = path.join(tempDir('update-pin-svc-'), 'svc');
    await generate({ dir, answers: ANSWERS, templates: A, today: TODAY, git: false });
    git(dir, 'init', '-q');
    editFile(
      path.join(dir, 'Dockerfile'),
      'USER 65532:65532\n',
      'USER 65532:65532\nLABEL org.example.team="payments"\n',
    );
    fs.appendFileSync(path.join(dir, 'README.md'), '\n## On call\n\nPage #payments.\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'Generated, and edited');
    return dir;
  }

  it('pins the FROM lines, README, ADR and record as generation does, keeping the team edits', async () => {
    const dir = await unpinnedService();
    const before = parseRecord(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8'));
    expect(before.digests).toBeUndefined();
    const result = await update({ dir, pinDigests: true, answersOnly: true, mirrors });
    expect(result.status).toBe('updated');
    expect(result.changes.filter((c) => c.outcome === 'conflict')).toEqual([]);
    const images = A.images.node.distroless;
    const pinned = {
      builder: `${images.builder}@${digestOf(manifest(images.builder))}`,
      runtime: `${images.runtime}@${digestOf(manifest(images.runtime))}`,
    };
    // What `create-distroless-service --pin-digests` writes with these digests, plus the team's edits.
    const expected = await render(ANSWERS, { templates: A, today: TODAY, pinned, precompiled: false });
    const teamEdits: Record<string, (text: string) => string> = {
      Dockerfile: (text) =>
        replaceOnce(text, 'USER 65532:65532\n', 'USER 65532:65532\nLABEL org.example.team="payments"\n', 'Dockerfile'),
      'README.md': (text) => text + '\n## On call\n\nPage #payments.\n',
    };
    for (const [file, content] of expected) {
      if (file === RECORD_FILE) continue; // compared as JSON below
      const want = teamEdits[file]?.(content.toString('utf8')) ?? content.toString('utf8');
      expect(fs.readFileSync(path.join(dir, file), 'utf8'), file).toBe(want);
    }
    expect(listTree(dir).filter((f) => !f.startsWith('.git/'))).toEqual([...expected.keys()].sort());
    expect(froms(dir)).toEqual([`FROM ${pinned.builder} AS deps`, 'FROM deps AS build', `FROM ${pinned.runtime}`]);
    const after = parseRecord(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8'));
    // Byte for byte: the same keys in the same order as the generator writes.
    expect(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8')).toBe(expected.get(RECORD_FILE)!.toString('utf8'));
    expect(after.digests).toEqual({
      [images.builder]: digestOf(manifest(images.builder)),
      [images.runtime]: digestOf(manifest(images.runtime)),
    });
    // --answers-only: still on template A.
    expect([after.templateVersion, after.templateHash]).toEqual([before.templateVersion, before.templateHash]);
    expect(result.notes.join('\n')).toContain(`pinned ${images.builder} and ${images.runtime}`);

    // Pinned now: a second run changes nothing.
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'Pinned');
    const again = await update({ dir, pinDigests: true, answersOnly: true, mirrors });
    expect([again.status, again.changes, again.record]).toEqual(['current', [], false]);
    expect(again.notes.join('\n')).toContain('already pinned by digest');
  });

  it('pins while updating to a newer template in the same run; --dry-run shows the pins and writes nothing', async () => {
    const dir = await unpinnedService();
    const B = copyTemplates(path.join(tempDir('update-pin-b-'), 'B'), '1.1.0');
    editFile(path.join(B.root, 'shared/deploy/chart/values.yaml.hbs'), 'replicaCount: 2\n', 'replicaCount: 3\n');
    const images = A.images.node.distroless;
    const before = snapshot(dir);
    const dry = await update({ dir, to: B.root, pinDigests: true, mirrors, dryRun: true });
    expect(snapshot(dir)).toBe(before);
    expect(dry.diff).toContain(`+FROM ${images.runtime}@${digestOf(manifest(images.runtime))}\n`);
    expect(dry.diff).toContain('+replicaCount: 3\n');

    const result = await update({ dir, to: B.root, pinDigests: true, mirrors });
    expect(result.status).toBe('updated');
    expect(fs.readFileSync(path.join(dir, 'deploy/chart/values.yaml'), 'utf8')).toContain('replicaCount: 3\n');
    const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`FROM ${images.builder}@${digestOf(manifest(images.builder))} AS deps\n`);
    expect(dockerfile).toContain('LABEL org.example.team="payments"\n');
    const after = parseRecord(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8'));
    expect(after.templateVersion).toBe('1.1.0');
    expect(Object.keys(after.digests ?? {})).toEqual([images.builder, images.runtime]);
  });

  it('fails with a DigestError naming the image when a digest cannot be read, changing nothing', async () => {
    const dir = await unpinnedService();
    const before = snapshot(dir);
    const gone = { 'docker.io': `${mirrors['docker.io']}/gone`, 'gcr.io': `${mirrors['gcr.io']}/gone` };
    await expect(update({ dir, pinDigests: true, answersOnly: true, mirrors: gone })).rejects.toThrow(
      /no such image or tag in its registry \(404\)/,
    );
    expect(snapshot(dir)).toBe(before);
    await expect(update({ dir, pinDigests: true, check: true })).rejects.toThrow(UpdateError);
  });

  it('CLI: update --pin-digests exits 3 with the image and reason when a digest cannot be read, writing nothing', async () => {
    const dir = await unpinnedService();
    const before = snapshot(dir);
    const args = ['--registry-mirror', `docker.io=${mirrors['docker.io']}/gone`];
    const r = await runCliAsync([
      'update',
      dir,
      '--pin-digests',
      '--answers-only',
      ...args,
      '--registry-mirror',
      `gcr.io=${mirrors['gcr.io']}`,
    ]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(
      /^create-distroless-service update: cannot pin the base images by digest: node:\S+: no such image or tag in its registry \(404\); nothing was changed$/m,
    );
    expect(snapshot(dir)).toBe(before);
    // The same with a registry that answers: exit 0, pinned.
    const ok = await runCliAsync([
      'update',
      dir,
      '--pin-digests',
      '--answers-only',
      '--registry-mirror',
      `docker.io=${mirrors['docker.io']}`,
      '--registry-mirror',
      `gcr.io=${mirrors['gcr.io']}`,
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/merged +Dockerfile/);
    expect(parseRecord(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8')).digests).toBeDefined();
  });
});

describe('update CLI', () => {
  it('the generated workflow runs update --check as a job that cannot fail the workflow', () => {
    const cwd = tempDir('update-cli-');
    expect(runCli(['svc', '--lang', 'python', '--yes', '--no-git'], { cwd }).code).toBe(0);
    const workflow = parseYaml(fs.readFileSync(path.join(cwd, 'svc', '.github/workflows/ci.yml'), 'utf8'));
    const job = workflow.jobs.template;
    expect(job['continue-on-error']).toBe(true);
    expect(job.steps.map((s: { run?: string }) => s.run).filter(Boolean)).toEqual([
      'npx --yes create-distroless-service@latest update --check',
    ]);
    // No other job waits for it.
    for (const other of Object.values(workflow.jobs) as { needs?: string | string[] }[]) {
      expect([other.needs ?? []].flat()).not.toContain('template');
    }
  });

  it('a service whose record predates the hash: says what it assumes, adds hash and date, exit 0', () => {
    const cwd = tempDir('update-cli-');
    expect(runCli(['svc', '--lang', 'go', '--yes'], { cwd }).code).toBe(0);
    const dir = path.join(cwd, 'svc');
    const file = path.join(dir, RECORD_FILE);
    const record = editRecord(dir, (record) => {
      delete record.templateHash;
      delete record.generated;
    });
    const r = runCli(['update'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `assuming the service was made from the published templates of ${record.templateVersion}`,
    );
    expect(r.stderr).toMatch(/records no generation date: using \d{4}-\d{2}-\d{2}, when git first saw it/);
    const after = parseRecord(fs.readFileSync(file, 'utf8'));
    expect(after.templateHash).toMatch(/^sha256:/);
    expect(after.generated).toBe(git(dir, 'log', '--format=%cs', '-1').trim());
  });

  it('next steps say only what applies: `cd .` from inside the swapped service, git diff only in a work tree', () => {
    const cwd = tempDir('update-cli-');
    expect(runCli(['svc', '--lang', 'node', '--yes'], { cwd }).code).toBe(0);
    const dir = path.join(cwd, 'svc');
    let r = runCli(['update', '--set', 'port=9090'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(
      'Run `cd .` (your shell still points at the old, replaced directory), review with git diff, then commit.',
    );
    git(dir, 'commit', '-qam', 'port 9090');
    // From outside, no cd.
    r = runCli(['update', 'svc', '--set', 'port=9091'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('Review with git diff, then commit.');

    expect(runCli(['plain', '--lang', 'go', '--yes', '--no-git'], { cwd }).code).toBe(0);
    r = runCli(['update', 'plain', '--set', 'port=9090'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('not in a git work tree');
    expect(r.stdout).not.toContain('git diff');
    // The list of changes is the last thing printed: no step that does not apply.
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^ {2}updated {3}\S/);
  });

  it('from a shell left in the folder an update replaced: exit 2 saying to run `cd .`, for update and generation', () => {
    const cwd = tempDir('update-cli-');
    expect(runCli(['svc', '--lang', 'node', '--yes', '--no-git'], { cwd }).code).toBe(0);
    const run = (args: string) => `"$NODE" "$CLI" ${args} 2>&1; echo "exit $?"`;
    // One shell, as a user's: its folder is swapped away by the first update, then it runs more.
    const r = spawnSync(
      'sh',
      [
        '-c',
        `cd svc && "$NODE" "$CLI" update --set port=9090 >/dev/null || exit 99; ${run('update --check')}; ${run('next --lang go --yes --no-git')}`,
      ],
      { cwd, encoding: 'utf8', env: { ...process.env, NODE: process.execPath, CLI, CI: '' } },
    );
    expect(r.status, r.stderr).toBe(0);
    const message = 'the working directory no longer exists (replaced by update?): run `cd .`';
    expect(r.stdout.trim().split('\n')).toEqual([
      `create-distroless-service update: ${message}`,
      'exit 2',
      `create-distroless-service: ${message}`,
      'exit 2',
    ]);
    expect(fs.existsSync(path.join(cwd, 'svc', 'next'))).toBe(false);
  });

  it('--set base=chainguard warns, as generating with --base chainguard does, that CI fails until pinned, and how to pin', () => {
    const cwd = tempDir('update-cli-');
    expect(runCli(['svc', '--lang', 'go', '--yes', '--no-git'], { cwd }).code).toBe(0);
    let r = runCli(['update', 'svc', '--set', 'port=9090'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr + r.stdout).not.toContain('--pin-digests');
    r = runCli(['update', 'svc', '--set', 'base=chainguard', '--dry-run'], { cwd });
    expect(r.stderr).toContain('warning: --set base=chainguard without --pin-digests: the generated CI fails');
    r = runCli(['update', 'svc', '--set', 'base=chainguard'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: --set base=chainguard without --pin-digests: the generated CI fails');
    expect(r.stderr).toContain('dockerfile-image-tag');
    expect(r.stdout.trim().split('\n').at(-1)).toBe(
      '  npx create-distroless-service update --pin-digests --answers-only  # before CI: pin the images',
    );
  });

  it('--set name= takes a default description along to the new name, and leaves a written one as it is', () => {
    const cwd = tempDir('update-rename-');
    for (const [dir, extra] of [
      ['gn', []],
      ['own', ['--description', 'Serves the gn things']],
    ] as const) {
      expect(runCli([dir, '--lang', 'go', '--yes', '--no-git', '--name', 'gn', ...extra], { cwd }).code).toBe(0);
      const r = runCli(['update', '--set', 'name=orders-api', '--answers-only'], { cwd: path.join(cwd, dir) });
      expect(r.code, r.stderr).toBe(0);
      const record = parseRecord(fs.readFileSync(path.join(cwd, dir, RECORD_FILE), 'utf8'));
      const catalog = fs.readFileSync(path.join(cwd, dir, 'catalog-info.yaml'), 'utf8');
      if (extra.length === 0) {
        expect(record.answers.description).toBe('The orders-api service');
        expect(catalog).toContain('The orders-api service');
        expect(catalog).not.toContain('The gn service');
        expect(r.stderr).toContain('the description was the default, so it follows the new name');
      } else {
        expect(record.answers.description).toBe('Serves the gn things');
        expect(catalog).toContain('Serves the gn things');
      }
    }
  });

  it('a service made from a newer template: --check says it is ahead (exit 0), update refuses to go back (exit 2)', () => {
    const cwd = tempDir('update-cli-');
    expect(runCli(['svc', '--lang', 'python', '--yes', '--no-git'], { cwd }).code).toBe(0);
    const file = path.join(cwd, 'svc', RECORD_FILE);
    const record = JSON.parse(fs.readFileSync(file, 'utf8'));
    const own = record.templateVersion as string;
    // As a newer CLI would have written it: a later version, other templates.
    const [major, minor] = own.split('.').map(Number);
    const newer = `${major}.${minor! + 1}.0`;
    record.templateVersion = newer;
    record.templateHash = `sha256:${'0'.repeat(64)}`;
    fs.writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
    const before = snapshot(path.join(cwd, 'svc'));

    let r = runCli(['update', 'svc', '--check'], { cwd });
    expect([r.code, r.stdout.trim()]).toEqual([
      0,
      `svc is ahead of this template (made from ${newer}, this is ${own})`,
    ]);
    r = runCli(['update', 'svc'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`was made from template ${newer}, newer than ${own}: update does not go back`);
    expect(r.stderr).toContain('--force');
    expect(snapshot(path.join(cwd, 'svc'))).toBe(before);
    // Not semver-newer (an older record) stays "behind", exit 1, as before.
    record.templateVersion = '0.0.1';
    fs.writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
    r = runCli(['update', 'svc', '--check'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('is behind its template');
  });

  it('refuses a record that is a FIFO, a link to a device or over 64 KiB at once, as --answers does', () => {
    const cwd = tempDir('update-cli-');
    expect(runCli(['svc', '--lang', 'node', '--yes', '--no-git'], { cwd }).code).toBe(0);
    const file = path.join(cwd, 'svc', RECORD_FILE);
    const text = fs.readFileSync(file, 'utf8');
    const refused = (message: string) => {
      // A bound well under runCli's: the old plain read blocked in open() on a FIFO for ever.
      const r = runCli(['update', 'svc'], { cwd, timeout: 20_000 });
      expect([r.code, r.stderr.trim()]).toEqual([2, `create-distroless-service update: ${file} ${message}`]);
    };
    fs.rmSync(file);
    execFileSync('mkfifo', [file]);
    refused('is not a regular file');
    fs.rmSync(file);
    fs.symlinkSync('/dev/zero', file);
    refused('is not a regular file');
    fs.rmSync(file);
    fs.writeFileSync(file, text.replace('{', `{"pad": "${'x'.repeat(70_000)}",`));
    refused(`is ${fs.statSync(file).size} bytes; the limit is 65536`);
  });

  it('refuses a --to that is a FIFO at once: a template source is a folder or a tarball file', () => {
    const cwd = tempDir('update-cli-');
    expect(runCli(['svc', '--lang', 'go', '--yes'], { cwd }).code).toBe(0);
    execFileSync('mkfifo', [path.join(cwd, 'next.tgz')]);
    const before = snapshot(path.join(cwd, 'svc'));
    const r = runCli(['update', 'svc', '--to', './next.tgz'], { cwd, timeout: 20_000 });
    expect([r.code, r.stderr.trim()]).toEqual([
      3,
      'create-distroless-service update: template source ./next.tgz is neither a folder nor a package tarball file',
    ]);
    expect(snapshot(path.join(cwd, 'svc'))).toBe(before);
  });

  it('refuses a templates folder holding a FIFO, a link to /dev/zero or another link (exit 3, nothing written)', () => {
    const cwd = tempDir('update-cli-');
    expect(runCli(['svc', '--lang', 'node', '--yes', '--no-git'], { cwd }).code).toBe(0);
    const svc = path.join(cwd, 'svc');
    const before = snapshot(svc);
    let n = 0;
    /** A fresh copy of the templates with one hostile entry, given as --to or --from. */
    const refused = (flag: '--to' | '--from', entry: string, make: (file: string) => void, kind: string) => {
      const name = `t${++n}`;
      const root = copyTemplates(path.join(cwd, name), '9.0.0').root;
      const file = path.join(root, entry);
      fs.rmSync(file, { force: true });
      make(file);
      // A bound well under runCli's: the old plain reads blocked in open() on a FIFO, or read /dev/zero for ever.
      const r = runCli(['update', 'svc', flag, `./${name}`], { cwd, timeout: 20_000 });
      expect([r.code, r.stderr.trim()]).toEqual([
        3,
        `create-distroless-service update: template source ./${name}: ${entry} is ${kind}, not a regular file`,
      ]);
      expect(snapshot(svc)).toBe(before);
    };
    const fifo = (file: string) => execFileSync('mkfifo', [file]);
    const zero = (file: string) => fs.symlinkSync('/dev/zero', file);
    refused('--to', 'images.json', fifo, 'a FIFO');
    refused('--to', 'images.json', zero, 'a symbolic link');
    refused('--to', 'package.json', zero, 'a symbolic link');
    refused('--to', 'shared/deploy/chart/values.yaml.hbs', fifo, 'a FIFO');
    refused('--from', 'node/src/service.ts', zero, 'a symbolic link');
    // A link to a regular file too: the old walk dropped it from the service without a word.
    refused(
      '--to',
      'shared/catalog-info.yaml.hbs',
      (file) => fs.symlinkSync(path.join(cwd, 'svc', 'package.json'), file),
      'a symbolic link',
    );
  });

  it('exit codes: 0 current, 1 behind (--check) and conflicts, 2 refused, with one-line messages', () => {
    const cwd = tempDir('update-cli-');
    expect(runCli(['svc', '--lang', 'node', '--yes'], { cwd }).code).toBe(0);
    const dir = path.join(cwd, 'svc');
    let r = runCli(['update', '--check'], { cwd: dir });
    expect([r.code, r.stdout.trim()]).toEqual([
      0,
      '. is up to date with template ' +
        JSON.parse(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8')).templateVersion,
    ]);
    // A --from that names nothing fails as the update it stands for would, not as "up to date".
    r = runCli(['update', '--check', '--from', './nowhere'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/template source \.\/nowhere does not exist/);

    // A templates folder whose images.json lacks a language's images: named, not a TypeError.
    const damaged = copyTemplates(path.join(cwd, 'damaged'), '9.0.0');
    fs.writeFileSync(path.join(damaged.root, 'images.json'), '{"go": {}}\n');
    r = runCli(['update', 'svc', '--check', '--to', './damaged'], { cwd });
    expect([r.code, r.stderr.trim()]).toEqual([
      3,
      'create-distroless-service update: template source ./damaged: images.json names no builder and runtime images for node on distroless',
    ]);

    const newer = copyTemplates(path.join(cwd, 'newer'), '9.0.0');
    editFile(path.join(newer.root, 'shared/deploy/chart/values.yaml.hbs'), 'replicaCount: 2\n', 'replicaCount: 3\n');
    r = runCli(['update', 'svc', '--check', '--to', './newer'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^svc is behind its template: made from 0\.1\.0, current is 9\.0\.0 \(\.\/newer\)/);
    // The next step repeats what chose the service and the template: run as shown, it updates.
    expect(r.stdout.trim()).toMatch(/; run create-distroless-service update svc --to \.\/newer$/);
    // A template that moved and an answer --set changes: both named.
    r = runCli(['update', 'svc', '--check', '--to', './newer', '--set', 'port=9090'], { cwd });
    expect([r.code, r.stdout.trim()]).toEqual([
      1,
      'svc is behind its template: made from 0.1.0, current is 9.0.0 (./newer), and --set changes port (8080 → 9090); ' +
        'run create-distroless-service update svc --to ./newer --set port=9090',
    ]);
    fs.cpSync(newer.root, path.join(cwd, "it's newer"), { recursive: true });
    r = runCli(['update', '--check', '--to', "../it's newer"], { cwd: dir });
    expect(r.stdout.trim()).toMatch(/; run create-distroless-service update --to '\.\.\/it'\\''s newer'$/);

    editFile(path.join(dir, 'deploy/chart/values.yaml'), 'replicaCount: 2\n', 'replicaCount: 5\n');
    r = runCli(['update', 'svc', '--to', './newer'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('uncommitted changes (deploy/chart/values.yaml)');
    git(dir, 'commit', '-qam', 'five replicas');

    r = runCli(['update', 'svc', '--to', './newer'], { cwd });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('conflict  deploy/chart/values.yaml  (both changed the same lines');
    expect(fs.readFileSync(path.join(dir, 'deploy/chart/values.yaml'), 'utf8')).toContain(
      '<<<<<<< yours\nreplicaCount: 5\n=======\nreplicaCount: 3\n>>>>>>> template 9.0.0 (./newer)\n',
    );

    r = runCli(['update', 'svc', '--set', 'colour=blue'], { cwd });
    expect([r.code, r.stderr.trim()]).toEqual([
      2,
      'create-distroless-service update: --set colour: unknown answer (known: name, lang, framework, description, owner, port, base, adrStatus)',
    ]);
    r = runCli(['update', 'svc', '--bogus'], { cwd });
    expect(r.code).toBe(2);
    r = runCli(['update', 'svc', '--pin-digests', '--registry-mirror', 'cgr.dev'], { cwd });
    expect([r.code, r.stderr.trim()]).toEqual([
      2,
      'create-distroless-service update: --registry-mirror cgr.dev: expected <registry>=<http(s) URL>',
    ]);
    r = runCli(['update', 'svc', '--pin-digests', '--registry-mirror', 'cgr.dev=http://10.0.0.1:5000'], { cwd });
    expect([r.code, r.stderr.trim()]).toEqual([
      2,
      'create-distroless-service update: --registry-mirror cgr.dev=http://10.0.0.1:5000: only https, or http on a loopback address',
    ]);
    r = runCli(['update', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes:');
  });
  it('--check names the update it stands for with every option that chose it, shell-quoted; run as printed, it updates', () => {
    const cwd = tempDir('update-next-');
    expect(runCli(['svc', '--lang', 'node', '--yes'], { cwd }).code).toBe(0);
    fs.renameSync(path.join(cwd, 'svc'), path.join(cwd, 'my svc'));
    const newer = copyTemplates(path.join(cwd, 'newer'), '9.0.0');
    editFile(path.join(newer.root, 'shared/deploy/chart/values.yaml.hbs'), 'replicaCount: 2\n', 'replicaCount: 3\n');
    const check = ['--check', '--to', './newer', '--set', 'description=Orders, and more', '--set', 'port=9090'];
    let r = runCli(['update', 'my svc', ...check], { cwd });
    expect(r.code, r.stderr).toBe(1);
    const step =
      "create-distroless-service update 'my svc' --to ./newer --set 'description=Orders, and more' --set port=9090";
    expect(r.stdout.trim().split('; run ')[1]).toBe(step);
    // A POSIX shell reads the words back as they were given: the update changes what --check compared.
    const bin = path.join(cwd, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(
      path.join(bin, 'create-distroless-service'),
      `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`,
      {
        mode: 0o755,
      },
    );
    const shell = spawnSync('sh', ['-c', step], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    });
    expect(shell.status, shell.stderr).toBe(0);
    const dir = path.join(cwd, 'my svc');
    expect(fs.readFileSync(path.join(dir, 'deploy/chart/values.yaml'), 'utf8')).toMatch(/replicaCount: 3\n[^]*9090/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8')).answers).toMatchObject({
      description: 'Orders, and more',
      port: 9090,
    });
    expect(runCli(['update', 'my svc', ...check], { cwd }).code).toBe(0);

    // A directory opening with a dash is not read back as an option.
    fs.renameSync(dir, path.join(cwd, '-svc'));
    fs.renameSync(newer.root, path.join(cwd, '-newer'));
    editFile(path.join(cwd, '-newer/shared/deploy/chart/values.yaml.hbs'), 'replicaCount: 3\n', 'replicaCount: 4\n');
    r = runCli(['update', '--check', '--to', './-newer', '--set', 'port=9191', '--', '-svc'], { cwd });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout.trim().split('; run ')[1]).toBe(
      'create-distroless-service update --to ./-newer --set port=9191 -- -svc',
    );
  });
});

describe('update --check with --set', () => {
  it('an answer --set changes makes the service behind what the update would write; an unchanged one does not', () => {
    const cwd = tempDir('update-check-set-');
    expect(runCli(['svc', '--lang', 'go', '--yes', '--no-git'], { cwd }).code).toBe(0);
    let r = runCli(['update', 'svc', '--check'], { cwd });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    r = runCli(['update', 'svc', '--check', '--set', 'port=9090', '--set', 'owner=@acme/pay'], { cwd });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    // Behind because of the answers, named, not because of a version ("made from 0.1.0, current is 0.1.0").
    expect(r.stdout.trim()).toMatch(
      /^svc is behind its answers: --set changes owner \(platform-team → @acme\/pay\), port \(8080 → 9090\) \(its template, \d+\.\d+\.\d+, is current\); run create-distroless-service update svc --set port=9090 --set owner=@acme\/pay$/,
    );
    expect(r.stdout).not.toContain('made from');
    expect(r.stderr).toBe('');
    r = runCli(['update', 'svc', '--check', '--set', 'port=8080'], { cwd });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // --check writes nothing already: a --dry-run beside it is refused rather than ignored.
    r = runCli(['update', 'svc', '--check', '--dry-run'], { cwd });
    expect([r.code, r.stderr.trim()]).toEqual([
      2,
      'create-distroless-service update: --check changes nothing: drop --dry-run',
    ]);
  });
});

describe('conflict markers left by an update', () => {
  it('counts a whole <<<<<<< / ======= / >>>>>>> block, as git merge-file writes it, at its first line', () => {
    const block = '<<<<<<< yours\nreplicaCount: 4\n=======\nreplicaCount: 3\n>>>>>>> template 1.1.0\n';
    expect(conflictStarts(`a: 1\n${block}b: 2\n${block}`)).toEqual([2, 8]);
    // CRLF files, a diff3-style base section, a marker line with no label.
    expect(conflictStarts(block.replaceAll('\n', '\r\n'))).toEqual([1]);
    expect(conflictStarts('<<<<<<<\nours\n||||||| base\nold\n=======\ntheirs\n>>>>>>>\n')).toEqual([1]);
    // Not a conflict: a heading's underline, a half block, eight '<', a marker not at the line start.
    expect(conflictStarts('Notes\n=======\n')).toEqual([]);
    expect(conflictStarts('<<<<<<< yours\nours\n>>>>>>> theirs\n')).toEqual([]);
    expect(conflictStarts('<<<<<<<< x\n=======\n>>>>>>> y\n')).toEqual([]);
    expect(conflictStarts(' <<<<<<< x\n=======\n>>>>>>> y\n')).toEqual([]);
  });

  it('in Markdown, a complete block inside a fenced code block is an example, unless it has the labels update writes', () => {
    const block = '<<<<<<< ours\nold\n=======\nnew\n>>>>>>> theirs\n';
    const own = '<<<<<<< yours\nold\n=======\nnew\n>>>>>>> template 1.1.0\n';
    const md = { markdown: true };
    expect(conflictStarts(`# ADR\n\n\`\`\`diff\n${block}\`\`\`\n`, md)).toEqual([]);
    expect(conflictStarts(`~~~~\n${block}\`\`\`\n~~~\n${block}~~~~\n`, md)).toEqual([]);
    expect(conflictStarts(`   \`\`\`\n${block.replaceAll('\n', '\r\n')}   \`\`\`\n`, md)).toEqual([]);
    // After the fence closes, or in a file that is not Markdown, it counts; so do update's own markers.
    expect(conflictStarts(`\`\`\`\nx\n\`\`\`\n${block}`, md)).toEqual([4]);
    expect(conflictStarts(`\`\`\`diff\n${block}\`\`\`\n`)).toEqual([2]);
    expect(conflictStarts(`\`\`\`\n${own}\`\`\`\n`, md)).toEqual([2]);
    // An inline code span opening a line is no fence.
    expect(conflictStarts(`\`\`\`a\`\`\` text\n${block}`, md)).toEqual([2]);
  });

  it('--check and update pass over a conflict example in a Markdown fence', async () => {
    const cwd = tempDir('update-fence-');
    await generate({ dir: path.join(cwd, 'svc'), answers: ANSWERS, today: TODAY, git: true });
    const dir = path.join(cwd, 'svc');
    const adr = fs.readdirSync(path.join(dir, 'docs/adr')).find((f) => f.startsWith('0001-'))!;
    fs.appendFileSync(
      path.join(dir, 'docs/adr', adr),
      '\n```diff\n<<<<<<< ours\nold\n=======\nnew\n>>>>>>> theirs\n```\n',
    );
    git(dir, 'commit', '-qam', 'An example');
    const check = await update({ dir, check: true });
    expect(check.markers).toEqual([]);
    expect((await update({ dir, set: { port: 9090 }, answersOnly: true })).status).toBe('updated');
  });
});

describe('planMerge and line endings', () => {
  it('a binary file is compared byte for byte: CR bytes in it are no line ending', async () => {
    const bin = (text: string) => Buffer.concat([Buffer.from([0]), Buffer.from(text, 'latin1')]);
    const base = new Map([
      ['logo.bin', bin('a\nb\n')],
      ['notes.txt', Buffer.from('a\nb\n')],
    ]);
    const theirs = new Map([
      ['logo.bin', bin('a\nc\n')],
      ['notes.txt', Buffer.from('a\nc\n')],
    ]);
    const ours = new Map([
      ['logo.bin', bin('a\r\nb\r\n')],
      ['notes.txt', Buffer.from('a\r\nb\r\n')],
    ]);
    const changes = await planMerge({
      base,
      theirs,
      readOurs: (file) => ours.get(file) ?? null,
      merge: () => Promise.reject(new Error('no merge expected')),
    });
    // The binary file is not merged: the template's version, byte for byte, goes beside it.
    expect(changes.map((c) => [c.path, c.outcome, c.conflict, c.aside, c.content?.toString('latin1')])).toEqual([
      ['logo.bin', 'conflict', 'binary', 'logo.bin.template-new', '\0a\nc\n'],
      ['notes.txt', 'updated', undefined, undefined, 'a\r\nc\r\n'],
    ]);
  });
});
