import { finding } from '../finding.js';
import type { StaticRule } from '../types.js';

export const helmValuesSchema: StaticRule = {
  id: 'helm-values-schema',
  severity: 'error',
  docs: 'values.yaml validates against values.schema.json (ajv), so typos and unsafe values fail before install.',
  check(ctx) {
    const c = ctx.chart;
    if (!c || !c.valuesFile) return [];
    if (!c.schemaFile) {
      return [
        finding(
          this.id,
          'warning',
          `${c.dir}/values.schema.json`,
          0,
          'the chart has no values.schema.json: add one with additionalProperties: false, so helm rejects typos ' +
            'such as `iamge` and weakened security settings',
        ),
      ];
    }
    return c.schemaErrors;
  },
};
