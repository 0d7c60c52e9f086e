import { ruleMeta } from '../../../core/index.js';
import { versionMismatchCheck } from '../language-version.js';
import type { StaticRule } from '../types.js';

export const dockerfileNodeVersion: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-node-version',
    severity: 'error',
    docs:
      "Node: the builder's major version equals the runtime's (node:24 with nodejs24-debian13), or native modules " +
      'and the ABI differ.',
    fixable: false,
  }),
  check: versionMismatchCheck('node'),
};
