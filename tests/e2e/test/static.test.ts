// Static checks on services the generator makes: they pass, and copies that each break one thing get
// exactly that finding, on its line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkStatic } from '@distroless-service/validator/service';
import { describe, expect, it } from 'vitest';
import { validatorCli } from './support/bins.js';
import {
  edit,
  editJson,
  findHelmTool,
  generatedService,
  lineMatching,
  notable,
  requireTool,
  skipWithout,
  variant,
  type Lang,
} from './support/services.js';

const helm = findHelmTool();
const skipHelm = skipWithout(helm, 'checks of the chart by helm (lint --strict, template, the rendered objects)');
/** What every check adds on a machine without helm: the one install-hint warning. */
const noHelm = helm.bin ? [] : ['warning helm-available deploy/chart/Chart.yaml:0'];

describe('generated services pass', () => {
  for (const lang of ['go', 'node', 'python'] as Lang[]) {
    it(`${lang} on distroless: no errors, only digest-pin warnings (and no-helm where helm is absent)`, async () => {
      if (!skipHelm) requireTool(helm);
      const r = await checkStatic(generatedService(lang));
      expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(notable(r.findings)).toEqual(noHelm);
      expect(r.findings.some((f) => f.ruleId === 'dockerfile-digest-pin')).toBe(true);
      if (helm.bin)
        expect(r.renderer).toMatchObject({
          name: 'helm',
          path: helm.bin,
          version: expect.stringMatching(/^v[34]\.\d+/),
        });
      expect(r.facts.language).toBe(lang);
      expect(r.facts.user).toBe('65532:65532');
      expect(r.facts.port).toBe(8080);
      expect(r.facts.builderRuns.length).toBeGreaterThan(0);
    });
  }

  it('node on Fastify (--framework fastify): no errors, only digest-pin warnings, the same facts', async () => {
    if (!skipHelm) requireTool(helm);
    const r = await checkStatic(generatedService('node', 'distroless', 'fastify'));
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(notable(r.findings)).toEqual(noHelm);
    expect(r.facts).toMatchObject({ language: 'node', user: '65532:65532', port: 8080 });
  });

  it('facts describe how to build and run the service natively', async () => {
    const r = await checkStatic(generatedService('go'), { skipAdr: true });
    expect(r.facts).toMatchObject({
      runtimeImage: 'gcr.io/distroless/static-debian13:nonroot',
      builderImage: expect.stringMatching(/^golang:1\.\d+-trixie$/),
      entrypoint: [expect.stringMatching(/^\/app\//)],
      cmd: null,
      workdir: '/app',
    });
    expect(r.facts.builderRuns.some((c) => c.includes('go build'))).toBe(true);
    const node = await checkStatic(generatedService('node'), { skipAdr: true });
    expect(node.facts).toMatchObject({
      entrypoint: null,
      cmd: ['dist/server.js'],
      builderImage: 'node:24-trixie-slim',
    });
  });

  it('chainguard services must pin the digest of their latest-only images', async () => {
    const dir = generatedService('go', 'chainguard');
    const r = await checkStatic(dir, { skipAdr: true });
    const tags = r.findings.filter((f) => f.ruleId === 'dockerfile-image-tag');
    expect(tags.map((f) => `${f.severity} ${f.line}`)).toEqual([
      `error ${lineMatching(dir, 'Dockerfile', /^FROM cgr\.dev\/chainguard\/go:latest-dev/)}`,
      `error ${lineMatching(dir, 'Dockerfile', /^FROM cgr\.dev\/chainguard\/static:latest/)}`,
    ]);
    expect(tags[1]!.message).toMatch(/pin the digest/);
    // Pinned, the same Dockerfile passes the tag rule (latest@sha256 is fine, as in hadolint).
    const pinned = variant(
      'go',
      (d) => {
        const digest = `@sha256:${'a'.repeat(64)}`;
        edit(d, 'Dockerfile', 'go:latest-dev AS build', `go:latest-dev${digest} AS build`);
        edit(d, 'Dockerfile', 'static:latest\n', `static:latest${digest}\n`);
      },
      'chainguard',
    );
    const p = await checkStatic(pinned, { skipAdr: true });
    expect(p.findings.filter((f) => f.ruleId.startsWith('dockerfile-'))).toEqual([]);
  });

  it('chainguard python: unknown versions are a warning (their own rule), not an error', async () => {
    const dir = generatedService('python', 'chainguard');
    const r = await checkStatic(dir, { skipAdr: true });
    const v = r.findings.filter((f) => f.ruleId.startsWith('dockerfile-python-version'));
    expect(v.map((f) => `${f.severity} ${f.ruleId}`)).toEqual(['warning dockerfile-python-version-unknown']);
  });
});

interface Case {
  name: string;
  lang: Lang;
  mutate: (dir: string) => void;
  ruleId: string;
  file: string;
  /** Computes the expected line from the mutated service (0: the file as a whole). */
  line: (dir: string) => number;
  severity?: 'error' | 'warning';
  render?: boolean;
}

const D = 'Dockerfile';
const V = 'deploy/chart/values.yaml';
const S = 'deploy/chart/values.schema.json';
const T = 'deploy/chart/templates/deployment.yaml';

const cases: Case[] = [
  {
    name: 'shell-form ENTRYPOINT',
    lang: 'go',
    mutate: (d) => edit(d, D, /^ENTRYPOINT \["(\/app\/[^"]+)"\]$/m, 'ENTRYPOINT $1 --port 8080'),
    ruleId: 'dockerfile-exec-form',
    file: D,
    line: (d) => lineMatching(d, D, /^ENTRYPOINT \/app/),
  },
  {
    name: 'shell-form HEALTHCHECK',
    lang: 'python',
    mutate: (d) => edit(d, D, 'EXPOSE 8080\n', 'EXPOSE 8080\nHEALTHCHECK CMD curl -f http://localhost:8080/healthz\n'),
    ruleId: 'dockerfile-exec-form',
    file: D,
    line: (d) => lineMatching(d, D, /^HEALTHCHECK/),
  },
  {
    name: 'RUN in the final stage',
    lang: 'go',
    mutate: (d) => edit(d, D, 'WORKDIR /app\n', 'WORKDIR /app\nRUN mkdir -p /app/data\n'),
    ruleId: 'dockerfile-final-run',
    file: D,
    line: (d) => lineMatching(d, D, /^RUN mkdir/),
  },
  {
    name: 'USER root',
    lang: 'node',
    mutate: (d) => edit(d, D, 'USER 65532:65532', 'USER root'),
    ruleId: 'dockerfile-user',
    file: D,
    line: (d) => lineMatching(d, D, /^USER root/),
  },
  {
    name: 'USER nonroot (a name) is a warning',
    lang: 'go',
    mutate: (d) => edit(d, D, 'USER 65532:65532', 'USER nonroot'),
    ruleId: 'dockerfile-user-numeric',
    severity: 'warning',
    file: D,
    line: (d) => lineMatching(d, D, /^USER nonroot/),
  },
  {
    name: 'missing USER',
    lang: 'python',
    mutate: (d) => edit(d, D, 'USER 65532:65532\n', ''),
    ruleId: 'dockerfile-user',
    file: D,
    line: (d) => lineMatching(d, D, /^FROM gcr\.io\/distroless/),
  },
  {
    name: 'untagged base',
    lang: 'go',
    mutate: (d) => edit(d, D, /^FROM golang:\S+ AS build$/m, 'FROM golang AS build'),
    ruleId: 'dockerfile-image-tag',
    file: D,
    line: (d) => lineMatching(d, D, /^FROM golang AS build/),
  },
  {
    name: 'latest base',
    lang: 'go',
    mutate: (d) => edit(d, D, 'static-debian13:nonroot\n', 'static-debian13:latest\n'),
    ruleId: 'dockerfile-image-tag',
    file: D,
    line: (d) => lineMatching(d, D, /^FROM gcr\.io\/distroless\/static-debian13:latest/),
  },
  {
    name: 'final stage not a minimal base',
    lang: 'go',
    mutate: (d) => edit(d, D, /^FROM gcr\.io\/distroless\/static-debian13:nonroot$/m, 'FROM debian:trixie-slim'),
    ruleId: 'dockerfile-final-base',
    file: D,
    line: (d) => lineMatching(d, D, /^FROM debian:trixie-slim/),
  },
  {
    name: 'Go without CGO_ENABLED=0 on a static base',
    lang: 'go',
    mutate: (d) => edit(d, D, 'ENV CGO_ENABLED=0\n', ''),
    ruleId: 'dockerfile-go-cgo',
    file: D,
    line: (d) => lineMatching(d, D, /^RUN .*go-build/),
  },
  {
    name: 'Python builder 3.12 with python3-debian13',
    lang: 'python',
    mutate: (d) => edit(d, D, /python:3\.13-slim-trixie/, 'python:3.12-slim-trixie'),
    ruleId: 'dockerfile-python-version',
    file: D,
    line: (d) => lineMatching(d, D, /^FROM python:3\.12/),
  },
  {
    name: 'Node builder 22 with nodejs24',
    lang: 'node',
    mutate: (d) => edit(d, D, /node:24-trixie-slim/, 'node:22-trixie-slim'),
    ruleId: 'dockerfile-node-version',
    file: D,
    line: (d) => lineMatching(d, D, /^FROM node:22/),
  },
  {
    name: 'Node builder tag without a version',
    lang: 'node',
    mutate: (d) => edit(d, D, /node:24-trixie-slim/, 'node:lts-trixie-slim'),
    ruleId: 'dockerfile-node-version-unknown',
    severity: 'warning',
    file: D,
    line: (d) => lineMatching(d, D, /^FROM node:lts/),
  },
  {
    name: 'npm start in CMD',
    lang: 'node',
    mutate: (d) => edit(d, D, 'CMD ["dist/server.js"]', 'CMD ["npm", "start"]'),
    ruleId: 'dockerfile-node-package-manager',
    file: D,
    line: (d) => lineMatching(d, D, /^CMD \["npm"/),
  },
  {
    name: '.dockerignore without .git',
    lang: 'go',
    mutate: (d) => edit(d, '.dockerignore', /^\.git$\n/m, ''),
    ruleId: 'dockerignore',
    file: '.dockerignore',
    line: () => 0,
  },
  {
    name: '.dockerignore without node_modules (Node)',
    lang: 'node',
    mutate: (d) => edit(d, '.dockerignore', '**/node_modules\n', ''),
    ruleId: 'dockerignore',
    file: '.dockerignore',
    line: () => 0,
  },
  {
    name: 'chart value of the wrong type',
    lang: 'go',
    mutate: (d) => edit(d, V, 'replicaCount: 2', 'replicaCount: "two"'),
    ruleId: 'helm-values-schema',
    file: V,
    line: (d) => lineMatching(d, V, /^replicaCount:/),
  },
  {
    name: 'chart key typo',
    lang: 'node',
    mutate: (d) => edit(d, V, 'nodeSelector: {}', 'nodeSelecter: {}'),
    ruleId: 'helm-values-schema',
    file: V,
    line: (d) => lineMatching(d, V, /^nodeSelecter:/),
  },
  // The rendered-Deployment cases also loosen the one schema rule that would catch the value
  // first: they prove the check on the rendered object, as for a chart without such a schema.
  {
    name: 'identical liveness and readiness paths',
    lang: 'go',
    render: true,
    mutate: (d) => {
      edit(d, V, 'path: /readyz', 'path: /healthz');
      editJson(d, S, (s) => delete s.properties.readinessProbe.properties.httpGet.properties.path.not);
    },
    ruleId: 'helm-probes',
    file: V,
    line: (d) => lineMatching(d, V, /^readinessProbe:/) + 2,
  },
  {
    // Review finding 5: values.yaml is right, the template leaves the value out: the template is the fault.
    name: 'readinessProbe deleted from the template, still in values.yaml',
    lang: 'go',
    render: true,
    mutate: (d) => edit(d, T, /^ {10}readinessProbe:\n {12}\{\{- toYaml \.Values\.readinessProbe .*\n/m, ''),
    ruleId: 'helm-probes',
    file: T,
    line: (d) => lineMatching(d, T, /^ {6}containers:/),
  },
  {
    name: 'runAsUser: 0',
    lang: 'python',
    render: true,
    mutate: (d) => {
      edit(d, V, '  runAsUser: 65532', '  runAsUser: 0');
      editJson(d, S, (s) => delete s.properties.podSecurityContext.properties.runAsUser.minimum);
    },
    ruleId: 'helm-security-context',
    file: V,
    line: (d) => lineMatching(d, V, /^ {2}runAsUser: 0/),
  },
  {
    name: 'missing limits',
    lang: 'node',
    render: true,
    mutate: (d) => {
      edit(d, V, /^ {2}limits:\n( {4}.*\n)+/m, '');
      editJson(d, S, (s) => {
        s.properties.resources.required = ['requests'];
      });
    },
    ruleId: 'helm-resources',
    file: V,
    line: (d) => lineMatching(d, V, /^resources:/),
  },
  // Trade-offs, not requirements: the chart's schema allows them and the rules only warn.
  {
    name: 'no CPU limit',
    lang: 'python',
    render: true,
    mutate: (d) => edit(d, V, /^ {4}cpu: 500m\n/m, ''),
    ruleId: 'helm-cpu-limit',
    severity: 'warning',
    file: V,
    line: (d) => lineMatching(d, V, /^ {2}limits:/),
  },
  {
    name: 'readOnlyRootFilesystem: false',
    lang: 'go',
    render: true,
    mutate: (d) => edit(d, V, 'readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false'),
    ruleId: 'helm-read-only-root-fs',
    severity: 'warning',
    file: V,
    line: (d) => lineMatching(d, V, /readOnlyRootFilesystem: false/),
  },
  {
    name: 'image tag latest',
    lang: 'go',
    render: true,
    mutate: (d) => {
      edit(d, V, 'tag: ""', 'tag: latest');
      editJson(d, S, (s) => delete s.properties.image.properties.tag.not);
    },
    ruleId: 'helm-image-tag',
    file: V,
    line: (d) => lineMatching(d, V, /^ {2}tag: latest/),
  },
  {
    name: 'a template that renders an invalid Deployment',
    lang: 'go',
    render: true,
    mutate: (d) =>
      edit(
        d,
        'deploy/chart/templates/deployment.yaml',
        'containerPort: {{ .Values.containerPort }}',
        'containerPort: "{{ .Values.containerPort }}"',
      ),
    ruleId: 'helm-k8s-schema',
    file: 'deploy/chart/templates/deployment.yaml',
    line: (d) => lineMatching(d, 'deploy/chart/templates/deployment.yaml', /containerPort:/),
  },
  {
    name: 'a template that does not render',
    lang: 'python',
    render: true,
    mutate: (d) =>
      edit(
        d,
        'deploy/chart/templates/service.yaml',
        /\{\{ include "service\.fullname" \. \}\}/,
        '{{ include "service.fullnam" . }}',
      ),
    ruleId: 'helm-render',
    file: 'deploy/chart/templates/service.yaml',
    line: (d) => lineMatching(d, 'deploy/chart/templates/service.yaml', /service\.fullnam"/),
  },
  {
    name: 'an object name Kubernetes rejects (helm lint --strict)',
    lang: 'node',
    render: true,
    mutate: (d) =>
      edit(
        d,
        'deploy/chart/templates/service.yaml',
        /^( {2}name: \{\{ include "service\.fullname" \. \}\})$/m,
        '$1_http',
      ),
    ruleId: 'helm-lint',
    file: 'deploy/chart/templates/service.yaml',
    line: () => 0,
  },
  {
    name: 'an ADR with an invalid status',
    lang: 'go',
    mutate: (d) => {
      edit(d, 'docs/adr/0001-use-distroless-base-images.md', 'status: proposed', 'status: maybe');
      // The index in docs/adr/README.md follows, so only the status itself is wrong.
      edit(d, 'docs/adr/README.md', '| proposed |', '| maybe |');
    },
    ruleId: 'adr/status-valid',
    // An unknown status is a warning until the repository lists its statuses (issue 9).
    severity: 'warning',
    file: 'docs/adr/0001-use-distroless-base-images.md',
    line: () => 2,
  },
];

describe('services that break one thing get exactly that finding', () => {
  for (const c of cases) {
    const skip = c.render && skipHelm;
    it.skipIf(skip)(`${c.name} → ${c.ruleId}`, async () => {
      if (c.render) requireTool(helm);
      const dir = variant(c.lang, c.mutate);
      const r = await checkStatic(dir);
      expect(notable(r.findings).sort()).toEqual(
        [`${c.severity ?? 'error'} ${c.ruleId} ${c.file}:${c.line(dir)}`, ...(c.render ? [] : noHelm)].sort(),
      );
      const f = r.findings.find((x) => x.ruleId === c.ruleId)!;
      expect(f.message.length).toBeGreaterThan(20);
    });
  }
});

describe('degraded environments', () => {
  it('no helm: exactly one helm-available warning saying how to install it, and the other findings', async () => {
    const dir = variant('node', (d) => {
      edit(d, D, 'USER 65532:65532', 'USER root');
      edit(d, V, 'nodeSelector: {}', 'nodeSelecter: {}');
    });
    // No helm on PATH (a PATH holding nothing), then helm switched off by the caller.
    const path0 = process.env.PATH;
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), 'no-helm-'));
    let missing: Awaited<ReturnType<typeof checkStatic>>;
    try {
      missing = await checkStatic(dir, {});
    } finally {
      process.env.PATH = path0;
    }
    const off = await checkStatic(dir, { helm: false });
    for (const r of [missing, off]) {
      expect(notable(r.findings).sort()).toEqual(
        [
          `error dockerfile-user Dockerfile:${lineMatching(dir, D, /^USER root/)}`,
          `error helm-values-schema ${V}:${lineMatching(dir, V, /^nodeSelecter:/)}`,
          'warning helm-available deploy/chart/Chart.yaml:0',
        ].sort(),
      );
      expect(r.renderer).toBeNull();
    }
    const warning = missing.findings.find((f) => f.ruleId === 'helm-available')!;
    expect(warning.message).toMatch(/^no helm on PATH: /);
    expect(warning.message).toContain('go install helm.sh/helm/v4/cmd/helm@');
    expect(warning.message).toContain('--helm <path>');
    // The caller's own choice is not a missing tool: no install hint.
    const offWarning = off.findings.find((f) => f.ruleId === 'helm-available')!;
    expect(offWarning.message).toMatch(/^helm switched off \(helm: false\): /);
    expect(offWarning.message).not.toContain('go install');
  });

  it('a helm that does not run: one helm-render error, nothing rendered', async () => {
    // Node is an executable that is certainly not helm: `node version --template …` fails.
    const r = await checkStatic(generatedService('go'), { helm: process.execPath, skipAdr: true });
    expect(notable(r.findings)).toEqual(['error helm-render deploy/chart/Chart.yaml:0']);
    expect(r.findings.find((f) => f.ruleId === 'helm-render')!.message).toContain(
      `${process.execPath} does not run as helm`,
    );
    expect(r.renderer).toBeNull();
  });

  it('--helm that is not an executable: exit 2 with a clear message, nothing checked', async () => {
    const r = spawnSync(process.execPath, [validatorCli, 'service', generatedService('go'), '--helm', 'no/such/helm'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('distroless-validate service: --helm no/such/helm is not an executable file\n');
    expect(r.stdout).toBe('');
  });

  it('no chart: one helm-chart-present warning', async () => {
    const dir = variant('node', (d) => fs.rmSync(path.join(d, 'deploy'), { recursive: true }));
    const r = await checkStatic(dir);
    expect(notable(r.findings)).toEqual(['warning helm-chart-present deploy/chart:0']);
    expect(r.renderer).toBeNull();
  });

  it('no Dockerfile and no .dockerignore: findings, not exceptions', async () => {
    const dir = variant('python', (d) => fs.rmSync(path.join(d, 'Dockerfile')));
    const r = await checkStatic(dir, { skipAdr: true });
    expect(notable(r.findings).sort()).toEqual(['error dockerfile-present Dockerfile:0', ...noHelm].sort());
    expect(r.facts.runtimeImage).toBeNull();
  });

  it('allowedBases replaces the default list', async () => {
    const r = await checkStatic(generatedService('go'), {
      allowedBases: ['registry.example.com/base/'],
      skipAdr: true,
    });
    expect(notable(r.findings).sort()).toEqual(
      [
        `error dockerfile-final-base Dockerfile:${lineMatching(generatedService('go'), D, /^FROM gcr/)}`,
        ...noHelm,
      ].sort(),
    );
  });
});
