import { ruleMeta } from '../../../core/index.js';
import type { RuntimeRule } from '../types.js';

export const debugSlowEndpoint: RuntimeRule = {
  stages: ['drain'],
  meta: ruleMeta('service', {
    id: 'debug-slow-endpoint',
    severity: 'warning',
    docs:
      'With DEBUG_ENDPOINTS=true the service serves GET /debug/slow, ' +
      'so draining a request in flight can be checked.',
    fixable: false,
  }),
  check({ drain }, { options, report }) {
    if (drain?.report.slowStatus !== 404) return;
    report({
      ...options.locator.locate('sigterm'),
      message: 'no GET /debug/slow with DEBUG_ENDPOINTS=true: in-flight draining was not checked',
    });
  },
};
