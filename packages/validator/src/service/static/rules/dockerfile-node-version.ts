import { ruleMeta } from '../../../core/index.js';
import { baseImage } from '../dockerfile.js';
import { versionPair } from '../images.js';
import type { StaticRule } from '../types.js';

export const dockerfileNodeVersion: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-node-version',
    severity: 'error',
    docs:
      "Node: the builder's major version equals the runtime's (node:24 with nodejs24-debian13), or native modules " +
      'and the ABI differ.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const d = ctx.docker;
    if (!d || ctx.language !== 'node' || !d.builder) return;
    const pair = versionPair('node', baseImage(d.builder), baseImage(d.final));
    const bv = pair.builderVersion.version;
    const rv = pair.runtimeVersion.version;
    if (!bv || !rv || bv === rv) return;
    report({
      file: d.file,
      line: d.builder.fromLine,
      message:
        `builder '${pair.builder.raw}' is Node ${bv} but the runtime '${pair.runtime.raw}' is Node ${rv}: ` +
        `use a node:${rv}-trixie-slim builder (or the nodejs${bv} runtime)`,
    });
  },
};
