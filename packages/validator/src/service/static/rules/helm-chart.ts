import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const helmChart: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-chart',
    severity: 'error',
    docs:
      'The chart in deploy/chart has a Chart.yaml and a values.yaml that are readable YAML, and no file helm ' +
      'would read is a FIFO, device, link out of the service directory or larger than 4 MiB.',
    fixable: false,
  }),
  check(ctx, { report }) {
    for (const p of ctx.chart?.problems ?? []) report(p);
  },
};
