import { ruleMeta } from '../../../core/index.js';
import { CHART_DIR } from '../chart.js';
import type { StaticRule } from '../types.js';

export const helmChartPresent: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-chart-present',
    severity: 'warning',
    docs: 'The service has a Helm chart in deploy/chart; without one, the Helm checks are skipped.',
    fixable: false,
  }),
  check(ctx, { report }) {
    if (ctx.chart) return;
    report({
      file: CHART_DIR,
      line: 0,
      message:
        'no Helm chart in deploy/chart: the Helm checks (values schema, probes, securityContext, resources, ' +
        'rendering) were skipped; add the chart the generator writes',
    });
  },
};
