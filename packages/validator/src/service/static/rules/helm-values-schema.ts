import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const helmValuesSchema: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-values-schema',
    severity: 'error',
    docs: 'values.yaml validates against values.schema.json (ajv), so typos and unsafe values fail before install.',
    fixable: false,
  }),
  check(ctx, { report }) {
    for (const p of ctx.chart?.schemaErrors ?? []) report(p);
  },
};
