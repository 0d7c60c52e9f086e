import { finding } from '../finding.js';
import type { Finding } from '../../types.js';
import type { StaticRule } from '../types.js';
import { asObj, locate, workloads } from '../workloads.js';

// A CPU limit is optional (throttling is a trade-off); memory limits and both requests are not.
const REQUIRED: [string, string][] = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'memory'],
];

export const helmResources: StaticRule = {
  id: 'helm-resources',
  severity: 'error',
  docs: 'Rendered containers set resources: requests (cpu, memory) and limits (memory); a CPU limit is recommended.',
  check(ctx) {
    const out: Finding[] = [];
    for (const w of workloads(ctx)) {
      for (const c of w.containers) {
        const res = asObj(c.resources) ?? {};
        const missing = REQUIRED.filter(([kind, r]) => asObj(res[kind])?.[r] === undefined).map(
          ([k, r]) => `${k}.${r}`,
        );
        const name = `${w.kind} ${w.name}, container ${String(c.name)}`;
        if (missing.length > 0) {
          const first = missing[0]!.split('.');
          const l = locate(
            ctx,
            [['resources', first[0]!, first[1]!], ['resources', first[0]!], ['resources']],
            w.manifest,
            /^\s*resources:/,
          );
          out.push(
            finding(
              this.id,
              this.severity,
              l.file,
              l.line,
              `${name} has no resources ${missing.join(', ')}: set them (e.g. requests cpu 50m, memory 64Mi; ` +
                `limits memory 128Mi) so the scheduler can place it and a leak cannot starve the node`,
            ),
          );
        } else if (asObj(res.limits)?.cpu === undefined) {
          const l = locate(ctx, [['resources', 'limits']], w.manifest, /^\s*resources:/);
          out.push(
            finding(
              this.id,
              'warning',
              l.file,
              l.line,
              `${name} has no CPU limit: consider limits.cpu (kube-score and Polaris ask for it)`,
            ),
          );
        }
      }
    }
    return out;
  },
};
