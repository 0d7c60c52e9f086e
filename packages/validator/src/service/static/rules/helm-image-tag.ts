import { parseImageRef } from '../dockerfile.js';
import { isLatestTag } from '../images.js';
import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';
import { locate, workloads } from '../workloads.js';

export const helmImageTag: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-image-tag',
    severity: 'error',
    docs: 'Rendered container images name a version tag or digest, never `latest` or nothing.',
    fixable: false,
  }),
  check(ctx, { report }) {
    for (const w of workloads(ctx)) {
      for (const c of [...w.containers]) {
        if (typeof c.image !== 'string') continue;
        const ref = parseImageRef(c.image);
        if (ref.digest) continue;
        if (!ref.tag || isLatestTag(ref.tag) || ref.tag === '') {
          const l = locate(ctx, [['image', 'tag'], ['image']], w.manifest, /^\s*image:/);
          report({
            file: l.file,
            line: l.line,
            message:
              `${w.kind} ${w.name}, container ${String(c.name)} runs '${c.image}': ` +
              `${ref.tag ? `'${ref.tag}' moves` : 'no tag means latest'}; ` +
              'set image.tag to the release version (or image.digest to sha256:…)',
          });
        }
      }
    }
  },
};
