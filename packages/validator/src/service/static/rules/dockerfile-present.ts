import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const dockerfilePresent: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-present',
    severity: 'error',
    docs: 'The service has a Dockerfile, a regular text file inside the service directory, with at least one FROM.',
    fixable: false,
  }),
  check(ctx, { report }) {
    if (ctx.dockerProblem) report({ file: 'Dockerfile', line: 0, message: ctx.dockerProblem });
  },
};
