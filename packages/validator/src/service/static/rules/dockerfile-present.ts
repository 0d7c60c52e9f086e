import type { StaticRule } from '../types.js';

export const dockerfilePresent: StaticRule = {
  id: 'dockerfile-present',
  severity: 'error',
  docs: 'The service has a Dockerfile with at least one FROM.',
  check(ctx) {
    return ctx.dockerProblem ? [ctx.dockerProblem] : [];
  },
};
