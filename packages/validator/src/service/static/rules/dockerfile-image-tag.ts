import { floatingFrom } from '../images.js';
import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const dockerfileImageTag: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-image-tag',
    severity: 'error',
    docs:
      'Every external FROM names a version tag, or pins a digest when only `latest` exists (as hadolint ' +
      'DL3006/DL3007).',
    fixable: false,
  }),
  check(ctx, { report }) {
    const d = ctx.docker;
    if (!d) return;
    for (const s of d.stages) {
      const ref = s.from;
      const floating = floatingFrom(s);
      if (floating === 'untagged') {
        report({
          file: d.file,
          line: s.fromLine,
          message:
            `FROM ${ref.raw} has no tag, so it means latest and moves under you: name a version tag (e.g. ` +
            `${ref.raw}:<version>) and pin its digest (@sha256:<digest>)`,
        });
      } else if (floating === 'latest') {
        report({
          file: d.file,
          line: s.fromLine,
          message:
            `FROM ${ref.raw} uses the floating tag '${ref.tag}': pin the digest (${ref.raw}@sha256:<digest>, from ` +
            `\`crane digest ${ref.raw}\`); Chainguard's free tier only publishes latest, so the digest is the only ` +
            `pin`,
        });
      }
    }
  },
};
