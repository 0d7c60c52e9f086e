import { ruleMeta } from '../../../core/index.js';
import type { RuntimeRule } from '../types.js';

export const start: RuntimeRule = {
  stages: ['start'],
  meta: ruleMeta('service', {
    id: 'start',
    severity: 'error',
    docs: 'The service starts under the restricted profile (read-only root, user 65532, no capabilities).',
    fixable: false,
  }),
  check({ start }, { options, report }) {
    const error = start?.error;
    if (!error) return;
    report({
      ...options.locator.locate('entrypoint'),
      message: `the service did not start: ${error.message}${error.output ? `\n${error.output}` : ''}`,
    });
  },
};
