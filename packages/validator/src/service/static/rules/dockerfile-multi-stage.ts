import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const dockerfileMultiStage: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-multi-stage',
    severity: 'error',
    docs: 'The Dockerfile is multi-stage: a builder stage with the toolchain, a final stage with only the artifact.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const d = ctx.docker;
    if (!d || d.stages.length > 1) return;
    report({
      file: d.file,
      line: d.final.fromLine,
      message:
        'single-stage build: build in a builder stage (FROM <toolchain image> AS build) and COPY --from=build only ' +
        'the artifact into a distroless final stage',
    });
  },
};
