import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const helmValuesSchemaPresent: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-values-schema-present',
    severity: 'warning',
    docs: 'The chart has a values.schema.json, so helm rejects typos and weakened security settings in values.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const c = ctx.chart;
    if (!c || !c.valuesFile || c.schemaFile) return;
    report({
      file: `${c.dir}/values.schema.json`,
      line: 0,
      message:
        'the chart has no values.schema.json: add one with additionalProperties: false, so helm rejects typos ' +
        'such as `iamge` and weakened security settings',
    });
  },
};
