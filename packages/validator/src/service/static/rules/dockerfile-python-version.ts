import { ruleMeta } from '../../../core/index.js';
import { versionMismatchCheck } from '../language-version.js';
import type { StaticRule } from '../types.js';

export const dockerfilePythonVersion: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-python-version',
    severity: 'error',
    docs:
      "Python: the builder's minor version equals the runtime's (python3-debian13 is 3.13), or copied bytecode and " +
      'venvs break.',
    fixable: false,
  }),
  check: versionMismatchCheck('python'),
};
