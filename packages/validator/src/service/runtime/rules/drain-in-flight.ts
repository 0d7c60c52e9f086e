import { ruleMeta } from '../../../core/index.js';
import type { RuntimeRule } from '../types.js';

export const drainInFlight: RuntimeRule = {
  stages: ['drain'],
  meta: ruleMeta('service', {
    id: 'drain-in-flight',
    severity: 'error',
    docs: 'A request in flight at SIGTERM completes before the service exits.',
    fixable: false,
  }),
  check({ drain }, { options, report }) {
    const r = drain?.report;
    // 404: no /debug/slow to hold a request open, reported by debug-slow-endpoint.
    if (!r || r.slowStatus === 200 || r.slowStatus === 404) return;
    report({
      ...options.locator.locate('sigterm'),
      message:
        `the request in flight at SIGTERM did not complete (${r.slowError ?? r.slowStatus}); ` +
        'let in-flight requests finish before exiting',
    });
  },
};
