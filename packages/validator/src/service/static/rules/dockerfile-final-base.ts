import { DEFAULT_ALLOWED_BASES, isAllowedBase } from '../images.js';
import { baseImage } from '../dockerfile.js';
import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const dockerfileFinalBase: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-final-base',
    severity: 'error',
    docs: 'The final stage builds FROM an allowed minimal base (default: gcr.io/distroless/ or cgr.dev/chainguard/).',
    fixable: false,
  }),
  check(ctx, { report }) {
    const d = ctx.docker;
    if (!d) return;
    const allowed = ctx.options.allowedBases ?? DEFAULT_ALLOWED_BASES;
    const ref = baseImage(d.final);
    if (ref.variable || isAllowedBase(ref, allowed)) return;
    report({
      file: d.file,
      line: d.final.fromLine,
      message:
        `final stage is FROM '${ref.raw}', not a minimal base: ` +
        `use one of ${allowed.map((a) => `'${a}…'`).join(', ')} ` +
        '(e.g. gcr.io/distroless/static-debian13:nonroot), or allow it with allowedBases',
    });
  },
};
