import { finding } from '../finding.js';
import type { StaticRule } from '../types.js';
import { workloads } from '../workloads.js';

export const helmRender: StaticRule = {
  id: 'helm-render',
  severity: 'error',
  docs: 'The chart renders (helm template, or the bundled Go renderer) and yields a workload; a missing renderer is a warning.',
  check(ctx) {
    const c = ctx.chart;
    if (!c) return [];
    const r = c.render;
    const chartFile = `${c.dir}/Chart.yaml`;
    if (r.kind === 'unavailable') {
      return [
        finding(
          this.id,
          'warning',
          chartFile,
          0,
          `the chart was not rendered, so the Deployment checks did not run: ${r.message}`,
        ),
      ];
    }
    if (r.kind === 'failed')
      return [finding(this.id, this.severity, r.file, r.line, `the chart does not render (${r.tool}): ${r.message}`)];
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
