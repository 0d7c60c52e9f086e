// A chart finding points at values.yaml only when the value there is the wrong one; when values.yaml is
// right and the template leaves the value out, it points at the template and says so (review finding 5).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkStatic } from '../../../src/service/static/index.js';
import { findHelmTool, requireTool, skipWithout } from './support.js';

const helm = findHelmTool();
const skipHelm = skipWithout(helm, 'chart findings about values the template does not use (helm template)');

const VALUES = [
  'image:',
  '  repository: registry.example.com/orders',
  '  tag: "1.4.2"',
  'podSecurityContext:',
  '  runAsNonRoot: true',
  '  seccompProfile:',
  '    type: RuntimeDefault',
  'securityContext:',
  '  runAsNonRoot: true',
  '  runAsUser: 65532',
  '  allowPrivilegeEscalation: false',
  '  readOnlyRootFilesystem: true',
  '  capabilities:',
  '    drop: [ALL]',
  'livenessProbe:',
  '  httpGet:',
  '    path: /healthz',
  '    port: http',
  'readinessProbe:',
  '  httpGet:',
  '    path: /readyz',
  '    port: http',
  '',
].join('\n');

/** A chart whose deployment renders the blocks named in `use` from values.yaml, and leaves the rest out. */
function chart(values: string, use: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'unused-'));
  const c = path.join(dir, 'deploy/chart');
  mkdirSync(path.join(c, 'templates'), { recursive: true });
  writeFileSync(path.join(c, 'Chart.yaml'), 'apiVersion: v2\nname: orders\nversion: 0.1.0\n');
  writeFileSync(path.join(c, 'values.yaml'), values);
  const block = (key: string, indent: number) =>
    use.includes(key)
      ? [
          `${' '.repeat(indent)}${key}:`,
          `${' '.repeat(indent + 2)}{{- toYaml .Values.${key} | nindent ${indent + 2} }}`,
        ]
      : [];
  writeFileSync(
    path.join(c, 'templates/deployment.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: orders',
      'spec:',
      '  selector:',
      '    matchLabels:',
      '      app: orders',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: orders',
      '    spec:',
      ...block('podSecurityContext', 6).map((l) => l.replace('podSecurityContext:', 'securityContext:')),
      '      containers:',
      '        - name: orders',
      '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
      ...block('securityContext', 10),
      '          ports:',
      '            - name: http',
      '              containerPort: 8080',
      ...block('livenessProbe', 10),
      ...block('readinessProbe', 10),
      '',
    ].join('\n'),
  );
  return dir;
}

const lineOf = (dir: string, file: string, re: RegExp) =>
  readFileSync(path.join(dir, file), 'utf8')
    .split('\n')
    .findIndex((l) => re.test(l)) + 1;

describe('chart findings about a value the template does not use (helm)', () => {
  it.skipIf(skipHelm)('point at the template, not at the right value in values.yaml', async () => {
    requireTool(helm);
    const dir = chart(VALUES, ['podSecurityContext', 'livenessProbe']);
    const r = await checkStatic(dir, { skipAdr: true });
    const template = 'deploy/chart/templates/deployment.yaml';
    const values = 'deploy/chart/values.yaml';
    const containers = lineOf(dir, template, /^\s*containers:/);
    const found = r.findings
      .filter((f) => ['helm-security-context', 'helm-probes', 'helm-read-only-root-fs'].includes(f.ruleId))
      .map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)
      .sort();
    const at = (re: RegExp) => lineOf(dir, values, re);
    expect(found).toEqual(
      [
        `helm-read-only-root-fs ${template}:${containers} Deployment orders, container orders: ` +
          `readOnlyRootFilesystem is not true, although ${values}:${at(/readOnlyRootFilesystem/)} sets it: ` +
          'the chart template does not use .Values.securityContext; render it in the template ' +
          '(e.g. {{- toYaml .Values.securityContext | nindent N }})',
        `helm-security-context ${template}:${containers} Deployment orders, container orders: ` +
          `allowPrivilegeEscalation is not false, although ${values}:${at(/allowPrivilegeEscalation/)} sets it: ` +
          'the chart template does not use .Values.securityContext; render it in the template ' +
          '(e.g. {{- toYaml .Values.securityContext | nindent N }})',
        `helm-security-context ${template}:${containers} Deployment orders, container orders: ` +
          `capabilities.drop does not include ALL, although ${values}:${at(/capabilities/)} sets it: ` +
          'the chart template does not use .Values.securityContext; render it in the template ' +
          '(e.g. {{- toYaml .Values.securityContext | nindent N }})',
        `helm-probes ${template}:${containers} Deployment orders, container orders has no readinessProbe, ` +
          `although ${values}:${at(/readinessProbe/) + 2} sets it: the chart template does not use ` +
          '.Values.readinessProbe; render it in the template (e.g. {{- toYaml .Values.readinessProbe | nindent N }})',
      ].sort(),
    );
  });

  it.skipIf(skipHelm)('still point at values.yaml when the value there is the wrong one', async () => {
    requireTool(helm);
    const wrong = VALUES.replace('  allowPrivilegeEscalation: false', '  allowPrivilegeEscalation: true');
    const dir = chart(wrong, ['podSecurityContext', 'securityContext', 'livenessProbe', 'readinessProbe']);
    const r = await checkStatic(dir, { skipAdr: true });
    const found = r.findings
      .filter((f) => f.ruleId === 'helm-security-context')
      .map((f) => `${f.file}:${f.line} ${f.message}`);
    expect(found).toEqual([
      `deploy/chart/values.yaml:${lineOf(dir, 'deploy/chart/values.yaml', /allowPrivilegeEscalation/)} ` +
        'Deployment orders, container orders: allowPrivilegeEscalation is not false: set it to false',
    ]);
  });
});
