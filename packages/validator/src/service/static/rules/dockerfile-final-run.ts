import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const dockerfileFinalRun: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-final-run',
    severity: 'error',
    docs: 'No RUN (or SHELL) in the final stage: a distroless image has no shell or tools, so it fails to build.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const d = ctx.docker;
    if (!d || d.stages.length < 2) return;
    for (const i of d.final.instructions) {
      if (i.keyword !== 'RUN' && i.keyword !== 'SHELL') continue;
      report({
        file: d.file,
        line: i.line,
        message:
          `${i.keyword} in the final stage: the runtime image has no shell or tools; move this step to the builder ` +
          `stage and COPY --from=<builder> its result`,
      });
    }
  },
};
