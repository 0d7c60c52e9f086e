import { ruleMeta } from '../../../core/index.js';
import { isDynamicElf } from '../../elf.js';
import { parseImageRef } from '../../static/dockerfile.js';
import { isStaticBase } from '../../static/images.js';
import type { RuntimeRule } from '../types.js';

export const goStaticBinary: RuntimeRule = {
  stages: ['build'],
  meta: ruleMeta('service', {
    id: 'go-static-binary',
    severity: 'error',
    docs: 'A Go binary for a static base (no libc) is statically linked.',
    fixable: false,
  }),
  check({ build, facts }, { options, report }) {
    const image = facts.runtimeImage;
    if (!build?.artifact || build.error || !image || !isStaticBase(parseImageRef(image))) return;
    if (!isDynamicElf(build.artifact)) return;
    report({
      ...options.locator.locate('cgo'),
      message:
        `the binary is dynamically linked (cgo), but ${image} has no libc or loader: ` +
        'it fails with "no such file or directory"; build with CGO_ENABLED=0',
    });
  },
};
