import { finding } from '../finding.js';
import type { StaticRule } from '../types.js';

export const dockerfileFinalRun: StaticRule = {
  id: 'dockerfile-final-run',
  severity: 'error',
  docs: 'No RUN (or SHELL) in the final stage: a distroless image has no shell or tools, so it fails to build.',
  check(ctx) {
    const d = ctx.docker;
    if (!d || d.stages.length < 2) return [];
    return d.final.instructions
      .filter((i) => i.keyword === 'RUN' || i.keyword === 'SHELL')
      .map((i) =>
        finding(
          this.id,
          this.severity,
          d.file,
          i.line,
          `${i.keyword} in the final stage: the runtime image has no shell or tools; move this step to the builder ` +
            `stage and COPY --from=<builder> its result`,
        ),
      );
  },
};
