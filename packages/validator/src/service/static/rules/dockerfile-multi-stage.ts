import { finding } from '../finding.js';
import type { StaticRule } from '../types.js';

export const dockerfileMultiStage: StaticRule = {
  id: 'dockerfile-multi-stage',
  severity: 'error',
  docs: 'The Dockerfile is multi-stage: a builder stage with the toolchain, a final stage with only the artifact.',
  check(ctx) {
    const d = ctx.docker;
    if (!d || d.stages.length > 1) return [];
    return [
      finding(
        this.id,
        this.severity,
        d.file,
        d.final.fromLine,
        'single-stage build: build in a builder stage (FROM <toolchain image> AS build) and COPY --from=build only ' +
          'the artifact into a distroless final stage',
      ),
    ];
  },
};
