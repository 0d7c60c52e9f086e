import { floatingFrom } from '../images.js';
import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const dockerfileDigestPin: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-digest-pin',
    severity: 'warning',
    docs:
      'Every external FROM is pinned by digest (tag@sha256:…), so builds are reproducible and what runs is what was ' +
      'scanned. A FROM with no tag or a latest tag is left to the dockerfile-image-tag error.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const d = ctx.docker;
    if (!d) return;
    for (const s of d.stages) {
      if (s.parent || s.from.raw.toLowerCase() === 'scratch' || s.from.digest || s.from.variable) continue;
      // A floating FROM is already a dockerfile-image-tag error, whose message asks for the digest too.
      if (floatingFrom(s)) continue;
      report({
        file: d.file,
        line: s.fromLine,
        message:
          `FROM ${s.from.raw} is not pinned by digest: write ${s.from.raw}@sha256:<digest> (\`crane digest ` +
          `${s.from.raw}\`) and let Renovate move it`,
      });
    }
  },
};
