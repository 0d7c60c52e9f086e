import { ruleMeta } from '../../../core/index.js';
import { baseImage } from '../dockerfile.js';
import { unknownVersions, versionPair } from '../images.js';
import type { StaticRule } from '../types.js';

export const dockerfilePythonVersionUnknown: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-python-version-unknown',
    severity: 'warning',
    docs:
      "Python: the builder's and the runtime's minor versions can be read from their image references (a tag " +
      'that names the version, or a versioned distroless image), so they can be compared.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const d = ctx.docker;
    if (!d || ctx.language !== 'python' || !d.builder) return;
    const pair = versionPair('python', baseImage(d.builder), baseImage(d.final));
    const why = unknownVersions(pair);
    if (why === null) return;
    report({
      file: d.file,
      line: pair.runtimeVersion.version ? d.builder.fromLine : d.final.fromLine,
      message:
        `cannot tell whether the builder and runtime Python versions match (${why}): pin both images by digest and ` +
        'check that `python3 -V` agrees in both',
    });
  },
};
