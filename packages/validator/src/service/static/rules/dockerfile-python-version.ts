import { baseImage } from '../dockerfile.js';
import { pythonBuilderVersion, pythonRuntimeVersion } from '../images.js';
import { finding } from '../finding.js';
import type { StaticRule } from '../types.js';

export const dockerfilePythonVersion: StaticRule = {
  id: 'dockerfile-python-version',
  severity: 'error',
  docs:
    "Python: the builder's minor version equals the runtime's (python3-debian13 is 3.13), or copied bytecode and " +
    'venvs break.',
  check(ctx) {
    const d = ctx.docker;
    if (!d || ctx.language !== 'python' || !d.builder) return [];
    const runtime = baseImage(d.final);
    const builder = baseImage(d.builder);
    const rv = pythonRuntimeVersion(runtime);
    const bv = pythonBuilderVersion(builder);
    if (rv.version && bv.version) {
      if (rv.version === bv.version) return [];
      return [
        finding(
          this.id,
          this.severity,
          d.file,
          d.builder.fromLine,
          `builder '${builder.raw}' is Python ${bv.version} but the runtime '${runtime.raw}' is Python ` +
            `${rv.version}: use a python:${rv.version}-slim builder (or a runtime with ${bv.version})`,
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
        `cannot tell whether the builder and runtime Python versions match (${why}): pin both images by digest and ` +
          `check that \`python3 -V\` agrees in both`,
      ),
    ];
  },
};
