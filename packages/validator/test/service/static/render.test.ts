// How helm's own output becomes findings: these inputs are helm v4's output, copied from runs on
// broken charts, so they run without helm.
import { describe, expect, it } from 'vitest';
import { parseLint, splitManifests, templateLocation } from '../../../src/service/static/render.js';

const C = 'deploy/chart';

describe('helm lint --strict output', () => {
  it('keeps WARNING and ERROR (both fail --strict), drops INFO, and joins multi-line errors', () => {
    const out = [
      '==> Linting deploy/chart',
      '[INFO] Chart.yaml: icon is recommended',
      '[WARNING] templates/pdb.yaml: policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in ' +
        'v1.25+; use policy/v1 PodDisruptionBudget',
      '[ERROR] templates/: go/templates/service.yaml:4:11',
      '  executing "go/templates/service.yaml" at <include "service.fullnam" .>:',
      '    error calling include:',
      'template: no template "service.fullnam" associated with template "gotpl"',
      '',
      '[ERROR] : unable to load chart',
      '\tvalidation: chart.metadata.version "abc" is invalid',
      '',
      'Error: 1 chart(s) linted, 1 chart(s) failed',
    ].join('\n');
    expect(parseLint(out, C)).toEqual([
      {
        severity: 'warning',
        path: 'templates/pdb.yaml',
        file: 'deploy/chart/templates/pdb.yaml',
        line: 0,
        message:
          'policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use policy/v1 ' +
          'PodDisruptionBudget',
      },
      {
        severity: 'error',
        path: 'templates/',
        file: 'deploy/chart/templates/service.yaml',
        line: 4,
        message: [
          'go/templates/service.yaml:4:11',
          'executing "go/templates/service.yaml" at <include "service.fullnam" .>:',
          'error calling include:',
          'template: no template "service.fullnam" associated with template "gotpl"',
        ].join('\n'),
      },
      {
        severity: 'error',
        path: '',
        file: 'deploy/chart/Chart.yaml',
        line: 0,
        message: 'unable to load chart\nvalidation: chart.metadata.version "abc" is invalid',
      },
    ]);
  });

  it('a clean chart has no messages', () => {
    const out =
      '==> Linting deploy/chart\n[INFO] Chart.yaml: icon is recommended\n\n1 chart(s) linted, 0 chart(s) failed\n';
    expect(parseLint(out, C)).toEqual([]);
  });
});

describe('template locations', () => {
  it('point at the template and line helm names, in the chart or a subchart', () => {
    expect(templateLocation('go/templates/deployment.yaml:12:3: executing …', C)).toEqual({
      file: 'deploy/chart/templates/deployment.yaml',
      line: 12,
    });
    expect(templateLocation('template: go/templates/_helpers.tpl:7:4: executing …', C)).toEqual({
      file: 'deploy/chart/templates/_helpers.tpl',
      line: 7,
    });
    expect(templateLocation('go/charts/redis/templates/svc.yaml:3:9: …', C)).toEqual({
      file: 'deploy/chart/charts/redis/templates/svc.yaml',
      line: 3,
    });
    expect(templateLocation('validation: chart.metadata.version "abc" is invalid', C)).toBeNull();
  });
});

describe('rendered output', () => {
  it('splits documents, names the template of each, and reports YAML that does not parse', () => {
    const out = [
      '---',
      '# Source: go/templates/service.yaml',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: x',
      '---',
      '# Source: go/charts/redis/templates/cm.yaml',
      'kind: ConfigMap',
      'data: {a: [}',
      '',
    ].join('\n');
    const r = splitManifests(out, C);
    expect(r.manifests).toEqual([
      {
        source: 'deploy/chart/templates/service.yaml',
        object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } },
      },
    ]);
    expect(r.yamlErrors.map((e) => e.source)).toEqual(['deploy/chart/charts/redis/templates/cm.yaml']);
  });
});
