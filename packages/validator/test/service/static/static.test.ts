// Static checks on hand-written fixtures (no generator needed); generated services are checked in
// tests/e2e.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildContext, checkStatic, staticRules } from '../../../src/service/static/index.js';
import { findHelmTool, requireTool, skipWithout } from './support.js';

const helm = findHelmTool();
const skipHelm = skipWithout(helm, 'checks of the chart by helm (lint --strict, template, the rendered objects)');

describe('rules', () => {
  it('have unique ids, a severity and one line of docs', () => {
    const ids = staticRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of staticRules) {
      expect(r.docs).toMatch(/^\S.*\.$/);
      expect(r.docs).not.toContain('\n');
      expect(['error', 'warning']).toContain(r.severity);
    }
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
        ruleId: 'helm-values-schema',
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
        'warning dockerfile-digest-pin Dockerfile:1',
        'error dockerfile-exec-form Dockerfile:5',
        'error dockerfile-node-package-manager Dockerfile:5',
        'error dockerignore .dockerignore:0',
        'warning helm-chart deploy/chart:0',
        'warning adr/present docs/adr:0',
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
