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

/** A Deployment's lines down to its pod spec, which each test's template goes on from. */
const DEPLOYMENT_HEAD = [
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
];

/** A service folder with a chart of this values.yaml and templates/deployment.yaml. */
function write(values: string, deployment: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'unused-'));
  const c = path.join(dir, 'deploy/chart');
  mkdirSync(path.join(c, 'templates'), { recursive: true });
  writeFileSync(path.join(c, 'Chart.yaml'), 'apiVersion: v2\nname: orders\nversion: 0.1.0\n');
  writeFileSync(path.join(c, 'values.yaml'), values);
  writeFileSync(path.join(c, 'templates/deployment.yaml'), deployment);
  return dir;
}

/** A chart whose deployment renders the blocks named in `use` from values.yaml, and leaves the rest out. */
function chart(values: string, use: string[]): string {
  const block = (key: string, indent: number) =>
    use.includes(key)
      ? [
          `${' '.repeat(indent)}${key}:`,
          `${' '.repeat(indent + 2)}{{- toYaml .Values.${key} | nindent ${indent + 2} }}`,
        ]
      : [];
  return write(
    values,
    [
      ...DEPLOYMENT_HEAD,
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

// The same for the image tag, resources, the CPU limit and hostNetwork: values.yaml right, the template not.
const RESOURCES = [
  'resources:',
  '  requests:',
  '    cpu: 50m',
  '    memory: 64Mi',
  '  limits:',
  '    cpu: 500m',
  '    memory: 128Mi',
  'hostNetwork: false',
  '',
].join('\n');

/** A deployment that renders every value but those `lines` replace: `image`, `resources` and `hostNetwork`. */
function deployment(lines: { image?: string; resources?: string[]; hostNetwork?: string }): string {
  const toYaml = (key: string, indent: number) => [
    `${' '.repeat(indent)}${key}:`,
    `${' '.repeat(indent + 2)}{{- toYaml .Values.${key} | nindent ${indent + 2} }}`,
  ];
  return [
    ...DEPLOYMENT_HEAD,
    `      hostNetwork: ${lines.hostNetwork ?? '{{ .Values.hostNetwork }}'}`,
    '      securityContext:',
    '        {{- toYaml .Values.podSecurityContext | nindent 8 }}',
    '      containers:',
    '        - name: orders',
    `          image: ${lines.image ?? '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"'}`,
    ...toYaml('securityContext', 10),
    ...(lines.resources ?? toYaml('resources', 10)),
    '          ports:',
    '            - name: http',
    '              containerPort: 8080',
    ...toYaml('livenessProbe', 10),
    ...toYaml('readinessProbe', 10),
    '',
  ].join('\n');
}

const RULES = ['helm-image-tag', 'helm-resources', 'helm-cpu-limit', 'helm-security-context'];

async function findings(dir: string): Promise<string[]> {
  const r = await checkStatic(dir, { skipAdr: true });
  return r.findings
    .filter((f) => RULES.includes(f.ruleId))
    .map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)
    .sort();
}

describe('image tag, resources, CPU limit, hostNetwork: a value the template does not use (helm)', () => {
  const template = 'deploy/chart/templates/deployment.yaml';
  const values = 'deploy/chart/values.yaml';
  const D = 'Deployment orders';
  const C = `${D}, container orders`;

  it.skipIf(skipHelm)(
    'point at the template when values.yaml pins the tag, sets resources and no hostNetwork',
    async () => {
      requireTool(helm);
      const dir = write(
        VALUES + RESOURCES,
        deployment({ image: '"{{ .Values.image.repository }}:latest"', resources: [], hostNetwork: 'true' }),
      );
      const t = (re: RegExp) => lineOf(dir, template, re);
      const v = (re: RegExp) => lineOf(dir, values, re);
      expect(await findings(dir)).toEqual(
        [
          `helm-image-tag ${template}:${t(/^\s*image:/)} ${C} runs 'registry.example.com/orders:latest': ` +
            `'latest' moves, although ${values}:${v(/^ {2}tag:/)} sets it: the chart template does not use ` +
            '.Values.image; render it in the template ' +
            '(e.g. image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}")',
          `helm-resources ${template}:${t(/^\s*containers:/)} ${C} has no resources requests.cpu, ` +
            `requests.memory, limits.memory, although ${values}:${v(/^ {4}cpu: 50m/)} sets them: the chart ` +
            'template does not use .Values.resources; render it in the template ' +
            '(e.g. {{- toYaml .Values.resources | nindent N }})',
          `helm-security-context ${template}:${t(/^\s*hostNetwork:/)} ${D} sets hostNetwork: true, although ` +
            `${values}:${v(/^hostNetwork:/)} sets it to false: the chart template does not use .Values.hostNetwork; ` +
            'remove hostNetwork: true from the template (not allowed by Pod Security baseline)',
        ].sort(),
      );
    },
  );

  it.skipIf(skipHelm)('point at the template when values.yaml sets a CPU limit the template leaves out', async () => {
    requireTool(helm);
    const resources = [
      '          resources:',
      '            requests:',
      '              {{- toYaml .Values.resources.requests | nindent 14 }}',
      '            limits:',
      '              memory: {{ .Values.resources.limits.memory }}',
    ];
    const dir = write(VALUES + RESOURCES, deployment({ resources }));
    expect(await findings(dir)).toEqual([
      `helm-cpu-limit ${template}:${lineOf(dir, template, /^\s*resources:/)} ${C} has no CPU limit, although ` +
        `${values}:${lineOf(dir, values, /^ {4}cpu: 500m/)} sets it: the chart template does not use ` +
        '.Values.resources; render it in the template (e.g. {{- toYaml .Values.resources | nindent N }})',
    ]);
  });

  it.skipIf(skipHelm)('point at the template when values.yaml pins a digest the template leaves out', async () => {
    requireTool(helm);
    const digest = `sha256:${'a'.repeat(64)}`;
    const dir = write(
      VALUES.replace('  tag: "1.4.2"', `  tag: ""\n  digest: "${digest}"`) + RESOURCES,
      deployment({ image: '"{{ .Values.image.repository }}{{ with .Values.image.tag }}:{{ . }}{{ end }}"' }),
    );
    expect(await findings(dir)).toEqual([
      `helm-image-tag ${template}:${lineOf(dir, template, /^\s*image:/)} ${C} runs 'registry.example.com/orders': ` +
        `no tag means latest, although ${values}:${lineOf(dir, values, /^ {2}digest:/)} sets it: the chart ` +
        'template does not use .Values.image; render it in the template ' +
        '(e.g. image: "{{ .Values.image.repository }}@{{ .Values.image.digest }}")',
    ]);
  });

  it.skipIf(skipHelm)('still point at values.yaml when the value there is the wrong one', async () => {
    requireTool(helm);
    const wrong = (VALUES + RESOURCES)
      .replace('  tag: "1.4.2"', '  tag: latest')
      .replace('    cpu: 500m\n', '')
      .replace('hostNetwork: false', 'hostNetwork: true');
    const dir = write(wrong, deployment({}));
    const v = (re: RegExp) => lineOf(dir, values, re);
    expect(await findings(dir)).toEqual(
      [
        `helm-image-tag ${values}:${v(/^ {2}tag:/)} ${C} runs 'registry.example.com/orders:latest': ` +
          "'latest' moves; set image.tag to the release version (or image.digest to sha256:…)",
        `helm-cpu-limit ${values}:${v(/^ {2}limits:/)} ${C} has no CPU limit: consider limits.cpu ` +
          '(kube-score and Polaris ask for it)',
        `helm-security-context ${values}:${v(/^hostNetwork:/)} ${D} sets hostNetwork: true; remove it ` +
          '(not allowed by Pod Security baseline)',
      ].sort(),
    );
  });

  it.skipIf(skipHelm)(
    'point at values.yaml for a resource it lacks, though it sets another the container lacks',
    async () => {
      requireTool(helm);
      const dir = write(VALUES + RESOURCES.replace('    memory: 128Mi\n', ''), deployment({ resources: [] }));
      expect(await findings(dir)).toEqual([
        `helm-resources ${values}:${lineOf(dir, values, /^ {2}limits:/)} ${C} has no resources requests.cpu, ` +
          'requests.memory, limits.memory: set them (e.g. requests cpu 50m, memory 64Mi; limits memory 128Mi) ' +
          'so the scheduler can place it and a leak cannot starve the node',
      ]);
    },
  );
});
