import { ruleMeta } from '../../../core/index.js';
import { versionUnknownCheck } from '../language-version.js';
import type { StaticRule } from '../types.js';

export const dockerfilePythonVersionUnknown: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-python-version-unknown',
    severity: 'warning',
    docs:
      "Python: the builder's and the runtime's minor versions can be read from their image references (a tag " +
      'that names the version, or a versioned distroless image), so they can be compared.',
    fixable: false,
  }),
  check: versionUnknownCheck('python'),
};
