import { finding } from '../finding.js';
import type { StaticRule } from '../types.js';

export const dockerfileDigestPin: StaticRule = {
  id: 'dockerfile-digest-pin',
  severity: 'warning',
  docs:
    'Every external FROM is pinned by digest (tag@sha256:…), so builds are reproducible and what runs is what was ' +
    'scanned.',
  check(ctx) {
    const d = ctx.docker;
    if (!d) return [];
    return d.stages
      .filter((s) => !s.parent && s.from.raw.toLowerCase() !== 'scratch' && !s.from.digest && !s.from.variable)
      .map((s) =>
        finding(
          this.id,
          this.severity,
          d.file,
          s.fromLine,
          `FROM ${s.from.raw} is not pinned by digest: write ${s.from.raw}@sha256:<digest> (\`crane digest ` +
            `${s.from.raw}\`) and let Renovate move it`,
        ),
      );
  },
};
