import { ruleMeta } from '../../../core/index.js';
import { baseImage } from '../dockerfile.js';
import { versionPair } from '../images.js';
import type { StaticRule } from '../types.js';

export const dockerfilePythonVersion: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-python-version',
    severity: 'error',
    docs:
      "Python: the builder's minor version equals the runtime's (python3-debian13 is 3.13), or copied bytecode and " +
      'venvs break.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const d = ctx.docker;
    if (!d || ctx.language !== 'python' || !d.builder) return;
    const pair = versionPair('python', baseImage(d.builder), baseImage(d.final));
    const bv = pair.builderVersion.version;
    const rv = pair.runtimeVersion.version;
    if (!bv || !rv || bv === rv) return;
    report({
      file: d.file,
      line: d.builder.fromLine,
      message:
        `builder '${pair.builder.raw}' is Python ${bv} but the runtime '${pair.runtime.raw}' is Python ${rv}: ` +
        `use a python:${rv}-slim builder (or a runtime with ${bv})`,
    });
  },
};
