import { ruleMeta } from '../../../core/index.js';
import type { RuntimeRule } from '../types.js';

export const imageUser: RuntimeRule = {
  stages: ['image'],
  meta: ruleMeta('service', {
    id: 'image-user',
    severity: 'error',
    docs: 'The built image runs as the nonroot user 65532.',
    fixable: false,
  }),
  check({ image }, { options, report }) {
    if (!image || /^65532(:65532)?$/.test(image.user)) return;
    report({
      ...options.locator.locate('user'),
      message: `the image runs as user "${image.user || 'root (unset)'}"; set USER 65532:65532 in the final stage`,
    });
  },
};
