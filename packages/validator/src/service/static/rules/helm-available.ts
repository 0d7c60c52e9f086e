import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const helmAvailable: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-available',
    severity: 'warning',
    docs:
      'A helm is on PATH (or given with --helm) to lint and render the chart; without one the checks of the ' +
      'rendered objects are skipped, and the finding says how to install it.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const c = ctx.chart;
    if (c?.render.kind === 'unavailable' && c.render.reason === 'missing')
      report({ file: `${c.dir}/Chart.yaml`, line: 0, message: c.render.message });
  },
};
