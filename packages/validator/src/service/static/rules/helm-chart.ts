import { finding } from '../finding.js';
import type { StaticRule } from '../types.js';

export const helmChart: StaticRule = {
  id: 'helm-chart',
  severity: 'error',
  docs: 'A Helm chart exists in deploy/chart with a readable Chart.yaml and values.yaml (its absence is a warning).',
  check(ctx) {
    if (!ctx.chart) {
      return [
        finding(
          this.id,
          'warning',
          'deploy/chart',
          0,
          'no Helm chart in deploy/chart: the Helm checks (values schema, probes, securityContext, resources, ' +
            'rendering) were skipped; add the chart the generator writes',
        ),
      ];
    }
    return ctx.chart.problems;
  },
};
