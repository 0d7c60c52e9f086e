import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';
import { workloads } from '../workloads.js';

export const helmRender: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-render',
    severity: 'error',
    docs:
      "The chart renders with the user's helm (`helm template`) and yields a workload; a helm that is there but " +
      'does not run counts as not rendering.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const c = ctx.chart;
    if (!c) return;
    const r = c.render;
    if (r.kind === 'unavailable' && r.reason === 'broken') {
      report({ file: `${c.dir}/Chart.yaml`, line: 0, message: r.message });
    } else if (r.kind === 'failed') {
      report({
        file: r.file,
        line: r.line,
        message: `the chart does not render (helm template, helm ${r.tool.version}): ${r.message}`,
      });
    } else if (r.kind === 'rendered' && workloads(ctx).length === 0 && r.yamlErrors.length === 0) {
      report({
        file: `${c.dir}/templates`,
        line: 0,
        message: 'the chart renders no Deployment (or other pod workload): add templates/deployment.yaml',
      });
    }
  },
};
