// The Helm chart's values against its own schema: the defaults pass, and the mistakes the schema
// exists for (typos, weakened security context) fail.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { generate } from '../src/generate.js';
import { listTree, tempDir } from './support/cli.js';

// The values, read loosely: each test reaches into the one path it changes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type V = any;

async function render(lang: 'node' | 'go' | 'python') {
  const dir = path.join(tempDir(), 'chart-svc');
  await generate({
    dir,
    git: false,
    answers: {
      name: 'chart-svc',
      lang,
      base: 'distroless',
      description: 'd',
      owner: 'o',
      port: 8081,
      adrStatus: 'proposed',
    },
  });
  const chart = path.join(dir, 'deploy/chart');
  const schema = JSON.parse(fs.readFileSync(path.join(chart, 'values.schema.json'), 'utf8'));
  const values = parseYaml(fs.readFileSync(path.join(chart, 'values.yaml'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return { dir, chart, values, validate };
}

describe('Helm chart', () => {
  it.each(['node', 'go', 'python'] as const)('values.yaml validates against values.schema.json (%s)', async (lang) => {
    const { values, validate } = await render(lang);
    expect(validate(values), JSON.stringify(validate.errors)).toBe(true);
  });

  it('has the files Helm needs and every YAML parses', async () => {
    const { chart } = await render('go');
    const files = listTree(chart);
    for (const f of [
      'Chart.yaml',
      'values.yaml',
      'values.schema.json',
      'templates/deployment.yaml',
      'templates/service.yaml',
      'templates/serviceaccount.yaml',
      'templates/hpa.yaml',
      'templates/pdb.yaml',
      'templates/_helpers.tpl',
    ]) {
      expect(files).toContain(f);
    }
    for (const f of ['Chart.yaml', 'values.yaml']) {
      const docs = parseAllDocuments(fs.readFileSync(path.join(chart, f), 'utf8'));
      for (const doc of docs) expect(doc.errors, f).toEqual([]);
    }
  });

  it('carries the port, probes, shutdown and restricted security defaults', async () => {
    const { values } = await render('python');
    const text = JSON.stringify(values);
    expect(text).toContain('8081');
    expect(text).toContain('/healthz');
    expect(text).toContain('/readyz');
    expect(text).toContain('65532');
    expect(text).toContain('RuntimeDefault');
    expect(text).toMatch(/"drop":\["ALL"\]/);
  });

  // The validator only warns about these two (helm-cpu-limit, helm-read-only-root-fs): trade-offs.
  it.each([
    ['no CPU limit', (v: V) => void delete v.resources.limits.cpu],
    ['readOnlyRootFilesystem: false', (v: V) => void (v.securityContext.readOnlyRootFilesystem = false)],
    ['no readOnlyRootFilesystem', (v: V) => void delete v.securityContext.readOnlyRootFilesystem],
  ])('accepts %s', async (_label, mutate) => {
    const { values, validate } = await render('python');
    mutate(values);
    expect(validate(values), JSON.stringify(validate.errors)).toBe(true);
  });

  // What Pod Security "restricted" requires stays required.
  it.each([
    ['runAsNonRoot: false', (v: V) => void (v.securityContext.runAsNonRoot = false)],
    ['allowPrivilegeEscalation: true', (v: V) => void (v.securityContext.allowPrivilegeEscalation = true)],
    ['capabilities that keep some', (v: V) => void (v.securityContext.capabilities.drop = ['NET_RAW'])],
    ['seccomp Unconfined', (v: V) => void (v.podSecurityContext.seccompProfile.type = 'Unconfined')],
    ['a pod that may run as root', (v: V) => void delete v.podSecurityContext.runAsNonRoot],
    ['no memory limit', (v: V) => void delete v.resources.limits.memory],
    ['readOnlyRootFilesystem that is not a boolean', (v: V) => void (v.securityContext.readOnlyRootFilesystem = 'no')],
  ])('refuses %s', async (_label, mutate) => {
    const { values, validate } = await render('python');
    mutate(values);
    expect(validate(values)).toBe(false);
  });

  it.each([
    ['a misspelt top-level key', (v: Record<string, unknown>) => ({ ...v, iamge: { repository: 'x' } })],
    ['a wrong type for replicaCount', (v: Record<string, unknown>) => ({ ...v, replicaCount: 'two' })],
  ])('rejects %s', async (_label, mutate) => {
    const { values, validate } = await render('go');
    expect(validate(mutate(values))).toBe(false);
  });
});
