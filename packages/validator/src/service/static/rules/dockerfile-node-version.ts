import { baseImage } from '../dockerfile.js';
import { nodeBuilderMajor, nodeRuntimeMajor } from '../images.js';
import { finding } from '../finding.js';
import type { StaticRule } from '../types.js';

export const dockerfileNodeVersion: StaticRule = {
  id: 'dockerfile-node-version',
  severity: 'error',
  docs:
    "Node: the builder's major version equals the runtime's (node:24 with nodejs24-debian13), or native modules " +
    'and the ABI differ.',
  check(ctx) {
    const d = ctx.docker;
    if (!d || ctx.language !== 'node' || !d.builder) return [];
    const runtime = baseImage(d.final);
    const builder = baseImage(d.builder);
    const rv = nodeRuntimeMajor(runtime);
    const bv = nodeBuilderMajor(builder);
    if (rv.version && bv.version) {
      if (rv.version === bv.version) return [];
      return [
        finding(
          this.id,
          this.severity,
          d.file,
          d.builder.fromLine,
          `builder '${builder.raw}' is Node ${bv.version} but the runtime '${runtime.raw}' is Node ${rv.version}: ` +
            `use a node:${rv.version}-trixie-slim builder (or the nodejs${bv.version} runtime)`,
        ),
      ];
    }
    const why = [rv.unknown && `runtime: ${rv.unknown}`, bv.unknown && `builder: ${bv.unknown}`]
      .filter(Boolean)
      .join('; ');
    return [
      finding(
        this.id,
        'warning',
        d.file,
        rv.version ? d.builder.fromLine : d.final.fromLine,
        `cannot tell whether the builder and runtime Node majors match (${why}): pin both images by digest and ` +
          `check that \`node -v\` agrees in both`,
      ),
    ];
  },
};
