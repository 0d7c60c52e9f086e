import { finding } from '../finding.js';
import type { StaticRule } from '../types.js';
import { workloads } from '../workloads.js';

export const helmRender: StaticRule = {
  id: 'helm-render',
  severity: 'error',
  docs:
    "The chart renders with the user's helm (`helm template`) and yields a workload; no helm is a warning saying " +
    'how to install it.',
  check(ctx) {
    const c = ctx.chart;
    if (!c) return [];
    const r = c.render;
    if (r.kind === 'unavailable') return [finding(this.id, r.severity, `${c.dir}/Chart.yaml`, 0, r.message)];
    if (r.kind === 'failed') {
      return [
        finding(
          this.id,
          this.severity,
          r.file,
          r.line,
          `the chart does not render (helm template, helm ${r.tool.version}): ${r.message}`,
        ),
      ];
    }
    if (r.kind === 'rendered' && workloads(ctx).length === 0 && r.yamlErrors.length === 0) {
      return [
        finding(
          this.id,
          this.severity,
          `${c.dir}/templates`,
          0,
          'the chart renders no Deployment (or other pod workload): add templates/deployment.yaml',
        ),
      ];
    }
    return [];
  },
};
