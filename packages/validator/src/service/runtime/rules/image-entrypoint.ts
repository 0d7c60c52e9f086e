import { ruleMeta } from '../../../core/index.js';
import type { RuntimeRule } from '../types.js';

export const imageEntrypoint: RuntimeRule = {
  stages: ['image'],
  meta: ruleMeta('service', {
    id: 'image-entrypoint',
    severity: 'error',
    docs: 'The built image starts in exec form, which needs no shell.',
    fixable: false,
  }),
  check({ image }, { options, report }) {
    const argv = [...(image?.entrypoint ?? []), ...(image?.cmd ?? [])];
    if (argv[0] !== '/bin/sh' || argv[1] !== '-c') return;
    report({
      ...options.locator.locate('entrypoint'),
      message:
        'the entrypoint is shell form (/bin/sh -c …), which cannot start without a shell: ' +
        'use exec form ["/app/bin", "arg"]',
    });
  },
};
