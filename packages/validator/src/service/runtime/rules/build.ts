import { ruleMeta } from '../../../core/index.js';
import type { RuntimeRule } from '../types.js';

export const build: RuntimeRule = {
  stages: ['build'],
  meta: ruleMeta('service', {
    id: 'build',
    severity: 'error',
    docs: "The image builds: every builder step, the service's own tests included, succeeds.",
    fixable: false,
  }),
  check({ build }, { options, report }) {
    const error = build?.error;
    if (!error) return;
    report({
      ...options.locator.locate('build', error.step),
      message: `${error.message}${error.output ? `\n${error.output}` : ''}`,
    });
  },
};
