// Static checks on hand-written fixtures (no generator needed); generated services are checked in
// tests/e2e.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildContext, checkStatic, staticRules } from '../../../src/service/static/index.js';
import { findHelmTool, requireTool, skipWithout } from './support.js';

const helm = findHelmTool();
const skipHelm = skipWithout(helm, 'checks of the chart by helm (lint --strict, template, the rendered objects)');

describe('rules', () => {
  it('have unique ids, a severity, one line of docs and a docs page', () => {
    const ids = staticRules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { meta } of staticRules) {
      expect(meta.docs).toMatch(/^\S.*\.$/);
      expect(meta.docs).not.toContain('\n');
      expect(['error', 'warning']).toContain(meta.severity);
      expect(meta.url).toMatch(new RegExp(`/docs/rules/service/${meta.id}\\.md$`));
    }
  });
});

describe('helm switched off', () => {
  it('{ helm: false } says helm was switched off, not that none is on PATH, with no install hint', async () => {
    const dir = fileURLToPath(new URL('../fixtures/static/chart-lint-strict/', import.meta.url));
    const r = await checkStatic(dir, { helm: false, skipAdr: true });
    const warning = r.findings.filter((f) => f.ruleId === 'helm-available');
    expect(warning.map((f) => f.message)).toEqual([
      'helm switched off (helm: false): the chart was not linted or rendered, so the checks of the rendered ' +
        'objects (probes, securityContext, resources, image tag, Kubernetes schema) did not run',
    ]);
    expect(r.renderer).toBeNull();
  });
});

describe('a chart that renders but that helm lint --strict rejects (fixture)', () => {
  it.skipIf(skipHelm)('one helm-lint error on the template helm names; the rendered checks still run', async () => {
    requireTool(helm);
    const dir = fileURLToPath(new URL('../fixtures/static/chart-lint-strict/', import.meta.url));
    const r = await checkStatic(dir, { skipAdr: true });
    expect(r.renderer?.name).toBe('helm');
    expect(r.findings.filter((f) => f.ruleId.startsWith('helm-'))).toEqual([
      {
        ruleId: 'helm-lint',
        severity: 'error',
        file: 'deploy/chart/templates/pdb.yaml',
        line: 0,
        column: 0,
        message:
          `policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use policy/v1 ` +
          `PodDisruptionBudget (helm lint --strict, helm ${r.renderer!.version}: WARNING)`,
      },
      {
        ruleId: 'helm-values-schema-present',
        severity: 'warning',
        file: 'deploy/chart/values.schema.json',
        line: 0,
        column: 0,
        message: expect.stringMatching(/^the chart has no values.schema.json/),
      },
    ]);
    // A lint failure does not stop the rest: helm template rendered both objects for the other rules.
    const ctx = await buildContext(dir, { skipAdr: true });
    const render = ctx.chart!.render;
    expect(render.kind).toBe('rendered');
    if (render.kind === 'rendered')
      expect(render.manifests.map((m) => `${String(m.object.kind)} ${m.source}`).sort()).toEqual([
        'Deployment deploy/chart/templates/deployment.yaml',
        'PodDisruptionBudget deploy/chart/templates/pdb.yaml',
      ]);
  });
});

describe('rendered label values (helm-label-values)', () => {
  it.skipIf(skipHelm)(
    'each invalid one is an error at values.yaml when it comes from there, else its template line',
    async () => {
      requireTool(helm);
      const dir = mkdtempSync(path.join(tmpdir(), 'labels-'));
      const chart = path.join(dir, 'deploy/chart');
      mkdirSync(path.join(chart, 'templates'), { recursive: true });
      writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: orders\nversion: 0.1.0\n');
      writeFileSync(path.join(chart, 'values.yaml'), 'app: orders\nteam: Payments Team\nversion: "1.4.2"\n');
      const labels = (indent: string) =>
        ['app: {{ .Values.app }}', 'team: {{ .Values.team | quote }}', 'version: {{ .Values.version | quote }}']
          .map((l) => indent + l)
          .join('\n');
      writeFileSync(
        path.join(chart, 'templates/deployment.yaml'),
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata:',
          '  name: orders',
          '  labels:',
          labels('    '),
          'spec:',
          '  selector:',
          '    matchLabels:',
          '      app: {{ .Values.app }}',
          '  template:',
          '    metadata:',
          '      labels:',
          labels('        '),
          '        tier: backend_',
          '        empty: ""',
          '    spec:',
          '      containers:',
          '        - name: orders',
          '          image: registry.example.com/orders:1.4.2',
          '',
        ].join('\n'),
      );
      writeFileSync(
        path.join(chart, 'templates/service.yaml'),
        [
          'apiVersion: v1',
          'kind: Service',
          'metadata:',
          '  name: orders',
          'spec:',
          '  selector:',
          '    app: {{ .Values.app }}',
          '    release: {{ .Release.Name }}-{{ repeat 60 "x" }}',
          '  ports:',
          '    - port: 80',
          '',
        ].join('\n'),
      );
      const r = await checkStatic(dir, { skipAdr: true });
      const found = r.findings.filter((f) => f.ruleId === 'helm-label-values');
      const rule =
        'is not a label value: letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
      const team = `team="Payments Team" ${rule}`;
      // In file order, as findings are reported.
      expect(found.map((f) => `${f.severity} ${f.file}:${f.line} ${f.message}`)).toEqual([
        'error deploy/chart/templates/deployment.yaml:19 Deployment orders, spec.template.metadata.labels: ' +
          `tier="backend_" ${rule}`,
        'error deploy/chart/templates/service.yaml:8 Service orders, spec.selector: ' +
          `release="release-name-${'x'.repeat(57)}"… is 73 characters long, over the 63 allowed`,
        `error deploy/chart/values.yaml:2 Deployment orders, metadata.labels: ${team}`,
        `error deploy/chart/values.yaml:2 Deployment orders, spec.template.metadata.labels: ${team}`,
      ]);
    },
  );
});

describe('a hand-written service (fixture) that breaks most conventions at once', () => {
  it('reports each problem once, on its line', async () => {
    const dir = fileURLToPath(new URL('../fixtures/static/handwritten-node/', import.meta.url));
    const r = await checkStatic(dir);
    expect(r.findings.map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}`).sort()).toEqual(
      [
        'error dockerfile-multi-stage Dockerfile:1',
        'error dockerfile-final-base Dockerfile:1',
        'error dockerfile-user Dockerfile:1',
        'error dockerfile-image-tag Dockerfile:1',
        'error dockerfile-exec-form Dockerfile:5',
        'error dockerfile-node-package-manager Dockerfile:5',
        'error dockerignore .dockerignore:0',
        'warning helm-chart-present deploy/chart:0',
        'warning adr-present docs/adr:0',
      ].sort(),
    );
    expect(r.facts).toMatchObject({
      language: 'node',
      runtimeImage: 'node',
      builderImage: null,
      cmd: null,
      user: null,
    });
  });
});

/** A service folder with these files, in a fresh temporary directory. */
function service(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'static-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const node = (builder: string, user: string): Record<string, string> => ({
  'package.json': '{}',
  '.dockerignore': '.git\nnode_modules\n',
  Dockerfile:
    `FROM ${builder} AS build\nRUN npm ci\n` +
    `FROM gcr.io/distroless/nodejs24-debian13:nonroot\nCOPY --from=build /app /app\n${user}\nCMD ["server.js"]\n`,
});

describe('a final stage that copies from a dependencies stage and a build stage extending it', () => {
  // The generated Node Dockerfile: production node_modules from `deps` (the lockfile only), dist/
  // from `build` (FROM deps). The builder is `build`, whose chain holds both stages' steps.
  const layered = (builder: string): Record<string, string> => ({
    'package.json': '{}',
    '.dockerignore': '.git\nnode_modules\n',
    Dockerfile:
      `FROM ${builder} AS deps\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n` +
      'FROM deps AS build\nRUN npm ci\nCOPY src ./src\nRUN npm run build && npm test\n' +
      'FROM gcr.io/distroless/nodejs24-debian13:nonroot\nCOPY --from=deps /app/node_modules ./node_modules\n' +
      'COPY --from=build /app/dist ./dist\nUSER 65532:65532\nCMD ["dist/server.js"]\n',
  });

  it('builds and tests as the build stage does, and reads the builder image from the deps stage', async () => {
    const r = await checkStatic(service(layered('node:24-trixie-slim')), { helm: false });
    expect(r.facts.builderRuns).toEqual(['npm ci --omit=dev', 'npm ci', 'npm run build && npm test']);
    expect(r.facts.builderImage).toBe('node:24-trixie-slim');
    const mismatch = await checkStatic(service(layered('node:22-trixie-slim')), { helm: false });
    // Reported on the FROM that names the image, not on `FROM deps AS build`.
    expect(mismatch.findings.filter((f) => f.ruleId === 'dockerfile-node-version').map((f) => f.line)).toEqual([1]);
  });
});

describe('a FROM is reported once: floating by dockerfile-image-tag, tagged by dockerfile-digest-pin', () => {
  const onFrom = async (from: string): Promise<string[]> => {
    const r = await checkStatic(service(node(from, 'USER 65532:65532')), { helm: false });
    return r.findings
      .filter((f) => ['dockerfile-image-tag', 'dockerfile-digest-pin'].includes(f.ruleId) && f.line === 1)
      .map((f) => `${f.severity} ${f.ruleId}`);
  };

  it('no tag or a latest tag is the image-tag error alone, not the digest-pin warning as well', async () => {
    for (const from of ['node', 'node:latest', 'cgr.dev/chainguard/node:latest-dev'])
      expect([from, await onFrom(from)]).toEqual([from, ['error dockerfile-image-tag']]);
  });

  it('a version tag without a digest is the digest-pin warning alone; a digest is neither', async () => {
    expect(await onFrom('node:24-trixie-slim')).toEqual(['warning dockerfile-digest-pin']);
    expect(await onFrom(`node:24-trixie-slim@sha256:${'a'.repeat(64)}`)).toEqual([]);
    expect(await onFrom(`node@sha256:${'a'.repeat(64)}`)).toEqual([]);
  });
});

describe('one severity per rule: a rule that had two is two rules', () => {
  const severityOf = new Map(staticRules.map((r) => [r.meta.id, r.meta.severity]));
  const found = async (files: Record<string, string>): Promise<string[]> => {
    const r = await checkStatic(service(files), { helm: false });
    // Whatever a rule reports carries its one declared severity.
    for (const f of r.findings) if (!f.ruleId.startsWith('adr/')) expect(f.severity).toBe(severityOf.get(f.ruleId));
    return r.findings
      .filter((f) => !['dockerfile-digest-pin', 'helm-chart-present', 'adr-present'].includes(f.ruleId))
      .map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}`);
  };

  it('a named USER is a dockerfile-user-numeric warning, root a dockerfile-user error', async () => {
    expect(await found(node('node:24-trixie-slim', 'USER nonroot'))).toEqual([
      'warning dockerfile-user-numeric Dockerfile:5',
    ]);
    expect(await found(node('node:24-trixie-slim', 'USER 65532:0'))).toEqual([
      'warning dockerfile-user-numeric Dockerfile:5',
    ]);
    expect(await found(node('node:24-trixie-slim', 'USER root'))).toEqual(['error dockerfile-user Dockerfile:5']);
    expect(await found(node('node:24-trixie-slim', 'USER 65532:65532'))).toEqual([]);
  });

  it('Node majors that differ are an error; a builder tag without a version is the -unknown warning', async () => {
    expect(await found(node('node:22-trixie-slim', 'USER 65532:65532'))).toEqual([
      'error dockerfile-node-version Dockerfile:1',
    ]);
    expect(await found(node('node:lts', 'USER 65532:65532'))).toEqual([
      'warning dockerfile-node-version-unknown Dockerfile:1',
    ]);
  });

  it('an ADR lint that cannot run (a broken config) is an adr-lint warning; no docs/adr is adr-present', async () => {
    const files = {
      ...node('node:24-trixie-slim', 'USER 65532:65532'),
      'docs/adr/README.md': '',
      '.adrlintrc.json': '{',
    };
    const r = await checkStatic(service(files), { helm: false });
    expect(r.findings.filter((f) => f.ruleId.startsWith('adr')).map((f) => `${f.severity} ${f.ruleId}`)).toEqual([
      'warning adr-lint',
    ]);
    const none = await checkStatic(service(node('node:24-trixie-slim', 'USER 65532:65532')), { helm: false });
    expect(none.findings.filter((f) => f.ruleId.startsWith('adr')).map((f) => f.ruleId)).toEqual(['adr-present']);
  });
});
