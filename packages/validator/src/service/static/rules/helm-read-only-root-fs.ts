import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';
import { asObj, chartMessage, securityContextAt, workloads } from '../workloads.js';

export const helmReadOnlyRootFs: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-read-only-root-fs',
    severity: 'warning',
    docs: 'Rendered containers set readOnlyRootFilesystem: true (an emptyDir at /tmp where the app writes).',
    fixable: false,
  }),
  check(ctx, { report }) {
    for (const w of workloads(ctx)) {
      for (const c of w.containers) {
        if (asObj(c.securityContext)?.readOnlyRootFilesystem === true) continue;
        const l = securityContextAt(ctx, w, 'readOnlyRootFilesystem', 'container', (v) => v === true);
        report({
          file: l.file,
          line: l.line,
          message:
            `${w.kind} ${w.name}, container ${String(c.name)}: ` +
            chartMessage(
              l,
              'readOnlyRootFilesystem is not true',
              'set it, and mount an emptyDir at /tmp if the app writes temp files',
            ),
        });
      }
    }
  },
};
