import { ruleMeta } from '../../../core/index.js';
import type { RuntimeRule } from '../types.js';

export const probeHealthz: RuntimeRule = {
  stages: ['drain'],
  meta: ruleMeta('service', {
    id: 'probe-healthz',
    severity: 'error',
    docs: '/healthz answers 200 while the process runs.',
    fixable: false,
  }),
  check({ drain }, { options, report }) {
    if (!drain || drain.report.healthBefore === 200) return;
    report({
      ...options.locator.locate('healthz'),
      message: `/healthz answered ${drain.report.healthBefore}; it must answer 200 while the process runs`,
    });
  },
};
