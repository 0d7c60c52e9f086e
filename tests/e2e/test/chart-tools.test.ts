// The generated chart and workflow under the real tools: helm lint --strict and a render whose
// release name differs from the chart name, kube-score on that render (zero findings), the render
// failures the chart adds to its schema, and actionlint on the CI workflow of every language.
// The tools come from .ci/tools.sh (`eval "$(.ci/tools.sh helm kube-score actionlint)"`); where
// one is missing its tests skip with the reason, except under CI=true, where they fail.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { onPath } from '@distroless-service/validator/service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { generate } from 'create-distroless-service';
import { tempDir } from './support/generator.js';
import { requireTool, skipWithout, type Tool } from './support/toolchain.js';

const require = createRequire(import.meta.url);

const find = (name: string): Tool => {
  const bin = onPath(name);
  return { bin, reason: bin ? null : `no ${name} on PATH (eval "$(.ci/tools.sh ${name})" installs it)` };
};
const helm = find('helm');
const kubeScore = find('kube-score');
const actionlint = find('actionlint');
const KUBE = '1.33.0';
// Rendered Kubernetes objects, read loosely: the assertions themselves check the shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type K8s = any;

async function service(lang: 'node' | 'go' | 'python', name = 'tools-svc') {
  const dir = path.join(tempDir(), name);
  await generate({
    dir,
    git: false,
    answers: {
      name,
      lang,
      base: 'distroless',
      description: 'd',
      owner: 'o',
      port: 8080,
      adrStatus: 'proposed',
    },
  });
  return dir;
}

function run(bin: string, args: string[], input?: string) {
  return spawnSync(bin, args, { encoding: 'utf8', input, timeout: 120_000 });
}

function render(bin: string, chart: string, release: string, ...set: string[]) {
  return run(bin, ['template', release, chart, '--kube-version', KUBE, ...set.flatMap((s) => ['--set', s])]);
}

describe.skipIf(skipWithout(helm, 'helm checks of the chart'))('chart under helm', () => {
  it.each(['node', 'go', 'python'] as const)('passes helm lint --strict (%s)', async (lang) => {
    const bin = requireTool(helm);
    const chart = path.join(await service(lang), 'deploy/chart');
    const r = run(bin, ['lint', '--strict', chart, '--kube-version', KUBE]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('renders what kube-linter and Polaris asked for, whatever the release is called', async () => {
    const bin = requireTool(helm);
    const r = render(bin, path.join(await service('go'), 'deploy/chart'), 'my-release');
    expect(r.status, r.stderr).toBe(0);
    const objects: K8s[] = parseAllDocuments(r.stdout)
      .map((d) => d.toJS() as K8s)
      .filter(Boolean);
    const byKind = (kind: string): K8s[] => objects.filter((o) => o.kind === kind);
    const deployment: K8s = byKind('Deployment')[0];
    const pod = deployment.spec.template;
    // Polaris metadataAndInstanceMismatched: the instance label is the object's name.
    expect(deployment.metadata.labels['app.kubernetes.io/instance']).toBe(deployment.metadata.name);
    // kube-linter no-anti-affinity; kube-score pod anti-affinity.
    expect(pod.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    // kube-score / Polaris pull policy.
    expect(pod.spec.containers[0].imagePullPolicy).toBe('Always');
    // Polaris priorityClassNotSet: no class by default, so an exemption that says why.
    expect(pod.spec.priorityClassName).toBeUndefined();
    expect(pod.metadata.annotations['polaris.fairwinds.com/priorityClassNotSet-exempt']).toBe('true');
    // NetworkPolicy on by default: ingress to the service port only.
    const policy: K8s = byKind('NetworkPolicy').find((p) => p.metadata.name === deployment.metadata.name);
    expect(policy.spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(policy.spec.ingress).toEqual([{ ports: [{ port: 'http', protocol: 'TCP' }] }]);
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    // helm test: the service image in probe mode, not selected by the Service.
    const test: K8s = byKind('Pod').find((p) => p.metadata.annotations['helm.sh/hook'] === 'test');
    expect(test.spec.containers[0].args).toEqual(['probe', 'http://my-release-tools-svc:80/readyz']);
    const svc: K8s = byKind('Service')[0];
    const selects = Object.entries(svc.spec.selector).every(([k, v]) => test.metadata.labels[k] === v);
    expect(selects, 'the Service must not route to the test pod').toBe(false);
  });

  it('renders the optional Ingress, HTTPRoute, ServiceMonitor, HPA and extra volumes/env', async () => {
    const bin = requireTool(helm);
    const chart = path.join(await service('node'), 'deploy/chart');
    const r = render(
      bin,
      chart,
      'r',
      'ingress.enabled=true',
      'httpRoute.enabled=true',
      'httpRoute.parentRefs[0].name=public',
      'serviceMonitor.enabled=true',
      'autoscaling.enabled=true',
      'envFrom[0].configMapRef.name=settings',
      'extraVolumes[0].name=settings',
      'extraVolumes[0].configMap.name=settings',
      'extraVolumeMounts[0].name=settings',
      'extraVolumeMounts[0].mountPath=/etc/settings',
    );
    expect(r.status, r.stderr).toBe(0);
    const kinds = parseAllDocuments(r.stdout).map((d) => (d.toJS() as { kind?: string } | null)?.kind);
    for (const kind of ['Ingress', 'HTTPRoute', 'ServiceMonitor', 'HorizontalPodAutoscaler'])
      expect(kinds).toContain(kind);
    expect(r.stdout).toContain('mountPath: /etc/settings');
    expect(r.stdout).toMatch(/envFrom:\n\s+- configMapRef:\n\s+name: settings/);
  });

  // Kubernetes limits label values and DNS-1123 label names to 63 characters; the `helm test`
  // objects add suffixes to the (already 63-character) name and full name.
  it.each([
    ['a 63-character name', 'a'.repeat(62) + 'z', 'rel-x'],
    ['a 59-character name', 'n'.repeat(59), 'rel-x'],
    ['a release of 53 characters', 'long-svc', 'r'.repeat(53)],
  ])('keeps every name and label value within 63 characters with %s', async (_what, name, release) => {
    const bin = requireTool(helm);
    const r = render(bin, path.join(await service('python', name), 'deploy/chart'), release);
    expect(r.status, r.stderr).toBe(0);
    const objects: K8s[] = parseAllDocuments(r.stdout)
      .map((d) => d.toJS() as K8s)
      .filter(Boolean);
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['Pod', 'NetworkPolicy', 'Deployment']));
    const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
    const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
    const bad: string[] = [];
    const checkLabels = (where: string, labels: Record<string, unknown> | undefined) => {
      for (const [key, value] of Object.entries(labels ?? {})) {
        const text = String(value);
        if (text.length > 63 || !labelValue.test(text)) bad.push(`${where} ${key}: ${text} (${text.length})`);
      }
    };
    for (const o of objects) {
      const where = `${o.kind}/${o.metadata.name}`;
      if (o.metadata.name.length > 63 || !dnsLabel.test(o.metadata.name))
        bad.push(`${where}: name (${o.metadata.name.length})`);
      checkLabels(where, o.metadata.labels);
      checkLabels(`${where} pod template`, o.spec?.template?.metadata?.labels);
      checkLabels(`${where} selector`, o.spec?.selector?.matchLabels ?? o.spec?.podSelector?.matchLabels);
    }
    expect(bad).toEqual([]);
    // Still told apart from the service's own pods: the Service must never route to the test pod.
    const pod = objects.find((o) => o.kind === 'Pod');
    const deployment = objects.find((o) => o.kind === 'Deployment');
    expect(pod.metadata.labels['app.kubernetes.io/instance']).not.toBe(
      deployment.spec.selector.matchLabels['app.kubernetes.io/instance'],
    );
    expect(pod.metadata.labels['app.kubernetes.io/name']).not.toBe(
      deployment.spec.selector.matchLabels['app.kubernetes.io/name'],
    );
  });

  it.each([
    ['memory in millibytes', 'resources.limits.memory=128m', /resources\/limits\/memory/],
    ['a PDB that allows no eviction', 'podDisruptionBudget.maxUnavailable=0', /podDisruptionBudget\/maxUnavailable/],
    [
      'an HPA whose minimum exceeds its maximum',
      'autoscaling.enabled=true,autoscaling.minReplicas=9',
      /minReplicas \(9\) must not exceed/,
    ],
    ['extraEnv setting PORT', 'extraEnv[0].name=PORT,extraEnv[0].value=1', /extraEnv\/0\/name/],
    ['an HTTPRoute without a Gateway', 'httpRoute.enabled=true', /httpRoute\/parentRefs/],
  ])('refuses %s', async (_what, set, message) => {
    const bin = requireTool(helm);
    const r = render(bin, path.join(await service('python'), 'deploy/chart'), 'r', set);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });
});

describe.skipIf(skipWithout(helm, 'kube-score') || skipWithout(kubeScore, 'kube-score'))(
  'chart under kube-score',
  () => {
    it.each(['node', 'go', 'python'] as const)('has zero findings on the default render (%s)', async (lang) => {
      const h = requireTool(helm);
      const ks = requireTool(kubeScore);
      const r = render(h, path.join(await service(lang), 'deploy/chart'), 'my-release');
      expect(r.status, r.stderr).toBe(0);
      const score = run(ks, ['score', '-'], r.stdout);
      expect(score.status, score.stdout + score.stderr).toBe(0);
      expect(score.stdout).not.toMatch(/\[(CRITICAL|WARNING)\]/);
    });
  },
);

describe.skipIf(skipWithout(actionlint, 'actionlint'))('generated CI workflow', () => {
  it.each(['node', 'go', 'python'] as const)('passes actionlint (%s)', async (lang) => {
    const bin = requireTool(actionlint);
    const r = run(bin, [path.join(await service(lang), '.github/workflows/ci.yml')]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});

describe('generated CI workflow, as written', () => {
  it.each(['node', 'go', 'python'] as const)(
    'pins every action by SHA, the validator at this version, and delivers a signed image (%s)',
    async (lang) => {
      const dir = await service(lang);
      const text = fs.readFileSync(path.join(dir, '.github/workflows/ci.yml'), 'utf8');
      const uses = [...text.matchAll(/^\s*(?:- )?uses: (\S+)(.*)$/gm)];
      expect(uses.length).toBeGreaterThan(5);
      for (const [, ref, comment] of uses) {
        expect(ref, ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
        expect(comment, ref).toMatch(/^ # v\d+\.\d+\.\d+$/);
      }
      // The generator's own version: the service is made by, and validated with, that release.
      const { version } = require('create-distroless-service/package.json') as { version: string };
      const validator = [...text.matchAll(/@distroless-service\/validator(@\S+)?/g)].map((m) => m[1]);
      expect(validator.length).toBe(2);
      expect(validator).toEqual([`@${version}`, `@${version}`]);
      const jobs: K8s = parseAllDocuments(text)[0]!.toJS().jobs;
      expect(Object.keys(jobs)).toEqual(expect.arrayContaining(['test', 'chart', 'adr', 'verify', 'image']));
      expect(JSON.stringify(jobs.chart)).toContain('helm lint --strict deploy/chart');
      expect(JSON.stringify(jobs.verify)).toContain('distroless-validate service');
      const push: K8s = jobs.image.steps.find((s: K8s) => s.id === 'build');
      expect(push.with).toMatchObject({ sbom: true, provenance: 'mode=max' });
      expect(jobs.image.permissions).toMatchObject({ packages: 'write', 'id-token': 'write' });
      expect(JSON.stringify(jobs.image.steps)).toMatch(/cosign sign --yes/);
      expect(JSON.stringify(jobs.image.steps)).toMatch(/anchore\/scan-action@/);
      expect(fs.existsSync(path.join(dir, 'renovate.json'))).toBe(true);
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'renovate.json'), 'utf8')).extends).toContain(
        'helpers:pinGitHubActionDigests',
      );
    },
  );
});
