// Loads deploy/chart: Chart.yaml, values.yaml (with positions), values.schema.json (ajv), then
// runs helm on it (lint --strict, template) and validates the rendered objects. Values that fail
// the schema are not given to helm, which applies the same schema and would refuse them too: one
// bad value yields one finding, on its line in values.yaml. The schema check needs no helm.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { validateManifests } from './kube.js';
import { findHelm, HELM_INSTALL_HINT, helmTool, lintChart, renderChart } from './render.js';
import type { Problem } from '../../core/index.js';
import type { ChartModel, HelmTool, RenderOutcome, StaticCheckOptions, ValuesFile } from './types.js';
import { lineOf, parseValues, pointerToPath } from './values.js';
import { readServiceFile, unsafeEntries } from '../read.js';

export const CHART_DIR = 'deploy/chart';

function describe(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') {
    const key = String((e.params as { additionalProperty: string }).additionalProperty);
    return `unknown key '${key}' (a typo?): the schema allows no such key; remove or rename it`;
  }
  if (e.keyword === 'enum')
    return `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  if (e.keyword === 'const') return `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
  return e.message ?? 'invalid';
}

export function schemaProblems(
  schemaText: string,
  schemaFile: string,
  values: ValuesFile,
): { problems: Problem[]; broken: boolean } {
  let schema: unknown;
  try {
    schema = JSON.parse(schemaText);
  } catch (e) {
    return {
      problems: [
        { file: schemaFile, line: 0, message: `values.schema.json is not valid JSON: ${(e as Error).message}` },
      ],
      broken: true,
    };
  }
  const draft2020 =
    typeof (schema as { $schema?: unknown }).$schema === 'string' &&
    /2019-09|2020-12/.test((schema as { $schema: string }).$schema);
  // strict: false: chart schemas carry annotations ajv does not know; they are not errors for helm either.
  const ajv = draft2020 ? new Ajv2020({ allErrors: true, strict: false }) : new Ajv({ allErrors: true, strict: false });
  let validate;
  try {
    validate = ajv.compile(schema as object);
  } catch (e) {
    return {
      problems: [
        { file: schemaFile, line: 0, message: `values.schema.json does not compile: ${(e as Error).message}` },
      ],
      broken: true,
    };
  }
  if (validate(values.data)) return { problems: [], broken: false };
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    // anyOf/oneOf/not report one error per branch; the wrapper's message is the useful one.
    if (e.keyword === 'if') continue;
    const p = pointerToPath(e.instancePath);
    if (e.keyword === 'additionalProperties')
      p.push(String((e.params as { additionalProperty: string }).additionalProperty));
    const where = p.join('.') || '(root)';
    const key = `${where}|${e.keyword}`;
    if (seen.has(where) && e.keyword !== 'additionalProperties') continue;
    seen.add(where);
    seen.add(key);
    const { line } = lineOf(values, p);
    out.push({ file: values.file, line, message: `${where}: ${describe(e)} (values.schema.json)` });
  }
  return { problems: out, broken: false };
}

export async function loadChart(dir: string, options: StaticCheckOptions): Promise<ChartModel | null> {
  const chartAbs = path.join(dir, CHART_DIR);
  if (!fs.existsSync(chartAbs)) return null;
  const model: ChartModel = {
    dir: CHART_DIR,
    valuesFile: null,
    problems: [],
    schemaFile: null,
    schemaErrors: [],
    helm: null,
    lint: { kind: 'skipped' },
    render: { kind: 'skipped', reason: '' },
    kubeErrors: [],
  };
  const chartFile = `${CHART_DIR}/Chart.yaml`;
  const valuesRel = `${CHART_DIR}/values.yaml`;
  const chartRead = readServiceFile(dir, chartFile);
  const chartText = chartRead?.text ?? null;
  if (chartRead?.problem !== undefined) {
    model.problems.push({ file: chartFile, line: 0, message: chartRead.problem });
  } else if (chartText === null) {
    model.problems.push({
      file: chartFile,
      line: 0,
      message: 'the chart has no Chart.yaml: add one (apiVersion: v2, name, version, appVersion)',
    });
  } else {
    try {
      parseYaml(chartText);
    } catch (e) {
      model.problems.push({
        file: chartFile,
        line: 0,
        message: `Chart.yaml is not valid YAML: ${(e as Error).message.split('\n')[0]}`,
      });
    }
  }
  const valuesRead = readServiceFile(dir, valuesRel);
  const valuesText = valuesRead?.text ?? null;
  if (valuesRead?.problem !== undefined) {
    model.problems.push({ file: valuesRel, line: 0, message: valuesRead.problem });
  } else if (valuesText === null) {
    model.problems.push({
      file: valuesRel,
      line: 0,
      message: 'the chart has no values.yaml: add one with the image, probes, securityContext and resources',
    });
  } else {
    const { values, error } = parseValues(valuesText, valuesRel);
    if (error)
      model.problems.push({
        file: valuesRel,
        line: error.line,
        message: `values.yaml is not valid YAML: ${error.message}`,
      });
    model.valuesFile = values;
  }
  const schemaRel = `${CHART_DIR}/values.schema.json`;
  const schemaRead = readServiceFile(dir, schemaRel);
  const schemaText = schemaRead?.text ?? null;
  let schemaBroken = false;
  if (schemaRead?.problem !== undefined) {
    model.problems.push({ file: schemaRel, line: 0, message: schemaRead.problem });
  } else if (schemaText !== null) {
    model.schemaFile = schemaRel;
    if (model.valuesFile) {
      const r = schemaProblems(schemaText, schemaRel, model.valuesFile);
      model.schemaErrors = r.problems;
      schemaBroken = r.broken;
    }
  }
  // helm reads every file of the chart: one that would block it or fill memory is not given to it.
  const read = new Set([chartFile, valuesRel, schemaRel]);
  for (const { file, message } of unsafeEntries(dir, CHART_DIR))
    if (!read.has(file)) model.problems.push({ file, line: 0, message: `${message}; helm would read it` });
  // Without helm that is the one thing to say about rendering, whatever else is wrong.
  const helm = await findWorkingHelm(options);
  if ('kind' in helm) {
    model.render = helm;
    return model;
  }
  model.helm = helm;
  if (model.problems.length > 0) {
    model.render = { kind: 'skipped', reason: 'the chart files have problems' };
  } else if (model.schemaErrors.length > 0 && !schemaBroken) {
    model.render = { kind: 'skipped', reason: 'values.yaml fails values.schema.json (helm would refuse it)' };
  } else {
    const [lint, render] = await Promise.all([
      lintChart(helm, chartAbs, CHART_DIR, options.signal),
      renderChart(helm, chartAbs, CHART_DIR, options.signal),
    ]);
    model.lint = lint;
    model.render = render;
    if (render.kind === 'rendered') model.kubeErrors = await validateManifests(render.manifests);
  }
  return model;
}

async function findWorkingHelm(options: StaticCheckOptions): Promise<HelmTool | RenderOutcome> {
  const skipped =
    'the chart was not linted or rendered, so the checks of the rendered objects (probes, securityContext, ' +
    'resources, image tag, Kubernetes schema) did not run';
  // The caller's choice is no missing tool: say so, without an install hint.
  if (options.helm === false)
    return { kind: 'unavailable', reason: 'missing', message: `helm switched off (helm: false): ${skipped}` };
  const bin = findHelm(options);
  if (!bin)
    return { kind: 'unavailable', reason: 'missing', message: `no helm on PATH: ${skipped}; ${HELM_INSTALL_HINT}` };
  const tool = await helmTool(bin, options.signal);
  // A helm that is there but does not run is an error: the user meant it to check the chart.
  if ('error' in tool)
    return { kind: 'unavailable', reason: 'broken', message: `${tool.error}: ${skipped}; ${HELM_INSTALL_HINT}` };
  return tool;
}
