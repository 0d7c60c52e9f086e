import { ruleMeta } from '../../../core/index.js';
import { baseImage } from '../dockerfile.js';
import { unknownVersions, versionPair } from '../images.js';
import type { StaticRule } from '../types.js';

export const dockerfileNodeVersionUnknown: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-node-version-unknown',
    severity: 'warning',
    docs:
      "Node: the builder's and the runtime's major versions can be read from their image references (a tag " +
      'that names the version, or a versioned distroless image), so they can be compared.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const d = ctx.docker;
    if (!d || ctx.language !== 'node' || !d.builder) return;
    const pair = versionPair('node', baseImage(d.builder), baseImage(d.final));
    const why = unknownVersions(pair);
    if (why === null) return;
    report({
      file: d.file,
      line: pair.runtimeVersion.version ? d.builder.fromLine : d.final.fromLine,
      message:
        `cannot tell whether the builder and runtime Node majors match (${why}): pin both images by digest and ` +
        'check that `node -v` agrees in both',
    });
  },
};
