import { ruleMeta } from '../../../core/index.js';
import type { RuntimeRule } from '../types.js';

export const probeReadyz: RuntimeRule = {
  stages: ['ready', 'drain'],
  meta: ruleMeta('service', {
    id: 'probe-readyz',
    severity: 'error',
    docs: '/readyz answers 200 once the service is ready.',
    fixable: false,
  }),
  check({ ready, drain }, { options, report }) {
    // Before the drain: readiness never came. During it: /readyz answered otherwise before SIGTERM.
    if (ready?.error && !drain)
      report({ ...options.locator.locate('readyz'), message: `${ready.error.message}\n${ready.logs}` });
    else if (drain && drain.report.readyBefore !== 200)
      report({
        ...options.locator.locate('readyz'),
        message: `/readyz answered ${drain.report.readyBefore} before SIGTERM`,
      });
  },
};
