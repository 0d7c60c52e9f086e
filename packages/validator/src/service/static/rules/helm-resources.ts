import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';
import { asObj, chartMessage, locate, missingResources, valuesValue, workloads } from '../workloads.js';

export const helmResources: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-resources',
    severity: 'error',
    docs: 'Rendered containers set resources: requests (cpu, memory) and limits (memory).',
    fixable: false,
  }),
  check(ctx, { report }) {
    for (const w of workloads(ctx)) {
      for (const c of w.containers) {
        const res = asObj(c.resources) ?? {};
        const missing = missingResources(res);
        const name = `${w.kind} ${w.name}, container ${String(c.name)}`;
        if (missing.length > 0) {
          // values.yaml is at fault for a missing resource it lacks too (point at the first such one);
          // when it sets every one the container lacks, the template does not use .Values.resources.
          const set = (m: string) => valuesValue(ctx, ['resources', ...m.split('.')]) != null;
          const first = (missing.find((m) => !set(m)) ?? missing[0]!).split('.');
          const l = locate(
            ctx,
            [['resources', first[0]!, first[1]!], ['resources', first[0]!], ['resources']],
            w.manifest,
            /^\s*resources:/,
            missing.every(set) ? () => true : undefined,
          );
          report({
            file: l.file,
            line: l.line,
            message:
              `${name} ` +
              chartMessage(
                l,
                `has no resources ${missing.join(', ')}`,
                'set them (e.g. requests cpu 50m, memory 64Mi; limits memory 128Mi) so the scheduler can place ' +
                  'it and a leak cannot starve the node',
                { them: missing.length > 1 },
              ),
          });
        }
      }
    }
  },
};
