import { ruleMeta } from '../../../core/index.js';
import type { RuntimeRule } from '../types.js';

export const imageNoShell: RuntimeRule = {
  stages: ['image'],
  meta: ruleMeta('service', {
    id: 'image-no-shell',
    severity: 'error',
    docs: 'The built image has no /bin/sh.',
    fixable: false,
  }),
  check({ image }, { options, report }) {
    if (!image?.shell) return;
    report({
      ...options.locator.locate('final-from'),
      message: '/bin/sh runs in the image: the final stage is not distroless (no shell, no package manager)',
    });
  },
};
