import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';
import { asObj, chartMessage, locate, missingResources, workloads } from '../workloads.js';

export const helmCpuLimit: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-cpu-limit',
    severity: 'warning',
    docs: 'Rendered containers set a CPU limit (kube-score and Polaris ask for one; throttling is a trade-off).',
    fixable: false,
  }),
  check(ctx, { report }) {
    for (const w of workloads(ctx)) {
      for (const c of w.containers) {
        const res = asObj(c.resources) ?? {};
        // While required resources are missing, helm-resources points there; one change at a time.
        if (missingResources(res).length > 0 || asObj(res.limits)?.cpu !== undefined) continue;
        // values.yaml's limits (or its limits.cpu) are right when they set a CPU limit: then the template
        // does not use it.
        const l = locate(
          ctx,
          [
            ['resources', 'limits', 'cpu'],
            ['resources', 'limits'],
          ],
          w.manifest,
          /^\s*resources:/,
          (v) => (asObj(v) ? asObj(v)!.cpu != null : v != null),
        );
        report({
          file: l.file,
          line: l.line,
          message:
            `${w.kind} ${w.name}, container ${String(c.name)} ` +
            chartMessage(l, 'has no CPU limit', 'consider limits.cpu (kube-score and Polaris ask for it)'),
        });
      }
    }
  },
};
